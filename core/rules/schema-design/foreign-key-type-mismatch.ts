import type { TypeName } from '@pgsql/types';
import { defineRule } from '../types';
import { relationName, typeModifiers } from '../../parse/ast';
import { baseTypeName, typeSpan } from '../helpers/column-defs';
import { keyTypeFamily, keyTypeMessage, keyTypeMismatch } from '../helpers/key-types';
import { reportSchemaFindings } from '../schema/support/report';
import { STATEMENTS_PER_STEP } from '../../runtime/steps';

function canonical(type: TypeName | undefined): string | undefined {
  return type ? keyTypeFamily(baseTypeName(type), (type.arrayBounds?.length ?? 0) > 0) : undefined;
}

export default defineRule({
  meta: {
    id: 'foreign-key-type-mismatch',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A foreign key column whose type differs from the key it references (`integer` referencing a `bigint` id).',
      why:
        'PostgreSQL accepts a foreign key between different but comparable types, so the mismatch goes unnoticed ' +
        'until it hurts: an `integer` column referencing a `bigint` id fails with "integer out of range" the day ' +
        'the parent table passes 2,147,483,647 rows, and fixing it then rewrites the child table under an ACCESS ' +
        'EXCLUSIVE lock. Joins between the two columns compare across types, and `uuid` vs `text` or `numeric` ' +
        'vs `integer` keys need casts that keep indexes from being used.',
      instead:
        'Declare the referencing column with exactly the referenced column\'s type (a `serial`/`identity` key is ' +
        'referenced as `integer`, a `bigserial` one as `bigint`). The quick fix rewrites the type in the column ' +
        'definition. On its own a file compares only columns and keys it declares; in the editor, a schema file of the ' +
        'workspace also compares keys that reference (or belong to) tables of other migrations. `varchar` and `text` count as ' +
        'the same type, and a wider integer than the referenced key (`bigint` referencing `integer`) is not reported: it ' +
        'cannot overflow first (widen the referenced key instead; prefer-bigint-over-int reports it).',
      bad: 'CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCREATE TABLE orders (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    customer_id integer NOT NULL REFERENCES customers (id)\n);',
      good: 'CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCREATE TABLE orders (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    customer_id bigint NOT NULL REFERENCES customers (id)\n);',
      fixed: 'CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY);\nCREATE TABLE orders (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    customer_id bigint NOT NULL REFERENCES customers (id)\n);',
    },
  },
  create(context) {
    // A schema file whose project catalog is current: judged across the migration sequence instead (an index a
    // later migration adds serves this key; core/semantics/cross-file-checks.ts).
    if (context.schema?.workspace) return reportSchemaFindings(context, 'foreign-key-type-mismatch');
    return {
      // A pause every few keys: a large dump holds thousands (100,000 statements: 217 ms in one piece).
      *endOfFile() {
        const schema = context.fileSchema();
        const reported = new Set<unknown>();
        for (const [n, fk] of schema.foreignKeys.entries()) {
          if (n % STATEMENTS_PER_STEP === STATEMENTS_PER_STEP - 1) yield;
          const child = schema.tables.get(fk.table);
          const parent = schema.tables.get(fk.refTable);
          if (!child || !parent || !schema.has(fk.table) || !schema.has(fk.refTable)) continue;
          const refColumns = schema.referencedColumns(fk);
          if (refColumns.length !== fk.columns.length) continue;
          fk.columns.forEach((name, i) => {
            const column = child.columns.get(name);
            const referenced = parent.columns.get(refColumns[i]);
            if (!column || !referenced || reported.has(column.column)) return;
            const mine = canonical(column.type);
            const theirs = canonical(referenced.type);
            // numeric(p,s) vs numeric(q,t), varchar lengths: same type family, not judged.
            const mismatch = mine && theirs ? keyTypeMismatch(mine, theirs) : undefined;
            if (!mine || !theirs || !mismatch) return;
            reported.add(column.column);
            const span = typeSpan(column.statement, column.type);
            const range = span ?? column.statement.rangeOfLocation(column.type?.location);
            const mods = theirs === 'numeric' ? typeModifiers(referenced.type) : [];
            const replacement = `${theirs}${mods.length > 0 ? `(${mods.join(', ')})` : ''}`;
            context.report({
              range,
              message: keyTypeMessage(`${child.name}.${name}`, mine, `${parent.name}.${refColumns[i]}`, theirs, mismatch.narrower ? relationName(fk.refRelation) : undefined, replacement),
              fixes: span && column.statement.index === child.statement.index ? [{ title: `Use ${replacement}`, preferred: true, edits: [{ range: span, newText: replacement }] }] : [],
            });
          });
        }
      },
    };
  },
});
