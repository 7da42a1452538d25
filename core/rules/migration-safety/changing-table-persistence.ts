import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { isPgDumpOutput } from './support/pg-dump';
import { relationSql } from './support/edits';

export default defineRule({
  meta: {
    id: 'changing-table-persistence',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    postgresVersions: { min: 9.5 },
    docs: {
      summary: 'ALTER TABLE ... SET LOGGED / SET UNLOGGED rewrites an existing table and its indexes under an ACCESS EXCLUSIVE lock.',
      why:
        'Changing a table\'s persistence writes a new copy of the table and of every index on it while holding ACCESS ' +
        'EXCLUSIVE: no query can read or write the table until the copy is done. `SET LOGGED` also writes the whole ' +
        'table to the WAL (a burst that replicas and backups must absorb). `SET UNLOGGED` makes the table lose its ' +
        'contents after a crash and leaves it empty on streaming replicas.',
      instead:
        'Decide persistence when the table is created: `CREATE UNLOGGED TABLE`, load it, and `SET LOGGED` in the same ' +
        'migration before anyone uses it (tables created earlier in the file are not reported). For a table in use, ' +
        'copy it into a new table of the wanted kind and switch over, or run the change when the table may be ' +
        'blocked for a full rewrite. Down migrations and pg_dump output are not reported.',
      bad: 'ALTER TABLE events SET UNLOGGED;',
      good: 'CREATE UNLOGGED TABLE import_rows (id bigint PRIMARY KEY, payload jsonb);\nALTER TABLE import_rows SET LOGGED;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      AlterTableStmt(node, { statement, facts }) {
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        for (const item of node.cmds ?? []) {
          const subtype = asNode(item, 'AlterTableCmd')?.subtype;
          if (subtype !== 'AT_SetLogged' && subtype !== 'AT_SetUnLogged') continue;
          const logged = subtype === 'AT_SetLogged';
          const table = relationSql(node.relation);
          context.report({
            range: statement.rangeOfWords(['SET', logged ? 'LOGGED' : 'UNLOGGED']),
            message:
              `SET ${logged ? 'LOGGED' : 'UNLOGGED'} rewrites ${table} and its indexes under ACCESS EXCLUSIVE: no reads or writes until the copy is done` +
              (logged ? ', and the whole table goes through the WAL.' : '; afterwards a crash empties it and replicas do not have its rows.') +
              ' Choose persistence when creating the table, or copy into a new table and switch over.',
          });
        }
      },
    };
  },
});
