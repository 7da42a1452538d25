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
        'Keys that count rows only grow: identity and serial columns, single-column primary keys, and columns that ' +
        'foreign keys reference. An `integer` (int4) key stops at 2^31 - 1; busy tables reach that in a few years, ' +
        'and then every insert fails. Changing the type rewrites the table and its indexes under an ACCESS EXCLUSIVE ' +
        'lock, and every referencing column must follow. `bigint` costs 4 more bytes per row (often nothing, given ' +
        'alignment).',
      instead:
        'Use `bigint` (or `bigint GENERATED ... AS IDENTITY`) for those keys, and for the columns that reference them. ' +
        'Not reported: plain `integer` attributes (quantities, counters such as `retry_count`), members of composite ' +
        'keys (`PRIMARY KEY (job_id, attempt)` does not count rows), and referencing columns, which follow their key ' +
        '(foreign-key-type-mismatch reports one narrower than the key it references). Keys are judged at the end of ' +
        'the file, so pg_dump\'s later ALTER TABLE ... ADD CONSTRAINT counts; down migrations are not reported. From ' +
        'PostgreSQL 10, `serial` columns are reported by prefer-identity, with bigint, not here as well. ' +
        'Schema dumps are not reported: their tables exist with their rows, where widening a key is a rewrite to plan, not a choice.',
      bad: 'CREATE TABLE orders (\n    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    quantity integer NOT NULL\n);',
      good:
        'CREATE TABLE orders (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    quantity integer NOT NULL\n);\n' +
        'CREATE TABLE order_attempts (\n    order_id bigint NOT NULL REFERENCES orders,\n    attempt integer NOT NULL,\n' +
        '    retry_count integer NOT NULL DEFAULT 0,\n    PRIMARY KEY (order_id, attempt)\n);',
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
