/**
 * insert-column-count: a schema-aware check (core/semantics/diagnostics.ts judges it, with name resolution shared by every
 * schema check); this file is its place in the rule framework: id, docs, severity, configuration.
 */
import { defineRule } from '../types';
import { reportSchemaFindings } from './support/report';
import { SHOP } from './support/examples';

export default defineRule({
  meta: {
    id: 'insert-column-count',
    category: 'schema',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'An INSERT whose VALUES rows (or SELECT) have more or fewer expressions than it has target columns.',
      why:
        'PostgreSQL refuses it with `INSERT has more expressions than target columns` (or the reverse). Without a column ' +
        'list the target columns are all of the table\'s, in order, so a column added by a later migration breaks an ' +
        'INSERT that lists none.',
      instead: 'Name the target columns and give each row one value per column (`DEFAULT` where the default is meant).',
      bad: "INSERT INTO orders (customer_id, status, created_at) VALUES (42, 'new');",
      good: "INSERT INTO orders (customer_id, status, created_at) VALUES (42, 'new', DEFAULT);\nINSERT INTO customers VALUES (42, 'Ada', now());",
      exampleSchema: SHOP,
    },
  },
  create: (context) => reportSchemaFindings(context, 'insert-column-count'),
});
