import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationKey } from '../../analysis/file-facts';
import { addedColumnKeys } from './support/new-columns';
import { rangeOfKeywordAndName, relationSql } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'ban-drop-column',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'Dropping a column of an existing table loses its data and breaks code that still reads it.',
      why:
        '`DROP COLUMN` is quick (the column is only marked dropped) but irreversible: its data is gone, and every ' +
        'query, view or deployed application version that still names the column fails from the moment it commits. ' +
        'It also waits for ACCESS EXCLUSIVE behind running queries. Down migrations, which drop what their up part ' +
        'added, and columns added earlier in the same file are not reported.',
      instead:
        'First stop using the column in every deployed version of the application (ORMs: mark it ignored), then drop ' +
        'it in a later migration, ideally after a backup or an archive copy of the data.',
      bad: 'ALTER TABLE orders DROP COLUMN legacy_status;',
      good: 'ALTER TABLE orders ADD COLUMN draft boolean;\nALTER TABLE orders DROP COLUMN draft;\n\nCREATE TABLE invoices (id bigint, legacy text);\nALTER TABLE invoices DROP COLUMN legacy;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const added = new Set<string>();
    return {
      AlterTableStmt(node, { statement, facts }) {
        const table = relationKey(node.relation);
        const skip = facts.downMigration || context.file.isNewRelation(node.relation, statement.index);
        let from = statement.start;
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          if (cmd?.subtype !== 'AT_DropColumn' || !cmd.name) continue;
          const range = rangeOfKeywordAndName(statement, 'DROP', cmd.name, from) ?? statement.headRange();
          from = range.end;
          if (skip || added.has(`${table}.${cmd.name}`)) continue;
          context.report({
            range,
            message: `Dropping ${relationSql(node.relation)}.${quoteIdentifier(cmd.name)} deletes its data and breaks every query and deployed application version that still uses it. Stop using it in every deployed version first, then drop it in a later migration.`,
          });
        }
        for (const key of addedColumnKeys(node)) added.add(key);
      },
    };
  },
});
