/**
 * What the tracer reads from PostgreSQL around each statement, on the same backend: the relation locks it holds
 * (pg_locks, granted, this backend only) with each locked relation's storage (pg_class.relfilenode: a new one for the
 * same relation is a rewrite). Nothing changes a relation's storage, creates or drops it without locking it, so the
 * locked relations are all there is to compare: the cost follows the locks held, not the size of the schema (a whole
 * snapshot per statement made a 4,700-statement history take 80 s). System catalogs are left out.
 */
import { quoteIdentifier } from '../catalog/names';
import type { Session } from '../db/session';
import { LOCK_MODES, type LockMode, type ObservedLock, type RelationName } from './model';

const USER_NAMESPACES = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp%'";

// Everything qualified with pg_catalog: the migrations run in this session may have changed search_path and created
// types or functions named like the built-in ones.
// User relations have oids from 16384 (FirstNormalObjectId); a locked oid without a pg_class row was dropped.
const LOCKS_SQL = `SELECT l.relation::pg_catalog.int8::pg_catalog.text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::pg_catalog.text AS relkind,
  c.relfilenode::pg_catalog.int8::pg_catalog.text AS node, l.mode
FROM pg_catalog.pg_locks l LEFT JOIN pg_catalog.pg_class c ON c.oid = l.relation LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND l.relation >= 16384`;

const STORAGE_SQL = `SELECT c.oid::pg_catalog.int8::pg_catalog.text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::pg_catalog.text AS relkind, c.relfilenode::pg_catalog.int8::pg_catalog.text AS node
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'i', 'I', 'm', 'S', 'v', 'f') AND ${USER_NAMESPACES}`;

/** Each user relation by oid: its name and storage. */
export type Storage = ReadonlyMap<string, { readonly name: RelationName; readonly relkind: string; readonly node: string }>;

const relationName = (schema: string, name: string): RelationName => `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;

/**
 * A read that must not end the trace: inside a transaction under a savepoint of its own (a failed read would abort
 * the migration's transaction), rows or nothing.
 */
async function read<Row>(session: Session, sql: string, inTransaction: boolean): Promise<readonly Row[]> {
  if (!inTransaction) return (await session.query<Row>(sql).catch(() => ({ rows: [] as Row[] }))).rows;
  await session.query('SAVEPOINT pga_observe');
  try {
    const rows = (await session.query<Row>(sql)).rows;
    await session.query('RELEASE SAVEPOINT pga_observe');
    return rows;
  } catch {
    await session.query('ROLLBACK TO SAVEPOINT pga_observe');
    await session.query('RELEASE SAVEPOINT pga_observe');
    return [];
  }
}

const USER_SCHEMA = (schema: string): boolean => !/^(pg_catalog|information_schema|pg_toast|pg_temp_\d+|pg_toast_temp_\d+)$/.test(schema);

/**
 * The relation locks this backend holds (read inside its transaction) and what changed in the storage of the locked
 * relations since `known` (updated in place): created, rewritten, dropped. Throws when they cannot be read (the
 * transaction is then aborted: the caller rolls back to its savepoint).
 */
export async function observeLocked(session: Session, known: Map<string, { name: RelationName; relkind: string; node: string }>): Promise<{ locks: ObservedLock[]; rewritten: RelationName[]; created: RelationName[]; dropped: RelationName[] }> {
  // Read without a savepoint of its own (two round trips per statement less): a failure is the caller's to undo.
  const rows = (await session.query<{ oid: string; schema: string | null; name: string | null; relkind: string | null; node: string | null; mode: string }>(LOCKS_SQL)).rows;
  const locks: ObservedLock[] = [];
  const rewritten = new Set<RelationName>();
  const created = new Set<RelationName>();
  const dropped = new Set<RelationName>();
  for (const r of rows) {
    if (r.name === null || r.schema === null || r.relkind === null || r.node === null) {
      const gone = known.get(r.oid);
      if (gone) {
        dropped.add(gone.name);
        known.delete(r.oid);
      }
      continue;
    }
    if (!USER_SCHEMA(r.schema)) continue;
    const name = relationName(r.schema, r.name);
    if ((LOCK_MODES as readonly string[]).includes(r.mode)) locks.push({ relation: name, relkind: r.relkind, mode: r.mode as LockMode });
    if (!'rpiImSvf'.includes(r.relkind)) continue;
    const then = known.get(r.oid);
    if (!then) created.add(name);
    // Partitioned tables and views have no storage (node 0); a sequence's new storage is one row, not a rewrite.
    else if (then.node !== r.node && then.node !== '0' && r.node !== '0' && r.relkind !== 'S') rewritten.add(name);
    known.set(r.oid, { name, relkind: r.relkind, node: r.node });
  }
  return { locks, rewritten: [...rewritten], created: [...created], dropped: [...dropped] };
}

/** Every user relation's storage; empty when it cannot be read. */
export async function storage(session: Session, inTransaction: boolean): Promise<Storage> {
  const rows = await read<{ oid: string; schema: string; name: string; relkind: string; node: string }>(session, STORAGE_SQL, inTransaction);
  return new Map(rows.map((r) => [r.oid, { name: relationName(r.schema, r.name), relkind: r.relkind, node: r.node }]));
}

/** What changed between two storage snapshots: rewritten (same relation, new storage), created, dropped. */
export function storageChanges(before: Storage, after: Storage): { rewritten: RelationName[]; created: RelationName[]; dropped: RelationName[] } {
  const rewritten: RelationName[] = [];
  const created: RelationName[] = [];
  for (const [oid, now] of after) {
    const then = before.get(oid);
    if (!then) created.push(now.name);
    // Partitioned tables and views have no storage (node 0); a sequence's new storage is one row, not a rewrite.
    else if (then.node !== now.node && then.node !== '0' && now.node !== '0' && now.relkind !== 'S') rewritten.push(now.name);
  }
  const dropped = [...before].filter(([oid]) => !after.has(oid)).map(([, r]) => r.name);
  return { rewritten, created, dropped };
}

/** Locks in `now` that `held` did not have (the same relation in a mode not held yet). */
export function newLocks(held: readonly ObservedLock[], now: readonly ObservedLock[]): ObservedLock[] {
  const had = new Set(held.map((l) => `${l.relation}\0${l.mode}`));
  return now.filter((l) => !had.has(`${l.relation}\0${l.mode}`));
}
