import { defineRule } from '../types';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationSql } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'renaming-table',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'Renaming an existing table breaks every query and running application version that uses the old name.',
      why:
        'The rename is a quick catalog change, but it waits for an ACCESS EXCLUSIVE lock behind every running query on ' +
        'the table, and once it commits every query, function body and the previous application version still ' +
        'serving traffic fails with `relation ... does not exist`.',
      instead:
        'Create the table under its new name and migrate data and readers gradually, or rename and leave an updatable ' +
        'view with the old name (`CREATE VIEW old_name AS SELECT * FROM new_name`) until no code uses it.',
      bad: 'ALTER TABLE orders RENAME TO purchases;',
      good: 'CREATE TABLE invoices (id bigint PRIMARY KEY);\nALTER TABLE invoices RENAME TO bills;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      RenameStmt(node, { statement, facts }) {
        if (node.renameType !== 'OBJECT_TABLE') return;
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        context.report({
          range: statement.rangeOfWords(['RENAME']),
          message: `Renaming ${relationSql(node.relation)} to ${quoteIdentifier(node.newname ?? '')} breaks every query and deployed application version that still uses the old name. Keep a view under the old name until no code uses it.`,
        });
      },
    };
  },
});
