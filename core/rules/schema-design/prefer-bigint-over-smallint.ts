import { defineRule } from '../types';
import { narrowKeyVisitors } from '../helpers/narrow-keys';

export default defineRule({
  meta: {
    id: 'prefer-bigint-over-smallint',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A `smallint` key runs out at 32,767 — and widening it later rewrites the table and every index on it.',
      why:
        'Primary keys, identity/serial columns and the foreign keys that point at them only grow. A `smallint` (int2) ' +
        'key stops at 32,767 (a `smallserial` too), which even a lookup table can reach once rows are created by ' +
        'code rather than by hand, and then every insert fails. Changing the type rewrites the table and its indexes ' +
        'under an ACCESS EXCLUSIVE lock, and every referencing column must follow. The bytes saved are usually lost ' +
        'to alignment padding anyway.',
      instead:
        'Use `bigint` (or `bigint GENERATED ... AS IDENTITY`) for primary keys and for the columns that reference ' +
        'them. Plain `smallint` attributes (a count, a small code) are fine and not reported. From PostgreSQL 10, ' +
        '`smallserial` columns are reported by prefer-identity, with bigint, not here as well. ' +
        'Schema dumps are not reported: their tables exist with their rows, where widening a key is a rewrite to plan, not a choice.',
      bad: 'CREATE TABLE countries (\n    id smallint PRIMARY KEY,\n    name text NOT NULL\n);',
      good: 'CREATE TABLE countries (\n    id bigint PRIMARY KEY,\n    name text NOT NULL,\n    population_rank smallint\n);',
      fixed: 'CREATE TABLE countries (\n    id bigint PRIMARY KEY,\n    name text NOT NULL\n);',
    },
  },
  create(context) {
    return narrowKeyVisitors(context, {
      wider: { int2: 'bigint', smallserial: 'bigserial', serial2: 'bigserial' },
      serials: new Set(['smallserial', 'serial2']),
      label: (base) => (base === 'int2' ? 'smallint' : base),
      limit: '32,767',
    });
  },
});
