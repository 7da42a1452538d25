/**
 * What the tracer reads from PostgreSQL around each statement, on the same backend: the relation locks it holds
 * (pg_locks, granted, this backend only) with each locked relation's storage (pg_class.relfilenode: a new one for the
 * same relation is a rewrite). Nothing changes a relation's storage, creates or drops it without locking it, so the
 * locked relations are all there is to compare: the cost follows the locks held, not the size of the schema (a whole
 * snapshot per statement made a 4,700-statement history take 80 s). System catalogs are left out.
 */
import type { RangeVar } from '@pgsql/types';
import { quoteIdentifier } from '../catalog/names';
import type { Session } from '../db/session';
import { walkAst } from '../parse/ast';
import type { Statement } from '../parse/document';
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
  return readWith<Row>(session, sql, undefined, inTransaction);
}

async function readWith<Row>(session: Session, sql: string, params: readonly unknown[] | undefined, inTransaction: boolean): Promise<readonly Row[]> {
  if (!inTransaction) return (await session.query<Row>(sql, params).catch(() => ({ rows: [] as Row[] }))).rows;
  await session.query('SAVEPOINT pga_observe');
  try {
    const rows = (await session.query<Row>(sql, params)).rows;
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

/**
 * The tables a statement may read whole to validate or build something (ALTER TABLE: a CHECK or NOT NULL checked,
 * a foreign key's first check, a partition attached; CREATE INDEX): every relation it names, for the scan counters.
 * Other statements read no table by themselves.
 */
export function scanCandidates(statement: Statement): string[] {
  if (!statement.ast || (statement.kind !== 'AlterTableStmt' && statement.kind !== 'IndexStmt')) return [];
  const names = new Set<string>();
  walkAst(statement.ast, (ref) => {
    if (ref.tag !== 'RangeVar') return;
    const rv = ref.node as RangeVar;
    if (rv.relname) names.add(rv.schemaname ? `${quoteIdentifier(rv.schemaname)}.${quoteIdentifier(rv.relname)}` : quoteIdentifier(rv.relname));
  });
  return [...names];
}

// pg_stat_get_xact_numscans: sequential scans of a table in this transaction (a validating scan, an index build),
// counted even on an empty table. Read for the statement's tables only, before and after it.
const SCANS_SQL = `SELECT n.nspname AS schema, c.relname AS name, c.oid::pg_catalog.int8::pg_catalog.text AS oid,
  pg_catalog.pg_stat_get_xact_numscans(c.oid)::pg_catalog.int8::pg_catalog.text AS scans
FROM pg_catalog.unnest($1::pg_catalog.text[]) AS x(name)
JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(x.name) JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')`;

/** The statement's tables' scan counters by oid (empty when there is nothing to read or it cannot be read). */
export async function scanCounts(session: Session, names: readonly string[], inTransaction: boolean): Promise<Map<string, { readonly name: RelationName; readonly scans: number }>> {
  const out = new Map<string, { name: RelationName; scans: number }>();
  if (names.length === 0) return out;
  for (const r of await readWith<{ schema: string; name: string; oid: string; scans: string }>(session, SCANS_SQL, [names], inTransaction)) out.set(r.oid, { name: relationName(r.schema, r.name), scans: Number(r.scans) });
  return out;
}

/** Tables whose scan counter went up between two readings (those rewritten were read to be rewritten: not listed). */
export function scannedBetween(before: ReadonlyMap<string, { readonly scans: number }>, after: ReadonlyMap<string, { readonly name: RelationName; readonly scans: number }>, rewritten: readonly RelationName[]): RelationName[] {
  const out: RelationName[] = [];
  for (const [oid, now] of after) {
    const then = before.get(oid)?.scans ?? 0;
    if (now.scans > then && !rewritten.includes(now.name)) out.push(now.name);
  }
  return out;
}
