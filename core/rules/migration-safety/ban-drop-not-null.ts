import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationSql } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';
import { addedColumnKeys } from './support/new-columns';
import { relationKey } from '../../analysis/file-facts';

export default defineRule({
  meta: {
    id: 'ban-drop-not-null',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'DROP NOT NULL on an existing column breaks code that relies on the column never being NULL.',
      why:
        'Dropping NOT NULL is instant, but it is not backwards compatible: application versions still running, ' +
        'reports and downstream consumers that read the column assume a value and fail, or silently mistreat rows, ' +
        'once NULLs appear. Re-adding NOT NULL later needs a full-table scan under ACCESS EXCLUSIVE.',
      instead:
        'Make every reader handle NULL first, then drop the constraint in a later release. If the column is being ' +
        'replaced, add the new column and stop writing the old one instead. Columns added and tables created earlier ' +
        'in the same file, and down migrations (which undo a SET NOT NULL), are not reported.',
      bad: 'ALTER TABLE users ALTER COLUMN email DROP NOT NULL;',
      good:
        'ALTER TABLE users ADD COLUMN nickname text NOT NULL DEFAULT \'\';\nALTER TABLE users ALTER COLUMN nickname DROP NOT NULL;\n\n' +
        'CREATE TABLE drafts (id bigint PRIMARY KEY, title text NOT NULL);\nALTER TABLE drafts ALTER COLUMN title DROP NOT NULL;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const added = new Set<string>();
    return {
      AlterTableStmt(node, { statement, facts }) {
        const table = relationKey(node.relation);
        const isNew = facts.downMigration || context.file.isNewRelation(node.relation, statement.index);
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          if (cmd?.subtype !== 'AT_DropNotNull' || !cmd.name || isNew || added.has(`${table}.${cmd.name}`)) continue;
          context.report({
            range: statement.rangeOfWords(['DROP', 'NOT', 'NULL']),
            message: `Dropping NOT NULL on ${relationSql(node.relation)}.${quoteIdentifier(cmd.name)} lets NULLs in that running code and consumers do not expect. Make every reader handle NULL first, then drop it in a later release.`,
          });
        }
        for (const key of addedColumnKeys(node)) added.add(key);
      },
    };
  },
});
