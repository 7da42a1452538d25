import { defineRule } from '../types';
import { quoteIdentifier } from '../../knowledge/naming';
import { isPgDumpOutput } from './support/pg-dump';
import { relationSql } from './support/edits';
import { dropIndexConcurrently, outsideTransaction } from './support/outside-transaction';

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
        'fails (drop it and retry). Where the migration tool runs the file in a transaction, CONCURRENTLY alone would ' +
        'fail: the message says where the statement must go for that tool, and the fix adds the tool\'s switch when ' +
        'the index is alone in its part of the file (`-- +goose NO TRANSACTION`, dbmate `transaction:false`, ' +
        '`-- atlas:txmode none`, Liquibase `runInTransaction:false`) or moves it to a new migration of its own ' +
        '(see ban-concurrent-index-creation-in-transaction). Tables created earlier in the same file are new and ' +
        'empty, so they are not reported.',
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
        const table = relationSql(node.relation);
        const index = node.idxname ? `index ${quoteIdentifier(node.idxname)}` : 'an index';
        const down = node.idxname ? dropIndexConcurrently(node.relation.schemaname, node.idxname) : undefined;
        const placement = outsideTransaction(context, statement, facts, {
          edit: { range: { start: head.end, end: head.end }, newText: ' CONCURRENTLY' },
          name: `create index ${node.idxname ?? node.relation.relname ?? ''} concurrently`,
          ...(down ? { down } : {}),
          ...(node.idxname ? { names: [node.idxname] } : {}),
        });
        context.report({
          range: head,
          message: `Building ${index} on ${table} blocks writes to ${table} until it is built; use CREATE INDEX CONCURRENTLY${placement.advice}.`,
          fixes: placement.fixes,
        });
      },
    };
  },
});
