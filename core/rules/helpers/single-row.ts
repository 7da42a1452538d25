/**
 * Queries that return at most one row, as query rules recognise them without a catalog: an aggregate without
 * GROUP BY, one VALUES row, no FROM, LIMIT 1, `INSERT ... VALUES (one row) RETURNING`, a SELECT over one-row
 * relations only. Cross joining such a row or selecting INTO from it is deliberate.
 */
import type { FuncCall, Node, SelectStmt } from '@pgsql/types';
import { asNode, stringValues, walkAst } from '../../parse/ast';

/** Built-in aggregates: without GROUP BY (and OVER) a query of them returns exactly one row. */
const AGGREGATES: ReadonlySet<string> = new Set([
  'count', 'sum', 'min', 'max', 'avg', 'every', 'bool_and', 'bool_or', 'bit_and', 'bit_or', 'bit_xor',
  'array_agg', 'string_agg', 'json_agg', 'jsonb_agg', 'json_object_agg', 'jsonb_object_agg', 'xmlagg',
  'stddev', 'stddev_pop', 'stddev_samp', 'variance', 'var_pop', 'var_samp', 'percentile_cont', 'percentile_disc', 'mode',
]);

/** Built-in set-returning functions: a FROM-less SELECT calling one returns as many rows as it yields. */
const SET_RETURNING: ReadonlySet<string> = new Set([
  'generate_series', 'generate_subscripts', 'unnest', 'regexp_matches', 'regexp_split_to_table', 'string_to_table',
  'json_array_elements', 'jsonb_array_elements', 'json_array_elements_text', 'jsonb_array_elements_text', 'json_each',
  'jsonb_each', 'json_each_text', 'jsonb_each_text', 'json_object_keys', 'jsonb_object_keys', 'jsonb_path_query',
]);

function callsSetReturning(targets: readonly Node[] | undefined): boolean {
  let found = false;
  for (const t of targets ?? []) {
    walkAst(t, (ref) => {
      if (ref.tag === 'SubLink') return false;
      if (ref.tag === 'FuncCall' && SET_RETURNING.has(stringValues((ref.node as FuncCall).funcname).join('.').replace(/^pg_catalog\./, ''))) found = true;
      return !found;
    });
  }
  return found;
}

/** True when the target list calls an aggregate outside subqueries and window calls. */
export function callsAggregate(targets: readonly Node[] | undefined): boolean {
  let found = false;
  for (const t of targets ?? []) {
    walkAst(t, (ref) => {
      if (ref.tag === 'SubLink') return false;
      if (ref.tag === 'FuncCall') {
        const f = ref.node as FuncCall;
        if (!f.over && (f.agg_star === true || AGGREGATES.has(stringValues(f.funcname).join('.').replace(/^pg_catalog\./, '')))) found = true;
      }
      return !found;
    });
  }
  return found;
}

/**
 * True when `query` (a SELECT, VALUES or INSERT ... RETURNING) returns at most one row. `oneRowRelations`: names
 * (CTEs) already known to hold one row, so a SELECT reading only those is one row too.
 */
export function returnsAtMostOneRow(query: Node | undefined, oneRowRelations: ReadonlySet<string> = new Set()): boolean {
  const insert = asNode(query, 'InsertStmt');
  if (insert) return returnsAtMostOneRow(insert.selectStmt, oneRowRelations);
  const select = asNode(query, 'SelectStmt');
  if (!select) return false;
  return selectsAtMostOneRow(select, oneRowRelations);
}

function selectsAtMostOneRow(select: SelectStmt, oneRowRelations: ReadonlySet<string>): boolean {
  if (select.valuesLists) return select.valuesLists.length === 1;
  if ((select.op ?? 'SETOP_NONE') !== 'SETOP_NONE') return false;
  if (asNode(select.limitCount, 'A_Const')?.ival?.ival === 1) return true;
  if (select.groupClause?.length) return false;
  if (callsAggregate(select.targetList)) return true;
  const from = select.fromClause ?? [];
  // No FROM, or only one-row relations with no join condition to multiply them; no set-returning call.
  if (callsSetReturning(select.targetList)) return false;
  return from.every((f) => {
    const rv = asNode(f, 'RangeVar');
    return rv !== undefined && !rv.schemaname && oneRowRelations.has(rv.relname ?? '');
  });
}
