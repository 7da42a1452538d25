import type { A_Expr, Node } from '@pgsql/types';
import { defineRule, type Fix } from '../types';
import { asNode, stringValues } from '../../parse/ast';

function isNullConstant(node: Node | undefined): boolean {
  return asNode(node, 'A_Const')?.isnull === true;
}

export default defineRule({
  meta: {
    id: 'null-comparison',
    category: 'query',
    defaultSeverity: 'warning',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`= NULL` and `<> NULL` are never true: comparing with NULL yields NULL.',
      why:
        'NULL means "unknown", so `x = NULL` is unknown for every x — even when x is NULL — and a WHERE clause or ' +
        'IF treats unknown as false. The query silently returns no rows (or, with `<> NULL`, no rows either). ' +
        'PostgreSQL only rewrites `= NULL` when the `transform_null_equals` setting is on, which it is not by default.',
      instead: 'Use `x IS NULL` / `x IS NOT NULL`, or `IS [NOT] DISTINCT FROM` to compare two values that may be NULL.',
      bad: "SELECT id FROM orders WHERE shipped_at = NULL;",
      good: "SELECT id FROM orders WHERE shipped_at IS NULL;\nUPDATE orders SET shipped_at = NULL WHERE id = 42;",
      fixed: "SELECT id FROM orders WHERE shipped_at IS NULL;",
    },
  },
  create(context) {
    return {
      A_Expr(node: A_Expr, { statement }) {
        if (node.kind !== 'AEXPR_OP') return;
        const operator = stringValues(node.name).join('.');
        if (operator !== '=' && operator !== '<>' && operator !== '!=') return;
        const nullOnRight = isNullConstant(node.rexpr);
        if (!nullOnRight && !isNullConstant(node.lexpr)) return;
        const opRange = statement.rangeOfLocation(node.location);
        const nullConst = asNode(nullOnRight ? node.rexpr : node.lexpr, 'A_Const');
        const nullRange = statement.rangeOfLocation(nullConst?.location);
        const replacement = operator === '=' ? 'IS NULL' : 'IS NOT NULL';
        // `x = NULL` -> `x IS NULL`: replace the operator through NULL. (`NULL = x` is left to the author.)
        const fixes: Fix[] =
          nullOnRight && nullRange.end > opRange.start
            ? [{ title: `Use ${replacement}`, preferred: true, edits: [{ range: { start: opRange.start, end: nullRange.end }, newText: replacement }] }]
            : [];
        context.report({
          range: { start: Math.min(opRange.start, nullRange.start), end: Math.max(opRange.end, nullRange.end) },
          message: `"${operator} NULL" is never true (the comparison yields NULL); use ${replacement}.`,
          fixes,
        });
      },
    };
  },
});
