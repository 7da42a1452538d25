import { defineRule } from '../types';
import { quoteIdentifier } from '../../knowledge/naming';
import { asNode, stringValues } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'ban-drop-table',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'Dropping an existing table loses its data and breaks code that still uses it.',
      why:
        '`DROP TABLE` is irreversible: the data is gone, and every query and deployed application version that still ' +
        'uses the table fails from the moment it commits. It also waits for ACCESS EXCLUSIVE behind running queries, ' +
        'and locks the tables its foreign keys reference. Down migrations, which drop what their up part created, and ' +
        'tables created earlier in the same file (or created again later in it: a rebuild script) are not reported.',
      instead:
        'Stop using the table in every deployed version of the application first, keep a backup (or rename it and drop ' +
        'it in a later release), then drop it in a separate migration.',
      bad: 'DROP TABLE orders;',
      good: 'CREATE TABLE import_scratch (id bigint);\nDROP TABLE import_scratch;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    // DROP ... then CREATE of the same table: a rebuild script (pg_dump --clean, schema reset), not a removal.
    const recreatedLater = (name: string, index: number): boolean => {
      const at = context.file.created.get(relationKey(name));
      return at !== undefined && at > index;
    };
    return {
      DropStmt(node, { statement, facts }) {
        if (node.removeType !== 'OBJECT_TABLE' || facts.downMigration) return;
        const existing = (node.objects ?? [])
          .map((item) => stringValues(asNode(item, 'List')?.items))
          .filter((parts) => parts.length > 0 && !context.file.isNewRelation(parts.join('.'), statement.index) && !recreatedLater(parts.join('.'), statement.index))
          .map((parts) => parts.map(quoteIdentifier).join('.'));
        if (existing.length === 0) return;
        context.report({
          range: statement.rangeOfWords(['DROP', 'TABLE']),
          message: `Dropping ${existing.length === 1 ? 'table' : 'tables'} ${existing.join(', ')} deletes ${existing.length === 1 ? 'its' : 'their'} data and breaks every query and deployed application version that still uses ${existing.length === 1 ? 'it' : 'them'}. Stop using ${existing.length === 1 ? 'it' : 'them'} in every deployed version and keep a backup first, then drop in a separate migration.`,
        });
      },
    };
  },
});
