import { defineRule } from '../types';
import { narrowKeyVisitors } from '../helpers/narrow-keys';

const INT4: Readonly<Record<string, string>> = { int4: 'bigint', serial: 'bigserial', serial4: 'bigserial' };

export default defineRule({
  meta: {
    id: 'prefer-bigint-over-int',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'An `integer` key runs out at 2,147,483,647 — and widening it later rewrites the table and every index on it.',
      why:
        'Primary keys, identity columns and the foreign keys that point at them only grow. An `integer` (int4) key ' +
        'stops at 2^31 - 1; busy tables reach that in a few years, and then every insert fails. Changing the type ' +
        'rewrites the table and its indexes under an ACCESS EXCLUSIVE lock, and every referencing column must ' +
        'follow. `bigint` costs 4 more bytes per row (often nothing, given alignment).',
      instead:
        'Use `bigint` (or `bigint GENERATED ... AS IDENTITY`, `bigserial`) for primary keys and for the columns ' +
        'that reference them. Plain `integer` attributes (quantities, counts) are fine.',
      bad: 'CREATE TABLE orders (\n    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    quantity integer NOT NULL\n);',
      good: 'CREATE TABLE orders (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    quantity integer NOT NULL\n);',
      fixed: 'CREATE TABLE orders (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    quantity integer NOT NULL\n);',
    },
  },
  create(context) {
    return narrowKeyVisitors(context, {
      wider: INT4,
      serials: new Set(['serial', 'serial4']),
      label: (base) => (base === 'int4' ? 'integer' : base),
      limit: '2,147,483,647',
    });
  },
});
