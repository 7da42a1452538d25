/**
 * The statements a database spends its time on, from pg_stat_statements: the current database's entries,
 * merged across users, heaviest total time (execution + planning when tracked) first. Their texts are
 * normalized (constants became $1, $2, ...). Read-only; says clearly when the extension is missing or its
 * library is not loaded.
 */
import { quoteIdentifier } from '../../catalog/names';
import type { Session } from '../../db/session';

export interface StatementStatistics {
  /** pg_stat_statements' queryid (text: it is a 64-bit number); undefined when hidden from this role. */
  readonly queryId: string | undefined;
  readonly query: string;
  readonly calls: number;
  /** Total time in milliseconds (execution, plus planning where pg_stat_statements.track_planning is on). */
  readonly totalTimeMs: number;
  readonly meanTimeMs: number;
  readonly rows: number;
}

export interface TopStatementsOptions {
  /** At most this many statements (20). */
  readonly top?: number;
  /** Only statements called at least this often (1). */
  readonly minCalls?: number;
}

export type TopStatements = { readonly statements: readonly StatementStatistics[]; readonly source: Required<TopStatementsOptions> } | { readonly unavailable: string };

export const DEFAULT_TOP = 20;
export const DEFAULT_MIN_CALLS = 1;

const LOAD_HINT = "the server must load its library: shared_preload_libraries = 'pg_stat_statements' in postgresql.conf, then a restart";
const INSTALL_HINT = `pg_stat_statements is not installed in this database: run CREATE EXTENSION pg_stat_statements; (${LOAD_HINT}).`;
const NOT_LOADED = `pg_stat_statements is installed but not loaded: ${LOAD_HINT}.`;

/**
 * The query for the view's columns as this version of the extension names them: total_exec_time and
 * total_plan_time since 1.8 (PostgreSQL 13), total_time before.
 */
export function topStatementsSql(schema: string, columns: ReadonlySet<string>): string {
  const time = columns.has('total_exec_time') ? `s.total_exec_time${columns.has('total_plan_time') ? ' + s.total_plan_time' : ''}` : 's.total_time';
  return `SELECT s.queryid::text AS queryid, s.query, sum(s.calls)::float8 AS calls, sum(${time})::float8 AS total_ms, sum(s.rows)::float8 AS rows
  FROM ${quoteIdentifier(schema)}.pg_stat_statements s
 WHERE s.dbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
 GROUP BY s.queryid, s.query
HAVING sum(s.calls) >= $1
 ORDER BY total_ms DESC, calls DESC
 LIMIT $2`;
}

interface Row {
  queryid: string | null;
  query: string | null;
  calls: number;
  total_ms: number;
  rows: number;
}

function loadFailure(e: unknown): boolean {
  return /shared_preload_libraries/i.test(e instanceof Error ? e.message : String(e));
}

export async function readTopStatements(session: Session, options: TopStatementsOptions = {}): Promise<TopStatements> {
  if (session.kind === 'pglite') return { unavailable: 'pg_stat_statements lives on a server: connect to the database whose workload to read.' };
  const top = Math.max(1, Math.floor(options.top ?? DEFAULT_TOP));
  const minCalls = Math.max(0, Math.floor(options.minCalls ?? DEFAULT_MIN_CALLS));
  const ext = await session.query<{ schema: string }>(
    "SELECT n.nspname AS schema FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_stat_statements'",
  );
  const schema = ext.rows[0]?.schema;
  if (schema === undefined) return { unavailable: INSTALL_HINT };
  const cols = await session.query<{ attname: string }>(
    'SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = pg_catalog.to_regclass($1) AND attnum > 0 AND NOT attisdropped',
    [`${quoteIdentifier(schema)}.pg_stat_statements`],
  );
  const columns = new Set(cols.rows.map((r) => r.attname));
  if (!columns.has('query') || !columns.has('calls')) return { unavailable: `The pg_stat_statements view in schema ${schema} does not have the expected columns (ALTER EXTENSION pg_stat_statements UPDATE).` };
  let rows: readonly Row[];
  try {
    rows = (await session.query<Row>(topStatementsSql(schema, columns), [minCalls, top])).rows;
  } catch (e) {
    if (loadFailure(e)) return { unavailable: NOT_LOADED };
    throw e;
  }
  return {
    source: { top, minCalls },
    statements: rows.map((r) => {
      const calls = Number(r.calls);
      const totalTimeMs = Number(r.total_ms);
      return { queryId: r.queryid ?? undefined, query: r.query ?? '', calls, totalTimeMs, meanTimeMs: calls > 0 ? totalTimeMs / calls : 0, rows: Number(r.rows) };
    }),
  };
}
