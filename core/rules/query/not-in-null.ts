import type { A_Expr } from '@pgsql/types';
import { defineRule, type Fix } from '../types';
import { asNode, stringValues } from '../../parse/ast';

export default defineRule({
  meta: {
    id: 'not-in-null',
    category: 'query',
    defaultSeverity: 'error',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`x NOT IN (..., NULL)` is never true: the condition filters out every row.',
      why:
        '`x NOT IN (a, b, NULL)` means `x <> a AND x <> b AND x <> NULL`. The last comparison is NULL (unknown) for ' +
        'every x, so the whole condition is either false or unknown, never true: a WHERE clause keeps no rows, a ' +
        'CHECK constraint accepts everything, an IF never takes its branch. This is almost always a typo or a ' +
        'list built from data that contained a NULL.',
      instead:
        'Remove NULL from the list, and if NULL values of x should be excluded too, say so: ' +
        '`x NOT IN (a, b) AND x IS NOT NULL`. The quick fix removes the NULL (which changes the result from ' +
        '"nothing" to what the list of values means, so review it).',
      bad: "SELECT id FROM orders WHERE status NOT IN ('cancelled', NULL);",
      good: "SELECT id FROM orders WHERE status NOT IN ('cancelled', 'refunded');\nSELECT id FROM orders WHERE status IN ('new', NULL);",
      fixed: "SELECT id FROM orders WHERE status NOT IN ('cancelled');",
    },
  },
  create(context) {
    return {
      A_Expr(node: A_Expr, { statement }) {
        if (node.kind !== 'AEXPR_IN' || stringValues(node.name).join('.') !== '<>') return;
        const items = asNode(node.rexpr, 'List')?.items ?? [];
        const nullIndex = items.findIndex((i) => asNode(i, 'A_Const')?.isnull === true);
        if (nullIndex < 0) return;
        const nullConst = asNode(items[nullIndex], 'A_Const');
        const nullRange = statement.rangeOfLocation(nullConst?.location);
        const fixes: Fix[] = [];
        if (items.length > 1 && nullRange.end > nullRange.start) {
          // Remove `, NULL` (or `NULL, ` when it is first) using the neighbouring item's position.
          const tokens = statement.tokens();
          const i = tokens.findIndex((t) => t.start === nullRange.start);
          const before = tokens[i - 1];
          const after = tokens[i + 1];
          if (i > 0 && nullIndex > 0 && before?.text === ',') {
            fixes.push({ title: 'Remove NULL from the NOT IN list', edits: [{ range: { start: before.start, end: nullRange.end }, newText: '' }] });
          } else if (nullIndex === 0 && after?.text === ',') {
            const next = tokens[i + 2];
            if (next) fixes.push({ title: 'Remove NULL from the NOT IN list', edits: [{ range: { start: nullRange.start, end: next.start }, newText: '' }] });
          }
        }
        context.report({
          range: nullRange,
          message: 'NOT IN with a NULL in the list is never true (it yields false or NULL for every value): a filter keeps no rows, a CHECK accepts everything.',
          fixes,
        });
      },
    };
  },
});
