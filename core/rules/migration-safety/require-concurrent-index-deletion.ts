import { defineRule } from '../types';
import { isPgDumpOutput } from './support/pg-dump';
import { isNewObject } from './support/new-relations';
import { droppedNames, outsideTransaction } from './support/outside-transaction';

export default defineRule({
  meta: {
    id: 'require-concurrent-index-deletion',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the index\'s table.',
      why:
        'A plain `DROP INDEX` locks the table the index belongs to in ACCESS EXCLUSIVE mode: while it waits for running ' +
        'queries to finish, every new query on the table, reads included, queues behind it. Dropping the index itself ' +
        'is quick; the wait in the lock queue is what causes the outage.',
      instead:
        'Use `DROP INDEX CONCURRENTLY`: it waits for transactions that use the index without blocking other queries. ' +
        'It drops one index per statement, cannot use CASCADE and cannot run inside a transaction block (the fix ' +
        'follows the migration tool, as for require-concurrent-index-creation). Indexes ' +
        'created earlier in the same file and down migrations are not reported.',
      bad: 'DROP INDEX orders_customer_id_idx;',
      good:
        'DROP INDEX CONCURRENTLY IF EXISTS orders_customer_id_idx;\n\n' +
        'CREATE INDEX CONCURRENTLY invoices_customer_id_idx ON invoices (customer_id);\nDROP INDEX invoices_customer_id_idx;',
      fixed: 'DROP INDEX CONCURRENTLY orders_customer_id_idx;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      DropStmt(node, { statement, facts }) {
        if (node.removeType !== 'OBJECT_INDEX' || node.concurrent || facts.downMigration) return;
        const names = droppedNames(node);
        const existing = names.filter((n) => !isNewObject(context.document, context.file, n.name, statement.index));
        if (existing.length === 0) return;
        const head = statement.rangeOfWords(['DROP', 'INDEX']);
        // CONCURRENTLY drops a single index and refuses CASCADE.
        const canFix = names.length === 1 && node.behavior !== 'DROP_CASCADE';
        const placement = outsideTransaction(context, statement, facts, {
          edit: { range: { start: head.end, end: head.end }, newText: ' CONCURRENTLY' },
          name: `drop index ${names.map((n) => n.name).join(' ')} concurrently`,
          names: names.map((n) => n.name.slice(n.name.lastIndexOf('.') + 1)),
        });
        const shown = existing.map((n) => n.sql).join(', ');
        context.report({
          range: head,
          message:
            `Dropping index ${shown} locks its table ACCESS EXCLUSIVE: while it waits for running queries, every query on the table queues behind it. Use DROP INDEX CONCURRENTLY` +
            (names.length > 1 ? ', one index per statement.' : node.behavior === 'DROP_CASCADE' ? ' (without CASCADE: drop what depends on the index first).' : `${placement.advice}.`),
          fixes: canFix ? placement.fixes : [],
        });
      },
    };
  },
});
