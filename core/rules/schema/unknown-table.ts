/**
 * unknown-table: a schema-aware check (core/semantics/diagnostics.ts judges it, with name resolution shared by every
 * schema check); this file is its place in the rule framework: id, docs, severity, configuration.
 */
import { defineRule } from '../types';
import { reportSchemaFindings } from './support/report';
import { SHOP, WHERE_CHECKED } from './support/examples';

export default defineRule({
  meta: {
    id: 'unknown-table',
    category: 'schema',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A table or view the workspace\'s schema does not have, in a query or a CREATE INDEX.',
      why:
        'PostgreSQL refuses the whole statement with `relation "..." does not exist`; in a migration that aborts the ' +
        'deployment, in application code it fails at run time, usually for a typo or a table renamed by a later ' +
        `migration. ${WHERE_CHECKED}`,
      instead: 'Use the table\'s name as the schema has it: the quick fix writes the closest existing name ("did you mean").',
      bad: 'SELECT id, status FROM ordrs WHERE customer_id = 42;',
      good: 'SELECT id, status FROM orders WHERE customer_id = 42;\nWITH recent AS (SELECT * FROM orders) SELECT id FROM recent;\nSELECT relname FROM pg_class;',
      fixed: 'SELECT id, status FROM orders WHERE customer_id = 42;',
      exampleSchema: SHOP,
    },
  },
  create: (context) => reportSchemaFindings(context, 'unknown-table'),
});
