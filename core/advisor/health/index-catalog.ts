/**
 * Every index of the user's tables with what the overlap and foreign-key checks compare: columns, operator
 * classes, collations, options, expressions and predicate. Columns are attribute numbers; 0 is an expression.
 */
import { exclusivelyLocked, relationBytes, userRelation, vector } from './sql';
import type { CheckContext } from './types';

export interface IndexInfo {
  readonly oid: number;
  readonly tableOid: number;
  /** Quoted, schema-qualified. */
  readonly table: string;
  readonly name: string;
  readonly am: string;
  /** Key columns then INCLUDE columns. */
  readonly columns: readonly number[];
  readonly keyCount: number;
  readonly classes: readonly number[];
  readonly collations: readonly number[];
  readonly options: readonly number[];
  readonly expressions: string | null;
  readonly predicate: string | null;
  readonly unique: boolean;
  readonly primary: boolean;
  /** Backs a PRIMARY KEY, UNIQUE or EXCLUDE constraint (dropping it means dropping the constraint). */
  readonly constraint: string | null;
  readonly valid: boolean;
  readonly nullsNotDistinct: boolean;
  readonly bytes: number;
  readonly scans: number | null;
  /** The table is partitioned: its indexes cannot be created or dropped CONCURRENTLY. */
  readonly partitioned: boolean;
}

interface Row {
  oid: string;
  table_oid: string;
  table_name: string;
  index_name: string;
  am: string;
  columns: string;
  key_count: number;
  classes: string;
  collations: string;
  options: string;
  expressions: string | null;
  predicate: string | null;
  unique: boolean;
  primary: boolean;
  constraint_name: string | null;
  valid: boolean;
  nulls_not_distinct: boolean;
  bytes: string;
  scans: string | null;
  relkind: string;
}

export async function readIndexes(ctx: CheckContext): Promise<IndexInfo[]> {
  const rows = await ctx.query<Row>(`
    SELECT i.indexrelid::int8 AS oid, i.indrelid::int8 AS table_oid,
           format('%I.%I', n.nspname, t.relname) AS table_name, format('%I.%I', n.nspname, c.relname) AS index_name,
           am.amname AS am, i.indkey::text AS columns, i.indnkeyatts AS key_count,
           i.indclass::text AS classes, i.indcollation::text AS collations, i.indoption::text AS options,
           -- pg_get_expr opens the table: on one locked exclusively, compare the stored node trees instead.
           CASE WHEN ${exclusivelyLocked('i.indrelid')} THEN i.indexprs::text ELSE pg_catalog.pg_get_expr(i.indexprs, i.indrelid) END AS expressions,
           CASE WHEN ${exclusivelyLocked('i.indrelid')} THEN i.indpred::text ELSE pg_catalog.pg_get_expr(i.indpred, i.indrelid) END AS predicate,
           i.indisunique AS unique, i.indisprimary AS primary, i.indisvalid AS valid,
           ${ctx.serverVersion >= 15 ? 'i.indnullsnotdistinct' : 'false'} AS nulls_not_distinct,
           (SELECT k.conname FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x') LIMIT 1) AS constraint_name,
           (${relationBytes('c')})::int8 AS bytes, s.idx_scan::int8 AS scans,
           t.relkind::text AS relkind
      FROM pg_catalog.pg_index i
      JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
      JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
      JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_catalog.pg_am am ON am.oid = c.relam
      LEFT JOIN pg_catalog.pg_stat_all_indexes s ON s.indexrelid = i.indexrelid
     WHERE t.relkind IN ('r', 'm', 'p') AND ${userRelation('t', 'n')}
     ORDER BY n.nspname, t.relname, c.relname`);
  return rows.map((r) => ({
    oid: Number(r.oid),
    tableOid: Number(r.table_oid),
    table: r.table_name,
    name: r.index_name,
    am: r.am,
    columns: vector(r.columns),
    keyCount: r.key_count,
    classes: vector(r.classes),
    collations: vector(r.collations),
    options: vector(r.options),
    expressions: r.expressions,
    predicate: r.predicate,
    unique: r.unique,
    primary: r.primary,
    constraint: r.constraint_name,
    valid: r.valid,
    nullsNotDistinct: r.nulls_not_distinct,
    bytes: Number(r.bytes),
    scans: r.scans === null ? null : Number(r.scans),
    partitioned: r.relkind === 'p',
  }));
}
