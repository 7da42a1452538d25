/**
 * unknown-column: a schema-aware check (core/semantics/diagnostics.ts judges it, with name resolution shared by every
 * schema check); this file is its place in the rule framework: id, docs, severity, configuration.
 */
import { defineRule } from '../types';
import { reportSchemaFindings } from './support/report';
import { SHOP, WHERE_CHECKED } from './support/examples';

export default defineRule({
  meta: {
    id: 'unknown-column',
    category: 'schema',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A column that none of the tables in scope has (or that the named table does not have).',
      why:
        'PostgreSQL refuses the statement with `column "..." does not exist`. Columns are resolved as PostgreSQL binds ' +
        'them: through aliases, joins, subqueries, CTEs (with their column lists), INSERT and UPDATE targets and ' +
        `RETURNING. ${WHERE_CHECKED} Columns a later statement of the same file adds, drops or renames are not judged.`,
      instead: 'Use the column\'s name as the table has it: the quick fix writes the closest existing name.',
      bad: 'SELECT o.id, o.stauts FROM orders o WHERE o.customer_id = 42;',
      good: 'SELECT o.id, o.status FROM orders o WHERE o.customer_id = 42;\nSELECT id, total FROM (SELECT id, 1 AS total FROM orders) t ORDER BY total;',
      fixed: 'SELECT o.id, o.status FROM orders o WHERE o.customer_id = 42;',
      exampleSchema: SHOP,
    },
  },
  create: (context) => reportSchemaFindings(context, 'unknown-column'),
});
