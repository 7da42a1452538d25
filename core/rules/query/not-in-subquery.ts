import type { BoolExpr, ColumnRef, Node, SelectStmt, SubLink } from '@pgsql/types';
import { defineRule, type Fix } from '../types';
import type { StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import { asNode, stringValues } from '../../parse/ast';

/** A column reference's written name parts (`o.customer_id` -> ['o', 'customer_id']); undefined for `*`. */
function columnParts(node: Node | undefined): string[] | undefined {
  const ref: ColumnRef | undefined = asNode(node, 'ColumnRef');
  if (!ref?.fields) return undefined;
  const parts = stringValues(ref.fields);
  return parts.length === ref.fields.length ? parts : undefined;
}

/** The subquery is a plain `SELECT col FROM one_relation [WHERE ...]`: rewriting it as NOT EXISTS is mechanical. */
function simpleSubquery(select: SelectStmt): boolean {
  return (
    (select.op ?? 'SETOP_NONE') === 'SETOP_NONE' &&
    !select.distinctClause &&
    !select.groupClause &&
    !select.havingClause &&
    !select.windowClause &&
    !select.limitCount &&
    !select.limitOffset &&
    !select.withClause &&
    !select.sortClause &&
    (select.fromClause?.length ?? 0) === 1 &&
    asNode(select.fromClause?.[0], 'RangeVar') !== undefined &&
    (select.targetList?.length ?? 0) === 1
  );
}

/** `x NOT IN (SELECT t.c FROM t [WHERE w])` -> `NOT EXISTS (SELECT 1 FROM t WHERE [(w) AND ]t.c = x)`. */
function notExistsFix(statement: StatementView, not: BoolExpr, link: SubLink, select: SelectStmt, text: string): Fix | undefined {
  const outer = columnParts(link.testexpr);
  const target = columnParts(asNode(select.targetList?.[0], 'ResTarget')?.val);
  const from = asNode(select.fromClause?.[0], 'RangeVar');
  // Only qualified names on both sides: unqualified ones could resolve differently inside the subquery.
  if (!outer || outer.length < 2 || !target || target.length < 2 || !from) return undefined;
  const qualifier = from.alias?.aliasname ?? from.relname;
  if (outer[outer.length - 2] === qualifier || target[target.length - 2] !== qualifier) return undefined;
  const tokens = statement.tokens();
  const notStart = statement.offsetOfLocation(not.location);
  const subStart = statement.offsetOfLocation(link.location);
  const outerStart = statement.offsetOfLocation(asNode(link.testexpr, 'ColumnRef')?.location);
  const open = tokens.find((t) => t.start >= subStart && t.text === '(');
  if (!open) return undefined;
  let depth = 0;
  const close = tokens.find((t) => {
    if (t.start < open.start) return false;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    return depth === 0;
  });
  if (!close) return undefined;
  const fromToken = tokens.find((t) => t.start > open.start && t.start < close.start && t.text.toUpperCase() === 'FROM');
  const whereToken = tokens.find((t) => t.start > open.start && t.start < close.start && t.text.toUpperCase() === 'WHERE');
  if (!fromToken) return undefined;
  const fromText = text.slice(fromToken.start, whereToken ? whereToken.start : close.start).trimEnd();
  const whereText = whereToken ? text.slice(whereToken.end, close.start).trim() : '';
  const outerText = text.slice(outerStart, notStart).trimEnd();
  const condition = `${whereText ? `(${whereText}) AND ` : ''}${target.join('.')} = ${outerText}`;
  const range: OffsetRange = { start: Math.min(outerStart, notStart), end: close.end };
  return { title: 'Rewrite as NOT EXISTS', edits: [{ range, newText: `NOT EXISTS (SELECT 1 ${fromText} WHERE ${condition})` }] };
}

export default defineRule({
  meta: {
    id: 'not-in-subquery',
    category: 'query',
    defaultSeverity: 'warning',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: '`x NOT IN (SELECT ...)` returns no rows at all as soon as the subquery yields one NULL, and plans poorly.',
      why:
        '`x NOT IN (a, b, NULL)` is never true: `x <> NULL` is unknown, so the whole test is unknown and the row is ' +
        'dropped. One NULL in the subquery\'s column (a nullable foreign key, an outer join) silently empties the ' +
        'result. PostgreSQL also cannot turn NOT IN into an anti-join: it hashes the subquery if it fits in ' +
        'work_mem and otherwise rescans it for every outer row.',
      instead:
        'Use `NOT EXISTS (SELECT 1 FROM t WHERE t.col = x)`, which ignores NULLs in the subquery and is planned as ' +
        'an anti-join. Note it also keeps rows where x itself is NULL (NOT IN drops them); add `x IS NOT NULL` if ' +
        'that matters. The quick fix is offered for simple subqueries with qualified column names.',
      bad: 'SELECT c.id FROM customers c\nWHERE c.id NOT IN (SELECT o.customer_id FROM orders o);',
      good: 'SELECT c.id FROM customers c\nWHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);\n\nSELECT id FROM orders WHERE status NOT IN (\'cancelled\', \'refunded\');',
      fixed: 'SELECT c.id FROM customers c\nWHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id);',
    },
  },
  create(context) {
    return {
      BoolExpr(node, { statement }) {
        if (node.boolop !== 'NOT_EXPR' || node.args?.length !== 1) return;
        const link = asNode(node.args[0], 'SubLink');
        if (!link || link.subLinkType !== 'ANY_SUBLINK') return;
        const op = stringValues(link.operName);
        if (op.length > 0 && op.join('.') !== '=') return;
        const select = asNode(link.subselect, 'SelectStmt');
        const notRange = statement.rangeOfLocation(node.location);
        const inRange = statement.rangeOfLocation(link.location);
        const fix = select && simpleSubquery(select) ? notExistsFix(statement, node, link, select, context.document.text) : undefined;
        context.report({
          range: { start: Math.min(notRange.start, inRange.start), end: Math.max(notRange.end, inRange.end) },
          message: 'NOT IN (SELECT ...) returns no rows if the subquery yields any NULL, and cannot use an anti-join; use NOT EXISTS.',
          fixes: fix ? [fix] : [],
        });
      },
    };
  },
});
