/**
 * The tables a query block reads (FROM, JOIN, UPDATE's target and FROM, DELETE's target and USING) and how its
 * column references resolve to them: by qualifier (alias, or relation name when not aliased), else the only
 * table in scope, else the only table whose columns include the name; then the enclosing blocks' scopes, for
 * correlated subqueries.
 */
import type { Node, RangeVar } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { TableRef } from './types';

export interface Scope {
  readonly tables: readonly TableRef[];
  /** FROM items that are not plain tables (subqueries, functions, CTEs): unqualified names may be theirs. */
  readonly opaque: number;
  readonly outer: Scope | undefined;
  /** Join conditions found in the FROM clause (JOIN ... ON). */
  readonly joinQuals: readonly Node[];
}

export interface ResolvedColumn {
  readonly table: TableRef;
  readonly column: string;
  /** Found in an enclosing block's scope (a correlated reference). */
  readonly outer: boolean;
}

/** Columns of a table when the catalog knows them (to attribute unqualified names in joins). */
export type ColumnsOf = (table: TableRef) => readonly string[] | undefined;

export function tableKey(t: Pick<TableRef, 'schema' | 'name'>): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

function tableOf(rv: RangeVar, cteNames: ReadonlySet<string>): TableRef | undefined {
  if (!rv.relname) return undefined;
  if (!rv.schemaname && cteNames.has(rv.relname)) return undefined;
  return { ...(rv.schemaname ? { schema: rv.schemaname } : {}), name: rv.relname, alias: rv.alias?.aliasname ?? rv.relname };
}

/** Builds the scope of one block from its FROM items (plus the DML target relation, if any). */
export function buildScope(items: readonly Node[], target: RangeVar | undefined, cteNames: ReadonlySet<string>, outer: Scope | undefined): Scope {
  const tables: TableRef[] = [];
  const joinQuals: Node[] = [];
  let opaque = 0;
  const add = (node: Node): void => {
    const rv = asNode(node, 'RangeVar');
    if (rv) {
      const t = tableOf(rv, cteNames);
      if (t) tables.push(t);
      else opaque++;
      return;
    }
    const join = asNode(node, 'JoinExpr');
    if (join) {
      if (join.larg) add(join.larg);
      if (join.rarg) add(join.rarg);
      if (join.quals) joinQuals.push(join.quals);
      return;
    }
    opaque++;
  };
  if (target) {
    const t = tableOf(target, cteNames);
    if (t) tables.push(t);
  }
  for (const item of items) add(item);
  return { tables, opaque, outer, joinQuals };
}

/** The column a reference names, with its table, or undefined when it cannot be attributed. */
export function resolveColumn(ref: Node | undefined, scope: Scope, columnsOf: ColumnsOf | undefined): ResolvedColumn | undefined {
  const cr = asNode(ref, 'ColumnRef');
  if (!cr) return undefined;
  const parts = stringValues(cr.fields);
  if (parts.length === 0 || parts.length !== (cr.fields?.length ?? 0)) return undefined;
  const column = parts[parts.length - 1];
  let outer = false;
  for (let s: Scope | undefined = scope; s; s = s.outer, outer = true) {
    const found = resolveIn(parts, column, s, columnsOf);
    if (found === 'ambiguous') return undefined;
    if (found) return { table: found, column, outer };
  }
  return undefined;
}

function resolveIn(parts: readonly string[], column: string, scope: Scope, columnsOf: ColumnsOf | undefined): TableRef | 'ambiguous' | undefined {
  if (parts.length >= 2) {
    const qualifier = parts[parts.length - 2];
    const schema = parts.length >= 3 ? parts[parts.length - 3] : undefined;
    return scope.tables.find((t) => t.alias === qualifier && (schema === undefined || t.schema === schema));
  }
  const having = columnsOf ? scope.tables.filter((t) => columnsOf(t)?.includes(column)) : [];
  if (having.length === 1) return having[0];
  if (having.length > 1) return 'ambiguous';
  if (scope.tables.length === 1 && scope.opaque === 0 && (!columnsOf || columnsOf(scope.tables[0]) === undefined)) return scope.tables[0];
  return undefined;
}
