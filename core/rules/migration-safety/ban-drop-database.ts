import { defineRule } from '../types';
import { quoteIdentifier } from '../../knowledge/naming';

export default defineRule({
  meta: {
    id: 'ban-drop-database',
    category: 'migration-safety',
    defaultSeverity: 'error',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'DROP DATABASE in a migration or script deletes a whole database.',
      why:
        '`DROP DATABASE` removes every table, every row and every object of the database at once, cannot be rolled ' +
        'back and cannot run inside a transaction block. In a migration or a script that can be run against the ' +
        'wrong server it is a single-statement disaster.',
      instead:
        'Keep database creation and removal out of migrations: drop databases by hand, or in a test-setup script ' +
        'that is never pointed at production (and suppress the finding there with an ignore comment).',
      bad: 'DROP DATABASE analytics;',
      good: 'CREATE DATABASE analytics;',
    },
  },
  create(context) {
    return {
      DropdbStmt(node, { statement }) {
        context.report({
          range: statement.rangeOfWords(['DROP', 'DATABASE']),
          message: `DROP DATABASE ${quoteIdentifier(node.dbname ?? '')} deletes the whole database, irreversibly. Keep it out of migrations: drop databases by hand.`,
        });
      },
    };
  },
});
