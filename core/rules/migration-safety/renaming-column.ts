import { defineRule } from '../types';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationSql } from './support/edits';
import { relationKey } from '../../analysis/file-facts';
import { addedColumnKeys } from './support/new-columns';
import { isPgDumpOutput } from './support/pg-dump';

const TABLE_KINDS = new Set(['OBJECT_TABLE', 'OBJECT_FOREIGN_TABLE', 'OBJECT_MATVIEW', 'OBJECT_VIEW']);

export default defineRule({
  meta: {
    id: 'renaming-column',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'Renaming a column of an existing table breaks every query and running application version that uses the old name.',
      why:
        'The rename itself is instant (a catalog change under ACCESS EXCLUSIVE), but from the moment it commits, ' +
        'every query, view body written by the application, ORM mapping and the previous application version still ' +
        'serving traffic during a deploy fails with `column ... does not exist`.',
      instead:
        'Expand and contract: add the new column, write to both (or keep them in sync with a trigger), backfill, move ' +
        'readers to the new column, and drop the old one in a later release. Columns added earlier in the same file are ' +
        'not reported.',
      bad: 'ALTER TABLE orders RENAME COLUMN total TO amount;',
      good: 'ALTER TABLE orders ADD COLUMN amount numeric;\nALTER TABLE orders RENAME COLUMN amount TO total_amount;\n\nCREATE TABLE invoices (id bigint, total numeric);\nALTER TABLE invoices RENAME COLUMN total TO amount;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const added = new Set<string>();
    return {
      AlterTableStmt(node) {
        for (const key of addedColumnKeys(node)) added.add(key);
      },
      RenameStmt(node, { statement, facts }) {
        if (node.renameType !== 'OBJECT_COLUMN' || !TABLE_KINDS.has(node.relationType ?? '')) return;
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        if (added.has(`${relationKey(node.relation)}.${node.subname ?? ''}`)) return;
        context.report({
          range: statement.rangeOfWords(['RENAME']),
          message: `Renaming ${relationSql(node.relation)}.${quoteIdentifier(node.subname ?? '')} to ${quoteIdentifier(node.newname ?? '')} breaks every query and deployed application version that still uses ${quoteIdentifier(node.subname ?? '')}. Add the new column, write both, move readers over, and drop the old one in a later release.`,
        });
      },
    };
  },
});
