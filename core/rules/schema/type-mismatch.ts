/**
 * type-mismatch: a schema-aware check (core/semantics/diagnostics.ts judges it, with name resolution shared by every
 * schema check); this file is its place in the rule framework: id, docs, severity, configuration.
 */
import { defineRule } from '../types';
import { reportSchemaFindings } from './support/report';

export default defineRule({
  meta: {
    id: 'type-mismatch',
    category: 'schema',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A comparison or an assigned value whose types PostgreSQL has no operator or cast for (`text_col = 42`, `uuid_col = 1`, an integer into a boolean column).',
      why:
        'PostgreSQL refuses the statement with `operator does not exist: text = integer` or `column "paid" is of type ' +
        'boolean but expression is of type integer`. Judged only when both types are certain: columns of the schema\'s ' +
        'tables (domains as their base type), numeric and boolean literals, and casts. PostgreSQL\'s own coercion rules ' +
        'decide, read from a real server: integers, numerics and floats compare with each other, `varchar`, `text` and ' +
        '`char` too, `date` with `timestamp` and `timestamptz`; a quoted literal (`status = \'42\'`, `created_at > ' +
        '\'2024-01-01\'`) takes the type it is compared with and is never reported.',
      instead:
        'Compare values of the same type: quote the literal, or cast one side explicitly (`status = 42::text`). The quick ' +
        'fix adds the cast to a literal when PostgreSQL has one for it.',
      bad: "SELECT id FROM orders WHERE paid = 1;\nUPDATE orders SET public_id = 7 WHERE id = 1;",
      good:
        "SELECT id FROM orders WHERE paid AND id = 42.0 AND status = 'paid' AND placed_on > '2024-01-01' AND placed_on < now();\n" +
        'UPDATE orders SET status = 42, placed_on = now() WHERE id = 1;',
      fixed: "SELECT id FROM orders WHERE paid = 1::boolean;\nUPDATE orders SET public_id = 7 WHERE id = 1;",
      exampleSchema: 'CREATE TABLE orders (id bigint PRIMARY KEY, public_id uuid NOT NULL, status text NOT NULL, paid boolean NOT NULL, placed_on date NOT NULL);',
    },
  },
  create: (context) => reportSchemaFindings(context, 'type-mismatch'),
});
