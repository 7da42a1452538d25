/**
 * Small readers over expressions for query rules: the AND-conjuncts of a condition, the column references an
 * expression mentions, whether an expression is free of columns (a constant, a parameter, now()), and
 * comparison operators.
 */
import type { ColumnRef, Node, SelectStmt } from '@pgsql/types';
import { asNode, stringValues, walkAst } from '../../parse/ast';

/** The conjuncts of `a AND b AND c` (nested ANDs flattened); the node itself otherwise. */
export function conjuncts(node: Node | undefined): Node[] {
  if (!node) return [];
  const bool = asNode(node, 'BoolExpr');
  if (bool?.boolop === 'AND_EXPR') return (bool.args ?? []).flatMap((a) => conjuncts(a));
  return [node];
}

/** The disjuncts of `a OR b OR c` (nested ORs flattened). */
export function disjuncts(node: Node | undefined): Node[] {
  if (!node) return [];
  const bool = asNode(node, 'BoolExpr');
  if (bool?.boolop === 'OR_EXPR') return (bool.args ?? []).flatMap((a) => disjuncts(a));
  return [node];
}

/** Every ColumnRef under `node`, subqueries included. */
export function columnRefs(node: Node | undefined): ColumnRef[] {
  const out: ColumnRef[] = [];
  if (!node) return out;
  walkAst(node, (ref) => {
    if (ref.tag === 'ColumnRef') out.push(ref.node as ColumnRef);
  });
  return out;
}

/** Written name parts of a column reference (`o.customer_id` -> ['o', 'customer_id']); undefined for `*`. */
export function columnNameParts(ref: ColumnRef | undefined): string[] | undefined {
  if (!ref?.fields) return undefined;
  const parts = stringValues(ref.fields);
  return parts.length === ref.fields.length ? parts : undefined;
}

/** The relation qualifier of a column reference (`o` of `o.id`, `t` of `s.t.id`); undefined when unqualified. */
export function columnQualifier(ref: ColumnRef): string | undefined {
  const parts = stringValues(ref.fields);
  const n = ref.fields?.length ?? 0;
  if (n < 2) return undefined;
  // `t.*`: the A_Star is not a String.
  return asNode(ref.fields?.[n - 1], 'A_Star') ? parts[parts.length - 1] : parts[parts.length - 2];
}

/** True when the expression mentions no column and no subquery: constants, parameters, casts and calls of those. */
export function isColumnFree(node: Node | undefined): boolean {
  if (!node) return false;
  let free = true;
  walkAst(node, (ref) => {
    if (ref.tag === 'ColumnRef' || ref.tag === 'SubLink') free = false;
    return free;
  });
  return free;
}

/** `=`, `<`, ... of an AEXPR_OP, or undefined for other expressions. */
export function operatorOf(node: Node | undefined): string | undefined {
  const expr = asNode(node, 'A_Expr');
  if (!expr || expr.kind !== 'AEXPR_OP') return undefined;
  return stringValues(expr.name).join('.');
}

export const COMPARISONS: ReadonlySet<string> = new Set(['=', '<', '>', '<=', '>=', '<>', '!=']);

/** Function name without pg_catalog, lower-case as parsed. */
export function functionName(node: Node | undefined): string | undefined {
  const call = asNode(node, 'FuncCall');
  if (!call) return undefined;
  const names = stringValues(call.funcname);
  if (names.length === 2 && names[0] === 'pg_catalog') return names[1];
  return names.join('.');
}

/** The SELECTs of a set operation's branches (the statement itself when it is not one). */
export function setOperationBranches(select: SelectStmt): SelectStmt[] {
  if ((select.op ?? 'SETOP_NONE') === 'SETOP_NONE') return [select];
  return [...(select.larg ? setOperationBranches(select.larg) : []), ...(select.rarg ? setOperationBranches(select.rarg) : [])];
}

/** Integer value of a constant (`1000`, `'1000'`), or undefined. */
export function integerConstant(node: Node | undefined): number | undefined {
  const c = asNode(node, 'A_Const');
  if (c?.ival) return c.ival.ival ?? 0;
  if (c?.fval?.fval && /^\d+$/.test(c.fval.fval)) return Number(c.fval.fval);
  return undefined;
}
