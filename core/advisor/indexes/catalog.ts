/**
 * What the advisor reads from the database for the tables a statement uses — their columns and types, row
 * estimates, pg_stats and existing indexes (pg_index) — and whether pg_trgm and HypoPG are installed. Read-only
 * catalog queries on any Session (a server or the embedded PGlite).
 */
import { quoteIdentifier } from '../../catalog/names';
import type { Session } from '../../db/session';
import { parseArrayLiteral } from './array-literal';
import { tableKey } from './scope';
import type { AdvisorEnvironment, ColumnStats, ExistingIndex, TableFacts, TableRef } from './types';

interface RelationRow {
  oid: number;
  schema: string;
  name: string;
  rows: number;
}

interface IndexRow {
  name: string;
  method: string;
  valid: boolean;
  nkey: number;
  predicate: string | null;
  columns: string;
  opclasses: string;
}

interface StatsRow {
  attname: string;
  n_distinct: number | null;
  null_frac: number | null;
  mcv: string | null;
  mcf: string | null;
}

async function relation(session: Session, table: Pick<TableRef, 'schema' | 'name'>): Promise<RelationRow | undefined> {
  const name = table.schema ? `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}` : quoteIdentifier(table.name);
  const r = await session.query<RelationRow>(
    `SELECT c.oid::int8::float8 AS oid, n.nspname AS schema, c.relname AS name, c.reltuples::float8 AS rows
       FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = pg_catalog.to_regclass($1) AND c.relkind IN ('r', 'p', 'm')`,
    [name],
  );
  return r.rows[0];
}

async function columnTypes(session: Session, oid: number): Promise<Map<string, string>> {
  const r = await session.query<{ attname: string; type: string }>(
    'SELECT attname, pg_catalog.format_type(atttypid, atttypmod) AS type FROM pg_catalog.pg_attribute WHERE attrelid = $1::oid AND attnum > 0 AND NOT attisdropped',
    [oid],
  );
  return new Map(r.rows.map((row) => [row.attname, row.type]));
}

async function columnStats(session: Session, schema: string, table: string): Promise<Map<string, ColumnStats>> {
  const r = await session.query<StatsRow>(
    `SELECT attname, n_distinct::float8 AS n_distinct, null_frac::float8 AS null_frac, most_common_vals::text AS mcv,
            pg_catalog.array_to_json(most_common_freqs)::text AS mcf
       FROM pg_catalog.pg_stats WHERE schemaname = $1 AND tablename = $2 AND NOT inherited`,
    [schema, table],
  );
  const out = new Map<string, ColumnStats>();
  for (const row of r.rows) {
    const values = row.mcv ? (parseArrayLiteral(row.mcv) ?? []) : [];
    const freqs = row.mcf ? (JSON.parse(row.mcf) as number[]) : [];
    out.set(row.attname, {
      nDistinct: row.n_distinct ?? 0,
      nullFrac: row.null_frac ?? 0,
      mostCommonValues: values.length === freqs.length ? values.map((v) => v ?? '') : [],
      mostCommonFreqs: values.length === freqs.length ? freqs : [],
    });
  }
  return out;
}

async function existingIndexes(session: Session, oid: number): Promise<ExistingIndex[]> {
  const r = await session.query<IndexRow>(
    `SELECT c.relname AS name, am.amname AS method, i.indisvalid AS valid, i.indnkeyatts::int AS nkey,
            pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate,
            pg_catalog.array_to_json(ARRAY(
              SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord)
              LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
              ORDER BY k.ord))::text AS columns,
            pg_catalog.array_to_json(ARRAY(
              SELECT p.opcname FROM unnest(i.indclass::oid[]) WITH ORDINALITY o(opc, ord)
              JOIN pg_catalog.pg_opclass p ON p.oid = o.opc ORDER BY o.ord))::text AS opclasses
       FROM pg_catalog.pg_index i
       JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
       JOIN pg_catalog.pg_am am ON am.oid = c.relam
      WHERE i.indrelid = $1::oid`,
    [oid],
  );
  return r.rows.map((row) => {
    const columns = JSON.parse(row.columns) as (string | null)[];
    return {
      name: row.name,
      method: row.method,
      valid: row.valid,
      keyColumns: columns.slice(0, row.nkey),
      includeColumns: columns.slice(row.nkey).filter((c): c is string => c !== null),
      opclasses: JSON.parse(row.opclasses) as string[],
      predicate: row.predicate,
    };
  });
}

export interface Extensions {
  readonly trigram: boolean;
  readonly hypopg: boolean;
}

export async function installedExtensions(session: Session): Promise<Extensions> {
  const r = await session.query<{ extname: string }>("SELECT extname FROM pg_catalog.pg_extension WHERE extname IN ('pg_trgm', 'hypopg')");
  const names = new Set(r.rows.map((row) => row.extname));
  return { trigram: names.has('pg_trgm'), hypopg: names.has('hypopg') };
}

/** Facts for one table as the query names it; undefined when the database has no such table. */
export async function tableFacts(session: Session, table: Pick<TableRef, 'schema' | 'name'>): Promise<TableFacts | undefined> {
  const rel = await relation(session, table);
  if (!rel) return undefined;
  const [types, stats, indexes] = [await columnTypes(session, rel.oid), await columnStats(session, rel.schema, rel.name), await existingIndexes(session, rel.oid)];
  return { schema: rel.schema, name: rel.name, rows: rel.rows, columnTypes: types, stats, indexes };
}

/** The environment for a set of tables (keyed as written in the query). */
export async function readEnvironment(session: Session, tables: readonly Pick<TableRef, 'schema' | 'name'>[], extensions: Extensions): Promise<AdvisorEnvironment> {
  const facts = new Map<string, TableFacts>();
  for (const t of tables) {
    const key = tableKey(t);
    if (facts.has(key)) continue;
    const f = await tableFacts(session, t);
    if (f) facts.set(key, f);
  }
  return { tables: facts, trigram: extensions.trigram, serverVersion: session.serverVersion };
}
