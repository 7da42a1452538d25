import { defineRule } from '../types';
import { relationName } from '../../parse/ast';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'require-concurrent-index-creation',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'CREATE INDEX without CONCURRENTLY on an existing table blocks all writes to it while the index builds.',
      why:
        'A plain `CREATE INDEX` takes a SHARE lock on the table: reads continue, but every INSERT, UPDATE and DELETE ' +
        'waits until the whole index is built, which on a large table can take minutes. Queued writers then block ' +
        'readers behind them in the lock queue.',
      instead:
        'Use `CREATE INDEX CONCURRENTLY`: it takes a SHARE UPDATE EXCLUSIVE lock that lets reads and writes continue. ' +
        'It cannot run inside a transaction block, scans the table twice, and leaves an INVALID index behind if it ' +
        'fails (drop it and retry). Tables created earlier in the same file are new and empty, so they are not reported.',
      bad: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);',
      good: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\n\nCREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX invoices_customer_id_idx ON invoices (customer_id);',
      fixed: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      IndexStmt(node, { statement, facts }) {
        if (node.concurrent || !node.relation || context.file.isNewRelation(node.relation, statement.index)) return;
        const head = statement.rangeOfWords(['CREATE', 'INDEX']);
        const table = relationName(node.relation);
        const inTransaction = facts.inTransaction;
        context.report({
          range: head,
          message:
            `CREATE INDEX on ${table} blocks writes to it until the index is built; use CREATE INDEX CONCURRENTLY` +
            (inTransaction ? ' (outside the transaction block: CONCURRENTLY cannot run inside one).' : '.'),
          fixes: [{ title: 'Add CONCURRENTLY', edits: [{ range: { start: head.end, end: head.end }, newText: ' CONCURRENTLY' }], preferred: !inTransaction }],
        });
      },
    };
  },
});
