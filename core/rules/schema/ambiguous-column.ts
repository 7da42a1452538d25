/**
 * ambiguous-column: a schema-aware check (core/semantics/diagnostics.ts judges it, with name resolution shared by every
 * schema check); this file is its place in the rule framework: id, docs, severity, configuration.
 */
import { defineRule } from '../types';
import { reportSchemaFindings } from './support/report';
import { SHOP } from './support/examples';

export default defineRule({
  meta: {
    id: 'ambiguous-column',
    category: 'schema',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'An unqualified column name that two or more tables in the FROM clause have: PostgreSQL cannot tell which is meant.',
      why:
        'PostgreSQL refuses the statement with `column reference "..." is ambiguous`. It often appears when a migration ' +
        'adds a column whose name another joined table already has (`created_at`, `status`), breaking queries that ' +
        'worked the day before. Judged as PostgreSQL does: the innermost query level that has the name decides; a ' +
        '`USING` or `NATURAL` join column counts once; in `INSERT ... ON CONFLICT DO UPDATE` the target table and ' +
        '`excluded` both count (`SET n = n + 1` is ambiguous); output column names in ORDER BY / GROUP BY are left alone.',
      instead: 'Qualify the column with the table (or alias) it belongs to: there is one quick fix per candidate.',
      bad: 'SELECT o.id, created_at FROM orders o JOIN customers c ON c.id = o.customer_id;',
      good:
        'SELECT o.id, o.created_at FROM orders o JOIN customers c ON c.id = o.customer_id;\n' +
        'SELECT id, name, vip FROM customers JOIN customer_flags USING (id);',
      fixed: 'SELECT o.id, o.created_at FROM orders o JOIN customers c ON c.id = o.customer_id;',
      exampleSchema: `${SHOP}\nCREATE TABLE customer_flags (id bigint PRIMARY KEY REFERENCES customers, vip boolean NOT NULL);`,
    },
  },
  create: (context) => reportSchemaFindings(context, 'ambiguous-column'),
});
