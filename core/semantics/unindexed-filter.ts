/**
 * Queries that filter or join a large table on columns no index leads with: PostgreSQL can only read such a
 * table whole. The predicate columns come from the index advisor's query shape (WHERE and JOIN ... ON
 * conjuncts: equality, IN / = ANY, ranges, join keys); a table counts as large by its row estimate
 * (pg_class.reltuples), which only a database's catalog has, so DDL alone never reports anything.
 *
 * A table is reported when none of its predicate columns is the first key column of a valid index of any
 * method (partial indexes count: whether their predicate applies is the advisor's question). Predicates on
 * expressions (`lower(email) = ...`) are not in the shape, so expression indexes never need matching.
 */
import type { Node, RangeVar } from '@pgsql/types';
import { queryShape } from '../advisor/indexes/query-shape';
import type { ColumnUseKind, TableRef } from '../advisor/indexes/types';
import type { Index, Relation } from '../catalog/model';
import { walkAst } from '../parse/ast';
import type { StatementView } from '../parse/document';
import type { OffsetRange } from '../parse/positions';
import type { SchemaLookup } from './lookup';
import { namePartRanges } from './ranges';

/** Predicates an index on the column's own values serves (patterns, containment and IS NULL need more). */
const FILTER_KINDS: ReadonlySet<ColumnUseKind> = new Set(['equality', 'membership', 'range', 'join']);
/** Relations PostgreSQL stores rows of (a view's or partitioned table's reltuples says nothing). */
const STORED_KINDS: ReadonlySet<Relation['kind']> = new Set(['table', 'materialized-view']);

export interface UnindexedFilter {
  readonly relation: Relation;
  readonly rowEstimate: number;
  /** The filter and join columns of this table, in the order the query uses them. */
  readonly columns: readonly string[];
  /** The table's name where the query reads it. */
  readonly range: OffsetRange;
}

/** The tables of one statement above `minRows` rows whose filter columns no index leads with. */
export function unindexedFilters(statement: StatementView, lookup: SchemaLookup, searchPath: readonly string[], minRows: number): UnindexedFilter[] {
  const ast = statement.ast;
  if (!ast) return [];
  const relationOf = (t: Pick<TableRef, 'schema' | 'name'>): Relation | undefined => lookup.relation(t.schema !== undefined ? { schema: t.schema, name: t.name } : { name: t.name }, searchPath);
  const shape = queryShape(ast, (t) => relationOf(t)?.columns.map((c) => c.name));
  const out: UnindexedFilter[] = [];
  const reported = new Set<string>();
  for (const usage of shape.usages) {
    const relation = relationOf(usage.table);
    const rows = relation?.rowEstimate;
    if (!relation || rows === undefined || rows <= minRows || !STORED_KINDS.has(relation.kind)) continue;
    const known = new Set(relation.columns.map((c) => c.name));
    const columns = [...new Set(usage.uses.filter((u) => FILTER_KINDS.has(u.kind) && known.has(u.column)).map((u) => u.column))];
    if (columns.length === 0) continue;
    const leading = new Set(indexesOf(lookup, relation).flatMap((i) => (i.valid && i.keys[0]?.column !== undefined ? [i.keys[0].column] : [])));
    if (columns.some((c) => leading.has(c))) continue;
    const range = tableRange(statement, ast, usage.table);
    const key = `${range.start}:${range.end}`;
    if (reported.has(key)) continue;
    reported.add(key);
    out.push({ relation, rowEstimate: rows, columns, range });
  }
  return out;
}

/** Every catalog's indexes of the relation (a pending migration's index counts as much as the database's). */
function indexesOf(lookup: SchemaLookup, relation: Relation): Index[] {
  const seen = new Map<string, Index>();
  for (const catalog of lookup.catalogs) for (const index of catalog.indexesOf(relation)) if (!seen.has(index.name)) seen.set(index.name, index);
  return [...seen.values()];
}

/** The relation name of the FROM item (or DML target) the query shape's table came from. */
function tableRange(statement: StatementView, ast: Node, table: TableRef): OffsetRange {
  let found: RangeVar | undefined;
  walkAst(ast, (ref) => {
    if (found) return false;
    if (ref.tag !== 'RangeVar') return undefined;
    const rv = ref.node as RangeVar;
    if (rv.relname === table.name && (rv.schemaname || undefined) === table.schema && (rv.alias?.aliasname ?? rv.relname) === table.alias) found = rv;
    return undefined;
  });
  const parts = namePartRanges(statement, found?.location, found?.schemaname ? 2 : 1);
  return parts?.[parts.length - 1] ?? statement.rangeOfLocation(found?.location);
}

/** The finding's message: the table, its size, the columns, and where to go next. */
export function unindexedFilterMessage(filter: UnindexedFilter, database: string | undefined): string {
  const rows = Math.round(filter.rowEstimate).toLocaleString('en-US');
  const columns = filter.columns.join(', ');
  const which = filter.columns.length === 1 ? `no index starts with ${columns}` : `no index starts with any of ${columns}`;
  return (
    `"${filter.relation.name}" has ~${rows} rows${database ? ` in database "${database}"` : ''} and this query filters or joins it on ${columns}, but ${which}: ` +
    'PostgreSQL has to read the whole table. "Find indexes for this query" (a code action here) or pg-architect advise-indexes proposes and verifies one.'
  );
}
