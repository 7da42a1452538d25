import { defineRule } from '../types';
import { relationName } from '../../parse/ast';

export default defineRule({
  meta: {
    id: 'ban-delete-without-where',
    category: 'query',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'DELETE without WHERE removes every row of the table.',
      why:
        'An unqualified DELETE is usually a WHERE clause that got lost. Even when intended, it deletes row by row, ' +
        'fires triggers and foreign-key checks for each, holds the deleted rows locked until commit, and leaves ' +
        'the table bloated until VACUUM; a large table takes long and generates WAL for every row.',
      instead:
        'Add the WHERE clause you meant. To empty a table on purpose use `TRUNCATE` (instant, but takes an ACCESS ' +
        'EXCLUSIVE lock), or delete in batches. Tables created earlier in the same file are empty and not reported; ' +
        'down migrations are not reported either.',
      bad: 'DELETE FROM sessions;',
      good: "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';",
    },
  },
  create(context) {
    return {
      DeleteStmt(node, { statement, facts }) {
        if (node.whereClause || !node.relation) return;
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        context.report({
          range: statement.rangeOfWords(['DELETE', 'FROM']),
          message: `DELETE without WHERE removes every row of ${relationName(node.relation)}.`,
        });
      },
    };
  },
});
