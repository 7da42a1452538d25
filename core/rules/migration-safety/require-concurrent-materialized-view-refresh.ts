import { defineRule } from '../types';
import { relationName } from '../../parse/ast';
import { isPgDumpOutput } from './support/pg-dump';
import { relationSql } from './support/edits';
import { isNewObject } from './support/new-relations';

export default defineRule({
  meta: {
    id: 'require-concurrent-materialized-view-refresh',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks every read of the view until the refresh ends.',
      why:
        'A plain refresh runs the view\'s query and swaps in the result while holding an ACCESS EXCLUSIVE lock on the ' +
        'materialized view: every SELECT from it waits for the whole query to run, which is usually why the view was ' +
        'materialized in the first place.',
      instead:
        'Use `REFRESH MATERIALIZED VIEW CONCURRENTLY`: it takes an EXCLUSIVE lock that lets reads continue and ' +
        'applies the difference. It needs a unique index (on plain columns, without WHERE) on the view and a view that ' +
        'is already populated; it does more work than a plain refresh when most rows change. Views created earlier in ' +
        'the same file and refreshes `WITH NO DATA` are not reported.',
      bad: 'REFRESH MATERIALIZED VIEW daily_sales;',
      good:
        'REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;\n\n' +
        'CREATE MATERIALIZED VIEW monthly_sales AS SELECT 1 AS month WITH NO DATA;\nREFRESH MATERIALIZED VIEW monthly_sales;',
      fixed: 'REFRESH MATERIALIZED VIEW CONCURRENTLY daily_sales;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      RefreshMatViewStmt(node, { statement, facts }) {
        if (node.concurrent || node.skipData || facts.downMigration) return;
        const name = relationName(node.relation);
        if (!name || isNewObject(context.document, context.file, name, statement.index)) return;
        const head = statement.rangeOfWords(['REFRESH', 'MATERIALIZED', 'VIEW']);
        context.report({
          range: head,
          message: `Refreshing ${relationSql(node.relation)} without CONCURRENTLY locks it ACCESS EXCLUSIVE: every read of it waits until the refresh ends. Use REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view).`,
          // Not preferred: CONCURRENTLY needs a unique index on the view, which this file may not show.
          fixes: [{ title: 'Add CONCURRENTLY', edits: [{ range: { start: head.end, end: head.end }, newText: ' CONCURRENTLY' }] }],
        });
      },
    };
  },
});
