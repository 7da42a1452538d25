import type { SortBy } from '@pgsql/types';
import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { functionName } from '../helpers/expressions';

export default defineRule({
  meta: {
    id: 'order-by-random',
    category: 'query',
    defaultSeverity: 'info',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: '`ORDER BY random()` reads and sorts every candidate row to pick a few.',
      why:
        'To order by a random value PostgreSQL must compute random() for every row the query produces and sort ' +
        'them all, even with `LIMIT 1`: the cost grows with the table, and no index can help. On a large table ' +
        'picking one random row this way means a full scan and a top-N sort on every call.',
      instead:
        'For an approximate sample use `TABLESAMPLE SYSTEM (percent)` or `TABLESAMPLE BERNOULLI (percent)` (or the ' +
        '`tsm_system_rows` extension for a fixed row count). For one random row, pick a random key in the id range ' +
        'and take the next existing row through the primary key index. `ORDER BY random()` is fine on small, ' +
        'bounded sets (a few hundred rows).',
      bad: 'SELECT id, question FROM quiz_questions ORDER BY random() LIMIT 10;',
      good: 'SELECT id, question FROM quiz_questions TABLESAMPLE SYSTEM (1) LIMIT 10;',
    },
  },
  create(context) {
    return {
      SortBy(node: SortBy, { statement, parents, field }) {
        // The query's ORDER BY, not an aggregate's or a window's.
        if (field !== 'sortClause' || parents[parents.length - 1]?.tag !== 'SelectStmt') return;
        const call = asNode(node.node, 'FuncCall');
        if (!call || functionName(node.node) !== 'random' || (call.args?.length ?? 0) > 0) return;
        context.report({
          range: { start: statement.offsetOfLocation(call.location), end: statement.offsetOfLocation(call.location) + 'random()'.length },
          message: 'ORDER BY random() computes and sorts a random value for every row; use TABLESAMPLE or a random key lookup on large tables.',
        });
      },
    };
  },
});
