/**
 * The columns a plan condition tests, read with PostgreSQL's own parser: `((status)::text = 'paid'::text) AND
 * (created_at > '2024-01-01')` -> status (equality), created_at (range). Index suggestions order equality
 * columns first, then one range column, as a B-tree uses them.
 */
import type { Node } from '@pgsql/types';
import { parseStatementText } from '../parse/parser';
import { asNode, stringValues, walkAst } from '../parse/ast';

export type PredicateKind = 'equality' | 'range' | 'pattern' | 'membership' | 'null-test' | 'containment' | 'other';

export interface ColumnPredicate {
  /** The column name as PostgreSQL printed it (relation qualifier dropped). */
  readonly column: string;
  /** The relation or alias qualifier, when printed. */
  readonly qualifier?: string;
  readonly kind: PredicateKind;
  /** For patterns no B-tree can use: a leading wildcard (`LIKE '%x'`), an unanchored regex, case-insensitive. */
  readonly leadingWildcard?: boolean;
  /**
   * What the column is compared with: a value (a constant, a parameter, a function of them) or another column
   * (a join condition, or two columns of one row, which no index on either serves).
   */
  readonly comparedWith: 'value' | 'column';
  /** For containment (`@>`, `&&`, `?`): the operator and what the value is, which decide the GIN operator class. */
  readonly operator?: string;
  readonly valueType?: 'jsonb' | 'array';
}

const RANGE_OPS = new Set(['<', '<=', '>', '>=']);
const PATTERN_OPS = new Set(['~~', '~~*', '!~~', '!~~*', '~', '~*']);
/** Operators a B-tree cannot serve but a GIN index can (jsonb and array containment, key existence). */
const CONTAINMENT_OPS = new Set(['@>', '<@', '&&', '?', '?|', '?&']);

/** Whether a value is jsonb or an array, from its cast (`'{"a":1}'::jsonb`, `'{1,2}'::integer[]`) or form (ARRAY[...]). */
function valueTypeOf(node: Node | undefined): 'jsonb' | 'array' | undefined {
  if (asNode(node, 'A_ArrayExpr')) return 'array';
  const cast = asNode(node, 'TypeCast');
  if (!cast) return undefined;
  const type = cast.typeName;
  if ((type?.arrayBounds?.length ?? 0) > 0) return 'array';
  const name = stringValues(type?.names).pop();
  if (name === 'jsonb') return 'jsonb';
  if (name?.startsWith('_')) return 'array';
  return valueTypeOf(cast.arg);
}

/** Strips casts and parentheses to find the column under `(status)::text`. */
function columnOf(node: Node | undefined): { column: string; qualifier?: string } | undefined {
  let current = node;
  for (;;) {
    const cast = asNode(current, 'TypeCast');
    if (cast) {
      current = cast.arg;
      continue;
    }
    break;
  }
  const ref = asNode(current, 'ColumnRef');
  if (!ref) return undefined;
  const parts = stringValues(ref.fields);
  if (parts.length === 0 || parts.length !== (ref.fields?.length ?? 0)) return undefined;
  return { column: parts[parts.length - 1], ...(parts.length > 1 ? { qualifier: parts[parts.length - 2] } : {}) };
}

function isValue(node: Node | undefined): boolean {
  let current = node;
  while (asNode(current, 'TypeCast')) current = asNode(current, 'TypeCast')?.arg;
  return asNode(current, 'A_Const') !== undefined || asNode(current, 'ParamRef') !== undefined || asNode(current, 'A_ArrayExpr') !== undefined || asNode(current, 'FuncCall') !== undefined;
}

function constantText(node: Node | undefined): string | undefined {
  let current = node;
  while (asNode(current, 'TypeCast')) current = asNode(current, 'TypeCast')?.arg;
  return asNode(current, 'A_Const')?.sval?.sval;
}

/** Column predicates of a condition as EXPLAIN prints it; empty when it does not parse. */
export function conditionColumns(condition: string): ColumnPredicate[] {
  const outcome = parseStatementText(`SELECT 1 WHERE ${condition}`);
  const ast = outcome.stmts[0]?.stmt;
  if (!ast || outcome.error) return [];
  const out: ColumnPredicate[] = [];
  walkAst(ast, (ref) => {
    if (ref.tag === 'A_Expr') {
      const e = ref.node as { kind?: string; name?: Node[]; lexpr?: Node; rexpr?: Node };
      const op = stringValues(e.name).join('.');
      const left = columnOf(e.lexpr);
      const right = columnOf(e.rexpr);
      const againstValue = left && isValue(e.rexpr) ? left : right && isValue(e.lexpr) ? right : undefined;
      const found = againstValue ?? left;
      if (!found) return;
      const col = { ...found, comparedWith: againstValue || e.kind === 'AEXPR_IN' ? ('value' as const) : ('column' as const) };
      if (e.kind === 'AEXPR_IN' || (e.kind === 'AEXPR_OP_ANY' && op === '=')) out.push({ ...col, kind: 'membership' });
      else if (e.kind === 'AEXPR_OP' && op === '=') out.push({ ...col, kind: 'equality' });
      else if (e.kind === 'AEXPR_OP' && RANGE_OPS.has(op)) out.push({ ...col, kind: 'range' });
      else if (e.kind === 'AEXPR_BETWEEN') out.push({ ...col, kind: 'range' });
      else if (e.kind === 'AEXPR_OP' && CONTAINMENT_OPS.has(op)) {
        const valueType = valueTypeOf(found === left ? e.rexpr : e.lexpr) ?? (op.startsWith('?') ? 'jsonb' : undefined);
        out.push({ ...col, kind: 'containment', operator: op, ...(valueType ? { valueType } : {}) });
      }
      else if ((e.kind === 'AEXPR_OP' && PATTERN_OPS.has(op)) || e.kind === 'AEXPR_LIKE' || e.kind === 'AEXPR_ILIKE') {
        const pattern = constantText(found === left ? e.rexpr : e.lexpr);
        // LIKE: a leading % or _; regular expressions: not anchored with ^. Either way a B-tree cannot help.
        const regex = op === '~' || op === '~*';
        const unanchored = pattern !== undefined && (regex ? !pattern.startsWith('^') : /^[%_]/.test(pattern));
        out.push({ ...col, kind: 'pattern', leadingWildcard: unanchored || op.endsWith('*') || e.kind === 'AEXPR_ILIKE' });
      } else out.push({ ...col, kind: 'other' });
      // Column against column: the other side is a column too (the inner side of a join may be either).
      const last = out[out.length - 1];
      if (col.comparedWith === 'column' && right && found === left && last.kind !== 'pattern') out.push({ ...right, kind: last.kind, comparedWith: 'column' });
      return false;
    }
    if (ref.tag === 'NullTest') {
      const col = columnOf((ref.node as { arg?: Node }).arg);
      if (col) out.push({ ...col, kind: 'null-test', comparedWith: 'value' });
      return false;
    }
    return undefined;
  });
  return out;
}

/** B-tree column order for a condition: equality and membership columns, then the first range column. */
export function indexColumns(predicates: readonly ColumnPredicate[]): string[] {
  const columns: string[] = [];
  const addOnce = (c: string): void => {
    if (!columns.includes(c)) columns.push(c);
  };
  for (const p of predicates) if (p.kind === 'equality' || p.kind === 'membership') addOnce(p.column);
  const range = predicates.find((p) => p.kind === 'range' || (p.kind === 'pattern' && !p.leadingWildcard));
  if (range) addOnce(range.column);
  return columns;
}
