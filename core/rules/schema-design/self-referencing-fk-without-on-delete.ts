import { defineRule } from '../types';
import { relationName } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { isPgDumpOutput } from '../migration-safety/support/pg-dump';

export default defineRule({
  meta: {
    id: 'self-referencing-fk-without-on-delete',
    category: 'schema-design',
    defaultSeverity: 'info',
    fixable: false,
    docs: {
      summary: 'A foreign key from a table to itself (a tree: `parent_id REFERENCES categories`) with no ON DELETE action chosen.',
      why:
        'With the default `NO ACTION`, deleting a node that still has children fails with a foreign key ' +
        'violation, so every delete of a tree node needs application code that first deletes or re-parents the ' +
        'whole subtree in the right order. Usually that was not a decision but an omission: trees almost always ' +
        'want `ON DELETE CASCADE` (remove the subtree) or `ON DELETE SET NULL` (children become roots).',
      instead:
        'State the behaviour: `parent_id bigint REFERENCES categories (id) ON DELETE CASCADE`, `ON DELETE SET ' +
        'NULL`, or `ON DELETE RESTRICT` / `NO ACTION` written out when deletes must be refused. pg_dump output is ' +
        'not reported (it omits `ON DELETE NO ACTION` even when it was written).',
      bad: 'CREATE TABLE categories (\n    id bigint PRIMARY KEY,\n    parent_id bigint REFERENCES categories (id)\n);',
      good:
        'CREATE TABLE categories (\n    id bigint PRIMARY KEY,\n    parent_id bigint REFERENCES categories (id) ON DELETE CASCADE\n);\n' +
        'CREATE TABLE employees (\n    id bigint PRIMARY KEY,\n    manager_id bigint REFERENCES employees (id) ON DELETE RESTRICT\n);',
    },
  },
  create(context) {
    return {
      endOfFile() {
        const schema = context.fileSchema();
        if (isPgDumpOutput(context.document)) return;
        for (const fk of schema.foreignKeys) {
          if (fk.table !== relationKey(fk.refRelation)) continue;
          const action = fk.constraint.fk_del_action ?? 'a';
          if (action !== 'a') continue;
          // `ON DELETE NO ACTION` written out is a decision: look for the words after the constraint.
          const statement = fk.statement;
          const start = statement.offsetOfLocation(fk.constraint.location);
          const tokens = statement.tokens();
          let i = tokens.findIndex((t) => t.start >= start);
          if (i < 0) continue;
          let depth = 0;
          let written = false;
          let end = tokens[i].end;
          for (; i < tokens.length; i++) {
            const t = tokens[i];
            if (t.text === '(') depth++;
            else if (t.text === ')') {
              if (depth === 0) break;
              depth--;
            } else if (depth === 0 && (t.text === ',' || t.text === ';')) break;
            if (t.text.toUpperCase() === 'DELETE' && tokens[i - 1]?.text.toUpperCase() === 'ON') written = true;
            end = t.end;
          }
          if (written) continue;
          context.report({
            range: { start, end: Math.min(end, start + 200) },
            message: `${relationName(fk.relation)} (${fk.columns.join(', ')}) references its own table without ON DELETE: deleting a row that has children fails; choose CASCADE, SET NULL or RESTRICT.`,
          });
        }
      },
    };
  },
});
