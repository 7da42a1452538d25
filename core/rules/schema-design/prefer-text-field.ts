import { defineRule } from '../types';
import { relationName, typeModifiers } from '../../parse/ast';
import { arraySuffix, baseTypeName, columnDefinitions, typeSpan } from '../helpers/column-defs';

export default defineRule({
  meta: {
    id: 'prefer-text-field',
    category: 'schema-design',
    defaultSeverity: 'warning',
    // Measured: a blinded review of a random sample of its findings on real projects judged 139 of 140 noise
    // (deliberate lengths copied from a source system, framework defaults such as varchar(255)).
    optIn: true,
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`varchar(n)` columns bake a length limit into the type; changing it later takes an ACCESS EXCLUSIVE lock.',
      why:
        'In PostgreSQL `varchar(n)` is `text` with a length check: it is not faster or smaller. The limit is usually ' +
        'a guess, and when it proves too small, raising it is cheap but lowering it (or changing it on older ' +
        'versions) rewrites or scans the table under an ACCESS EXCLUSIVE lock, blocking reads and writes. Views ' +
        'and functions that mention the type must be recreated as well.',
      instead:
        'Use `text`. If the length is a real business rule, state it as a constraint you can change without a ' +
        'rewrite: `CHECK (char_length(code) <= 20)` (add a new one `NOT VALID`, validate it, drop the old one).\n\n' +
        'Opt-in: a blinded review of its findings on real projects (docs/noise-review) judged nearly all of them ' +
        'noise — lengths deliberately copied from a source system, framework defaults such as `varchar(255)`. Turn it ' +
        'on for a team that wants `text` everywhere.',
      bad: 'CREATE TABLE customers (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    email varchar(255) NOT NULL\n);',
      good: 'CREATE TABLE customers (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    email text NOT NULL,\n    country_code text NOT NULL CHECK (char_length(country_code) = 2)\n);',
      fixed: 'CREATE TABLE customers (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    email text NOT NULL\n);',
    },
  },
  create(context) {
    return {
      statement(statement) {
        for (const def of columnDefinitions(statement.ast)) {
          // A type change is its own concern (changing-column-type); here: new columns only.
          if (def.kind === 'alter-type') continue;
          const type = def.column.typeName;
          if (baseTypeName(type) !== 'varchar' || typeModifiers(type).length === 0) continue;
          const span = typeSpan(statement, type);
          const range = span ?? statement.rangeOfLocation(type?.location);
          const where = def.table ? `${relationName(def.table)}.${def.name}` : def.name;
          context.report({
            range,
            message: `${where} is varchar(${typeModifiers(type)[0]}); use text (with a CHECK constraint if the length is a real rule).`,
            fixes: span ? [{ title: 'Use text', preferred: true, edits: [{ range: span, newText: `text${arraySuffix(context.document.text.slice(span.start, span.end))}` }] }] : [],
          });
        }
      },
    };
  },
});
