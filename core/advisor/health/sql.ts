/** SQL fragments the checks share. */

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
export function relationBytes(cls: string, fn: 'pg_relation_size' | 'pg_total_relation_size' = 'pg_relation_size'): string {
  return `CASE WHEN ${exclusivelyLocked(`${cls}.oid`)}
    THEN ${cls}.relpages::int8 * current_setting('block_size')::int8 ELSE pg_catalog.${fn}(${cls}.oid) END`;
}

/** True when an ACCESS EXCLUSIVE lock on the relation is held or awaited: functions that open it would queue. */
export function exclusivelyLocked(oid: string): string {
  return `EXISTS (SELECT 1 FROM pg_catalog.pg_locks l WHERE l.locktype = 'relation' AND l.relation = ${oid} AND l.mode = 'AccessExclusiveLock')`;
}
