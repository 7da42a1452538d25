import type { A_Expr, Node, SelectStmt, SubLink } from '@pgsql/types';
import { defineRule, type Fix } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode, stringValues } from '../../parse/ast';
import { functionName, integerConstant } from '../helpers/expressions';

/** `(SELECT count(*) FROM ...)` with no grouping: exactly one row, the number of rows FROM/WHERE produce. */
function countSubquery(node: Node | undefined): { link: SubLink; select: SelectStmt } | undefined {
  const link = asNode(node, 'SubLink');
  if (!link || link.subLinkType !== 'EXPR_SUBLINK') return undefined;
  const select = asNode(link.subselect, 'SelectStmt');
  if (!select || (select.op ?? 'SETOP_NONE') !== 'SETOP_NONE' || (select.targetList?.length ?? 0) !== 1) return undefined;
  if (select.groupClause || select.havingClause || select.distinctClause || select.windowClause || select.limitCount || select.limitOffset || select.withClause) return undefined;
  if (!select.fromClause || select.fromClause.length === 0) return undefined;
  const value = asNode(select.targetList?.[0], 'ResTarget')?.val;
  const call = asNode(value, 'FuncCall');
  if (!call || functionName(value) !== 'count' || call.agg_distinct || call.agg_filter || call.over) return undefined;
  // count(*) or count(1): every row counts. count(col) skips NULLs and is not the same as EXISTS.
  const countsRows = call.agg_star === true || (call.args?.length === 1 && integerConstant(call.args[0]) !== undefined);
  return countsRows ? { link, select } : undefined;
}

type Meaning = 'exists' | 'not exists';

/** What `count <op> n` (count on the `side`) means, when it is a test for any / no rows. */
function meaning(op: string, n: number, countOnLeft: boolean): Meaning | undefined {
  const flipped: Record<string, string> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '=': '=', '<>': '<>', '!=': '!=' };
  const o = countOnLeft ? op : flipped[op];
  if ((o === '>' && n === 0) || (o === '>=' && n === 1) || ((o === '<>' || o === '!=') && n === 0)) return 'exists';
  if ((o === '=' && n === 0) || (o === '<' && n === 1) || (o === '<=' && n === 0)) return 'not exists';
  return undefined;
}

function existsFix(statement: StatementView, expr: A_Expr, link: SubLink, constant: Node, what: Meaning, text: string): Fix | undefined {
  const tokens = statement.tokens();
  const subStart = statement.offsetOfLocation(link.location);
  const open = tokens.find((t) => t.start >= subStart && t.text === '(');
  if (!open) return undefined;
  let depth = 0;
  let fromToken: (typeof tokens)[number] | undefined;
  const close = tokens.find((t) => {
    if (t.start < open.start) return false;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 1 && !fromToken && t.text.toUpperCase() === 'FROM') fromToken = t;
    return depth === 0;
  });
  const constRange = statement.rangeOfLocation(asNode(constant, 'A_Const')?.location);
  if (!close || !fromToken || constRange.end <= constRange.start) return undefined;
  const start = Math.min(open.start, constRange.start);
  const end = Math.max(close.end, constRange.end);
  // Nothing but the comparison operator may lie between the subquery and the constant.
  const between = open.start < constRange.start ? text.slice(close.end, constRange.start) : text.slice(constRange.end, open.start);
  const op = stringValues(expr.name).join('.');
  if (between.trim() !== op) return undefined;
  const body = text.slice(fromToken.start, close.start).trimEnd();
  const newText = `${what === 'exists' ? 'EXISTS' : 'NOT EXISTS'} (SELECT 1 ${body})`;
  return { title: `Use ${what === 'exists' ? 'EXISTS' : 'NOT EXISTS'}`, preferred: true, edits: [{ range: { start, end }, newText }] };
}

export default defineRule({
  meta: {
    id: 'count-instead-of-exists',
    category: 'query',
    defaultSeverity: 'info',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`(SELECT count(*) FROM ...) > 0` counts every matching row to answer a yes/no question; use EXISTS.',
      why:
        'count(*) has to visit every row that matches to produce the number, so on a busy table the test costs as ' +
        'much as reading all matches. EXISTS stops at the first row, and the planner can turn it into a semi-join. ' +
        '`count(*) > 0`, `count(*) >= 1` and `count(*) <> 0` mean EXISTS; `count(*) = 0` means NOT EXISTS.',
      instead:
        'Write `EXISTS (SELECT 1 FROM ... WHERE ...)` (or `NOT EXISTS`). The quick fix rewrites the comparison; ' +
        'it is only offered for count(*) / count(1) without GROUP BY, DISTINCT or LIMIT, where the two are equivalent. ' +
        'In PL/pgSQL, `IF EXISTS (...) THEN` and `PERFORM ...; IF FOUND` do the same.',
      bad: 'SELECT c.id FROM customers c\nWHERE (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) > 0;',
      good:
        'SELECT c.id FROM customers c\nWHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);\n\n' +
        'SELECT c.id FROM customers c\nWHERE (SELECT count(*) FROM orders o WHERE o.customer_id = c.id) > 10;',
      fixed: 'SELECT c.id FROM customers c\nWHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);',
    },
  },
  create(context) {
    return {
      A_Expr(node: A_Expr, { statement }) {
        if (node.kind !== 'AEXPR_OP') return;
        const op = stringValues(node.name).join('.');
        const left = countSubquery(node.lexpr);
        const right = left ? undefined : countSubquery(node.rexpr);
        const found = left ?? right;
        if (!found) return;
        const constant = left ? node.rexpr : node.lexpr;
        const n = integerConstant(constant);
        if (n === undefined) return;
        const what = meaning(op, n, left !== undefined);
        if (!what) return;
        const fix = existsFix(statement, node, found.link, constant as Node, what, context.document.text);
        const countCall = asNode(asNode(found.select.targetList?.[0], 'ResTarget')?.val, 'FuncCall');
        const start = statement.offsetOfLocation(countCall?.location);
        const opRange = statement.rangeOfLocation(node.location);
        context.report({
          range: { start: Math.min(start, opRange.start), end: Math.max(start + 'count'.length, opRange.end) },
          message: `Counting rows to test for ${what === 'exists' ? 'any' : 'none'} reads every match; use ${what === 'exists' ? 'EXISTS' : 'NOT EXISTS'} (SELECT 1 ...), which stops at the first.`,
          fixes: fix ? [fix] : [],
        });
      },
    };
  },
});
