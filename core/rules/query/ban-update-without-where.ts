import { defineRule } from '../types';
import { relationName } from '../../parse/ast';

export default defineRule({
  meta: {
    id: 'ban-update-without-where',
    category: 'query',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'UPDATE without WHERE rewrites every row of the table in one transaction.',
      why:
        'An unqualified UPDATE changes every row: each becomes a new row version, so the table and its indexes ' +
        'double in size until VACUUM, every row stays locked against other writers until commit, and the WAL ' +
        'volume can stall replicas. In a migration (a backfill of a new column, say) on a large table this is an ' +
        'outage; in application code it is usually a lost WHERE clause.',
      instead:
        'Add the WHERE clause you meant; for a backfill, update in batches (`WHERE id BETWEEN ...`, committing ' +
        'between batches) or give the new column a DEFAULT. Tables created earlier in the same file are not ' +
        'reported: they are empty or were just filled by this migration.',
      bad: "UPDATE accounts SET plan = 'free';",
      good: "UPDATE accounts SET plan = 'free' WHERE plan IS NULL AND id BETWEEN 1 AND 10000;",
    },
  },
  create(context) {
    return {
      UpdateStmt(node, { statement, facts }) {
        if (node.whereClause || !node.relation) return;
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        context.report({
          range: statement.rangeOfWords(['UPDATE']),
          message: `UPDATE without WHERE rewrites every row of ${relationName(node.relation)}.`,
        });
      },
    };
  },
});
