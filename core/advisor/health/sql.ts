/** SQL fragments the checks share. */
import type { CheckContext } from './types';

/**
 * Relations users own: not in the system schemas, not a temporary table of another session, not created by an
 * extension (its objects are the extension's business, and reporting them would be noise nobody can act on).
 */
export function userRelation(cls: string, ns: string): string {
  return `${ns}.nspname NOT IN ('pg_catalog', 'information_schema') AND ${ns}.nspname NOT LIKE 'pg\\_toast%' AND ${ns}.nspname NOT LIKE 'pg\\_temp\\_%'
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.pg_class'::regclass AND e.objid = ${cls}.oid AND e.deptype = 'e')`;
}

/** int2vector / oidvector text ("1 3 2") as numbers. */
export function vector(text: string | null): number[] {
  return text ? text.trim().split(/\s+/).filter(Boolean).map(Number) : [];
}

/**
 * Size of a relation without queueing behind a lock: pg_relation_size takes an ACCESS SHARE lock, which waits
 * behind an ACCESS EXCLUSIVE lock held or awaited (a migration stuck behind a long transaction). Then the size
 * as of the last VACUUM/ANALYZE (relpages) is good enough, and the health check does not join the lock queue.
 */
export function relationBytes(cls: string, fn: 'pg_relation_size' | 'pg_table_size' | 'pg_total_relation_size' = 'pg_relation_size'): string {
  return `CASE WHEN ${exclusivelyLocked(`${cls}.oid`)}
    THEN ${cls}.relpages::int8 * current_setting('block_size')::int8 ELSE pg_catalog.${fn}(${cls}.oid) END`;
}

/** True when an ACCESS EXCLUSIVE lock on the relation is held or awaited: functions that open it would queue. */
export function exclusivelyLocked(oid: string): string {
  return `EXISTS (SELECT 1 FROM pg_catalog.pg_locks l WHERE l.locktype = 'relation' AND l.relation = ${oid} AND l.mode = 'AccessExclusiveLock')`;
}

/** Schemas users own: not the system ones, not TOAST or another session's temporary schema. */
export function userSchema(ns: string): string {
  return `${ns}.nspname NOT IN ('pg_catalog', 'information_schema') AND ${ns}.nspname NOT LIKE 'pg\\_toast%' AND ${ns}.nspname NOT LIKE 'pg\\_temp\\_%'`;
}

/** The object (of catalog `catalog`, e.g. pg_proc) is not a member of an extension. */
export function notFromExtension(catalog: string, oid: string): string {
  return `NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;
}

/** SQLSTATEs that mean "cannot check here": no privilege, not loaded, no such view, function or column, not supported. */
const CANNOT_CHECK = new Set(['42501', '55000', '42P01', '42883', '42703', '0A000']);

/**
 * A query that may fail for a reason that means "cannot check here" (an extension installed but not preloaded,
 * a view this role may not read): run under a savepoint, so the check's read-only transaction survives, and the
 * server's message comes back as a value. Anything else (a timeout, a lost connection) still throws.
 */
export async function tryQuery<Row>(ctx: CheckContext, sql: string, params?: readonly unknown[]): Promise<{ readonly rows: readonly Row[] } | { readonly failure: string }> {
  await ctx.query('SAVEPOINT health_probe');
  try {
    const rows = await ctx.query<Row>(sql, params);
    await ctx.query('RELEASE SAVEPOINT health_probe');
    return { rows };
  } catch (e) {
    const code = (e as { failure?: { code?: string } }).failure?.code ?? (e as { code?: unknown }).code;
    if (typeof code !== 'string' || !CANNOT_CHECK.has(code)) throw e;
    await ctx.query('ROLLBACK TO SAVEPOINT health_probe');
    return { failure: e instanceof Error ? e.message : String(e) };
  }
}

/** A string as an SQL literal (standard_conforming_strings): 'it''s'. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
