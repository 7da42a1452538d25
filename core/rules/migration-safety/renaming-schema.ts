import { defineRule } from '../types';
import { quoteIdentifier } from '../../knowledge/naming';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'renaming-schema',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'Renaming an existing schema breaks every query, search_path and running application version that names it.',
      why:
        '`ALTER SCHEMA ... RENAME TO` is an instant catalog change, but from the moment it commits every reference to ' +
        'the old name fails: schema-qualified queries (`relation "old.orders" does not exist`), `search_path` settings ' +
        'of roles, databases and functions (which then silently resolve elsewhere or not at all), grants scripts, and ' +
        'the previous application version still serving traffic during a deploy. Function bodies keep the old name ' +
        'as text and break on their next call.',
      instead:
        'Create the new schema and move objects into it with `ALTER TABLE ... SET SCHEMA` one by one while code moves ' +
        'over, or keep the old name working for a release (a schema of views onto the new one) until no code uses it. ' +
        'Schemas created earlier in the file, down migrations and pg_dump output are not reported.',
      bad: 'ALTER SCHEMA billing RENAME TO invoicing;',
      good: 'CREATE SCHEMA staging;\nALTER SCHEMA staging RENAME TO import;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    /** Schemas created in the file -> index of the creating statement. */
    const created = new Map<string, number>();
    return {
      CreateSchemaStmt(node, { statement }) {
        if (node.schemaname && !created.has(node.schemaname)) created.set(node.schemaname, statement.index);
      },
      RenameStmt(node, { statement, facts }) {
        if (node.renameType !== 'OBJECT_SCHEMA' || !node.subname || facts.downMigration) return;
        const at = created.get(node.subname);
        if (at !== undefined && at < statement.index) {
          // Still the schema this file created, under its new name.
          if (node.newname) created.set(node.newname, at);
          return;
        }
        context.report({
          range: statement.rangeOfWords(['RENAME']),
          message: `Renaming schema ${quoteIdentifier(node.subname)} to ${quoteIdentifier(node.newname ?? '')} breaks every qualified reference, search_path and deployed application version that still uses ${quoteIdentifier(node.subname)}. Move objects to the new schema one by one instead, or keep the old name working until no code uses it.`,
        });
      },
    };
  },
});
