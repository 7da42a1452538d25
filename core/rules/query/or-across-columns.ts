import type { Node } from '@pgsql/types';
import { defineRule } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode } from '../../parse/ast';
import { COMPARISONS, columnNameParts, conjuncts, disjuncts, isColumnFree, operatorOf } from '../helpers/expressions';
import type { RuleContext } from '../types';

/** The column a simple filter tests (`a = 1`, `a IN (...)`, `a IS NULL`, `a LIKE 'x%'`), written as in the query. */
function filteredColumn(node: Node): string | undefined {
  const test = asNode(node, 'NullTest');
  if (test) {
    const parts = columnNameParts(asNode(test.arg, 'ColumnRef'));
    return parts?.join('.');
  }
  const expr = asNode(node, 'A_Expr');
  if (!expr) return undefined;
  const op = operatorOf(node);
  const simple = (op !== undefined && COMPARISONS.has(op)) || expr.kind === 'AEXPR_IN' || expr.kind === 'AEXPR_LIKE' || expr.kind === 'AEXPR_BETWEEN';
  if (!simple) return undefined;
  const left = columnNameParts(asNode(expr.lexpr, 'ColumnRef'));
  if (left && isColumnFree(expr.rexpr)) return left.join('.');
  const right = columnNameParts(asNode(expr.rexpr, 'ColumnRef'));
  if (right && op !== undefined && isColumnFree(expr.lexpr)) return right.join('.');
  return undefined;
}

function consider(context: RuleContext, statement: StatementView, where: Node | undefined): void {
  for (const c of conjuncts(where)) {
    const bool = asNode(c, 'BoolExpr');
    if (bool?.boolop !== 'OR_EXPR') continue;
    const arms = disjuncts(c);
    const columns = arms.map(filteredColumn);
    if (columns.some((col) => col === undefined)) continue;
    const distinct = [...new Set(columns)];
    if (distinct.length < 2) continue;
    // `x IS NULL` arms test outer-join misses, not indexed lookups; arms on different tables of a join filter
    // the joined rows, where a per-table index would not help anyway.
    if (arms.some((a) => asNode(a, 'NullTest') !== undefined)) continue;
    const qualifiers = new Set(distinct.map((col) => (col ?? '').split('.').slice(0, -1).join('.')));
    if (qualifiers.size > 1) continue;
    const first = statement.offsetOfLocation(locationOf(arms[0]));
    const lastArm = arms[arms.length - 1];
    const lastStart = statement.offsetOfLocation(endLocationOf(lastArm));
    const lastToken = statement.tokens().find((t) => t.start >= lastStart);
    context.report({
      range: { start: first, end: Math.max(first + 1, lastToken?.end ?? first + 1) },
      message: `OR across different columns (${distinct.join(', ')}): one index cannot serve it; each column needs its own index (BitmapOr), or split the query with UNION.`,
    });
  }
}

/** Where the last token of a simple filter starts (its constant or parameter), for the end of the range. */
function endLocationOf(node: Node): number | undefined {
  const expr = asNode(node, 'A_Expr');
  const r = expr?.rexpr;
  return asNode(r, 'A_Const')?.location ?? asNode(r, 'ParamRef')?.location ?? locationOf(node);
}

function locationOf(node: Node): number | undefined {
  const test = asNode(node, 'NullTest');
  if (test) return asNode(test.arg, 'ColumnRef')?.location;
  const expr = asNode(node, 'A_Expr');
  return asNode(expr?.lexpr, 'ColumnRef')?.location ?? expr?.location;
}

export default defineRule({
  meta: {
    id: 'or-across-columns',
    category: 'query',
    defaultSeverity: 'info',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: '`WHERE a = $1 OR b = $2`: an OR over different columns cannot use one index.',
      why:
        'An index on `(a)` finds the rows with `a = $1` but says nothing about rows with `b = $2`, and a ' +
        'composite index on `(a, b)` does not help the `b` arm either. PostgreSQL can only combine one index per ' +
        'column in a BitmapOr; when any arm has no usable index, it falls back to a sequential scan of the ' +
        'whole table.',
      instead:
        'Make sure each column tested in the OR has its own index (the plan should show a BitmapOr), or split ' +
        'the query into `SELECT ... WHERE a = $1 UNION SELECT ... WHERE b = $2`, each arm using its index. ' +
        'ORs over one column (`a = 1 OR a = 2`, better written `a IN (1, 2)`), ORs with `IS NULL` arms and ORs over ' +
        'columns of different tables are not reported.',
      bad: 'SELECT id FROM users WHERE email = $1 OR phone = $2;',
      good:
        'SELECT id FROM users WHERE email = $1\nUNION\nSELECT id FROM users WHERE phone = $2;\n\n' +
        "SELECT id FROM orders WHERE status = 'new' OR status = 'open';",
    },
  },
  create(context) {
    return {
      SelectStmt(node, { statement }) {
        consider(context, statement, node.whereClause);
      },
      UpdateStmt(node, { statement }) {
        consider(context, statement, node.whereClause);
      },
      DeleteStmt(node, { statement }) {
        consider(context, statement, node.whereClause);
      },
    };
  },
});
