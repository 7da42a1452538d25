import { defineRule } from '../types';
import { stringValues } from '../../parse/ast';
import { isPgDumpOutput } from '../migration-safety/support/pg-dump';

export default defineRule({
  meta: {
    id: 'prefer-lookup-table-over-enum',
    category: 'schema-design',
    defaultSeverity: 'hint',
    // Measured on real projects: enums are mostly deliberate choices for fixed sets.
    optIn: true,
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'CREATE TYPE ... AS ENUM: the set of values is hard to change later; a lookup table or a CHECK constraint is easier to evolve.',
      why:
        'An enum is compact (4 bytes), rejects typos and sorts in declaration order, which suits small sets that never ' +
        'change. Changing the set is where it hurts. `ALTER TYPE ... ADD VALUE` is quick, but before PostgreSQL 12 it ' +
        'cannot run inside a transaction block (most migration tools use one), and since 12 the new value cannot be ' +
        'used until the transaction that added it commits. `ALTER TYPE ... RENAME VALUE` exists since PostgreSQL 10. ' +
        'There is no way to remove a value or reorder values: it takes a new type, `ALTER COLUMN ... TYPE new_type ' +
        'USING col::text::new_type` on every column that uses it (a rewrite of each table and its indexes under ACCESS ' +
        'EXCLUSIVE), and recreating the views, functions and defaults that depend on the old type. Values also ' +
        'cannot carry data (a label, a sort key, an "active" flag).',
      instead:
        'For sets that will change, use a lookup table (`CREATE TABLE order_status (name text PRIMARY KEY)`) referenced ' +
        'by a foreign key: values are rows, added and retired with INSERT/UPDATE, and can have attributes. Or use a ' +
        "`text` column with `CHECK (status IN ('new', 'paid'))`: changing the list is a DROP CONSTRAINT and an ADD " +
        'CONSTRAINT ... NOT VALID followed by VALIDATE CONSTRAINT, with no rewrite. Keep the enum where the set is ' +
        'fixed by nature (days of the week, compass points). This is advice, opt-in (most enums in real projects are ' +
        'deliberate choices for fixed sets). Down migrations and ' +
        'pg_dump output (the types exist already; the choice is made where a type is designed) are not reported.',
      bad: "CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');",
      good:
        'CREATE TABLE order_status (name text PRIMARY KEY);\n' +
        "INSERT INTO order_status VALUES ('new'), ('paid'), ('shipped');\n" +
        'CREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL REFERENCES order_status);',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      CreateEnumStmt(node, { statement, facts }) {
        if (facts.downMigration) return;
        const name = stringValues(node.typeName).join('.');
        context.report({
          range: statement.rangeOfWords(['AS', 'ENUM']),
          message:
            `Enum ${name}: values can be added and renamed, but not removed or reordered without a new type and a rewrite of every table using it. ` +
            'If the set may change, a lookup table or a text column with a CHECK constraint is easier to evolve.',
        });
      },
    };
  },
});
