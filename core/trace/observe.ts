/**
 * What the tracer reads from PostgreSQL around each statement, on the same backend: the relation locks it took
 * (pg_locks, granted, this backend only, the ones not held before), and the storage created, rewritten (a new
 * pg_class.relfilenode for the same relation) or dropped. One read per statement whose cost follows what the
 * statement did, not the locks the transaction holds or the size of the schema (a whole snapshot per statement made
 * a 4,700-statement history take 80 s; all held locks per statement, 35 s). System catalogs are left out.
 */
import type { RangeVar } from '@pgsql/types';
import { quoteIdentifier } from '../catalog/names';
import { arrayLiteral, PreparedRead, quotable } from '../db/prepared';
import type { Session } from '../db/session';
import { walkAst } from '../parse/ast';
import type { Statement } from '../parse/document';
import { LOCK_MODES, onTable, type LockMode, type ObservedLock, type RelationName } from './model';

const USER_NAMESPACES = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND n.nspname NOT LIKE 'pg\\_temp%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp%'";

// Everything qualified with pg_catalog: the migrations run in this session may have changed search_path and created
// types or functions named like the built-in ones.
const STORAGE_SQL = `SELECT c.oid::pg_catalog.int8::pg_catalog.text AS oid, n.nspname AS schema, c.relname AS name, c.relkind::pg_catalog.text AS relkind, c.relfilenode::pg_catalog.int8::pg_catalog.text AS node
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'i', 'I', 'm', 'S', 'v', 'f') AND ${USER_NAMESPACES}`;

/** Each user relation by oid: its name, its bare name in lower case (to find it in a statement's text), its storage. */
export type Storage = ReadonlyMap<string, { readonly name: RelationName; readonly relname: string; readonly relkind: string; readonly node: string }>;

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

// pg_stat_get_xact_numscans: sequential scans of a table in this transaction (a validating scan, an index build),
// counted even on an empty table. Read for the tables a statement names (the parameter: their names as written),
// before and after it: 'scan' rows, the count in `node`, the name asked for in `asked`.
const SCANS_BRANCH = (names: string): string => `SELECT 'scan' AS what, c.oid::pg_catalog.int8::pg_catalog.text AS oid, n.nspname AS schema, c.relname AS name, NULL AS relkind,
  pg_catalog.pg_stat_get_xact_numscans(c.oid)::pg_catalog.int8::pg_catalog.text AS node, NULL AS mode, x.name AS asked
FROM pg_catalog.unnest(${names}) AS x(name)
JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(x.name) JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm')`;
const SCANS_SQL = SCANS_BRANCH('$1::pg_catalog.text[]');

// One read after each statement, four kinds of rows. 'lock': the relation locks this backend holds that were not
// held at the last read ($1 and $5: their relations and modes, side by side; ACCESS EXCLUSIVE on what the
// transaction created before, oid in ($3, $2], is left out without a key: it holds it since), with the relation's
// name and storage looked up per row
// (none: dropped). 'storage': relations whose storage is newer than any seen so far ($2, through pg_class's
// (reltablespace, relfilenode) index; the default tablespace only, the one PGlite has): a new relfilenode is a fresh OID from a counter that only grows (until it
// wraps after 4 billion, far beyond a trace's throwaway database), so a rewrite or a creation shows here even on a
// relation the transaction already held. 'deleted': rows the transaction deleted from pg_class (only a drop does;
// then the known relations are looked for). 'scan': the scan counters of the tables named in $4 (SCANS_BRANCH).
// Reading every held lock after each statement instead cost openFEC's history (4,700 statements, 1,000-statement
// transactions) 27 of 41 s.
// Each parameter is read through a scalar subquery, so a custom plan knows no more than the generic one: the plan
// cache then keeps the generic plan instead of planning the four branches again at every statement (openFEC's reads
// 13 s planned each time, 8.4 s generic). The held pairs are left out by a hashed NOT IN, built once per read, where
// `key = ANY (array)` compared each lock with every held key (11.3 s).
const OBSERVE_SQL = `SELECT 'lock' AS what, l.relation::pg_catalog.int8::pg_catalog.text AS oid,
  (SELECT n.nspname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = l.relation) AS schema,
  (SELECT c.relname FROM pg_catalog.pg_class c WHERE c.oid = l.relation) AS name,
  (SELECT c.relkind::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.oid = l.relation) AS relkind,
  (SELECT c.relfilenode::pg_catalog.int8::pg_catalog.text FROM pg_catalog.pg_class c WHERE c.oid = l.relation) AS node, l.mode, NULL AS asked
FROM pg_catalog.pg_locks l
WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'relation' AND l.granted AND l.relation >= 16384
  AND (l.relation <= (SELECT $3) OR l.relation > (SELECT $2) OR l.mode <> 'AccessExclusiveLock')
  AND (l.relation, l.mode) NOT IN (SELECT * FROM ROWS FROM (pg_catalog.unnest((SELECT $1)), pg_catalog.unnest((SELECT $5))))
UNION ALL
SELECT 'storage', c.oid::pg_catalog.int8::pg_catalog.text, n.nspname, c.relname, c.relkind::pg_catalog.text, c.relfilenode::pg_catalog.int8::pg_catalog.text, NULL, NULL
FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.reltablespace = 0 AND c.relfilenode > (SELECT $2) AND c.relkind IN ('r', 'p', 'i', 'I', 'm', 'S', 'v', 'f') AND ${USER_NAMESPACES}
UNION ALL
SELECT 'deleted', pg_catalog.pg_stat_get_xact_tuples_deleted('pg_catalog.pg_class'::pg_catalog.regclass)::pg_catalog.int8::pg_catalog.text, NULL, NULL, NULL, NULL, NULL, NULL
UNION ALL
${SCANS_BRANCH('(SELECT $4)')}`;

const EXISTING_SQL = 'SELECT oid::pg_catalog.int8::pg_catalog.text AS oid FROM pg_catalog.pg_class WHERE oid = ANY ($1::pg_catalog.oid[])';

type ObserveRow = { what: 'lock' | 'storage' | 'deleted' | 'scan'; oid: string; schema: string | null; name: string | null; relkind: string | null; node: string | null; mode: string | null; asked: string | null };

export interface Observed {
  /** Locks the statement took (not held before it in this transaction). */
  readonly locks: ObservedLock[];
  readonly rewritten: RelationName[];
  readonly created: RelationName[];
  readonly dropped: RelationName[];
}

/**
 * What the tracer knows between statements, on one backend: every user relation's storage, the relation locks the
 * open transaction holds, and where the last read left off. `observe` reads what one statement changed.
 */
export class Observer {
  private known = new Map<string, { name: RelationName; relname: string; relkind: string; node: string }>();
  /** Locks the open transaction holds, by the relation's oid (its name may change: the current one is in `known`). */
  private held: { oid: string; lock: ObservedLock }[] = [];
  /** The held (relation, mode) pairs the read leaves out, as two parallel arrays (its parameters). */
  private heldOids: string[] = [];
  private heldModes: string[] = [];
  /** The newest storage seen (an OID). */
  private watermark = 0;
  /** The watermark when the open transaction began: relations above it were created by it, which holds them in ACCESS EXCLUSIVE mode from then on. */
  private transactionStart = 0;
  /** pg_class rows this transaction had deleted at the last read. */
  private deleted = '0';
  private readonly read = new PreparedRead('pga_observe', 'pg_catalog.oid[], pg_catalog.oid, pg_catalog.oid, pg_catalog.text[], pg_catalog.text[]', OBSERVE_SQL);
  /** For table names the observation's literal cannot hold (they contain its dollar quote): read with parameters. */
  private readonly scanCounter = new ScanCounter();

  /**
   * The table locks the open transaction holds on tables `text` names (their bare names appear in it: what a
   * statement's own locks are compared with; all of them made a 1,000-statement migration's trace quadratic).
   */
  heldOnTablesIn(text: string): ObservedLock[] {
    // The statement's words once (identifiers, quoted or not, lower case), then a lookup per held lock: searching
    // the text once per held relation would be quadratic on long view definitions.
    const words = new Set<string>();
    for (const m of text.matchAll(/"((?:[^"]|"")+)"|[A-Za-z_\u0080-\uffff][\w$\u0080-\uffff]*/g)) words.add((m[1] !== undefined ? m[1].replace(/""/g, '"') : m[0]).toLowerCase());
    const out: ObservedLock[] = [];
    for (const { oid, lock } of this.held) {
      if (!onTable(lock)) continue;
      const now = this.known.get(oid);
      if (now && words.has(now.relname)) out.push({ ...lock, relation: now.name });
    }
    return out.sort((a, b) => a.relation.localeCompare(b.relation) || LOCK_MODES.indexOf(a.mode) - LOCK_MODES.indexOf(b.mode));
  }

  /** Starts from the schema's storage as it is (read outside any migration's transaction, or inside with a savepoint). */
  async reset(session: Session, inTransaction: boolean): Promise<void> {
    this.known = new Map(await storage(session, inTransaction));
    this.watermark = 0;
    for (const [oid, r] of this.known) this.watermark = Math.max(this.watermark, Number(oid), Number(r.node));
  }

  /** A transaction begins (or ended): no locks are held, its counters start at zero. */
  transactionBoundary(): void {
    this.held = [];
    this.heldOids = [];
    this.heldModes = [];
    this.deleted = '0';
    this.transactionStart = this.watermark;
  }

  /**
   * What the statement just run did: its new locks and the storage it created, rewrote or dropped. Throws when it
   * cannot be read (the transaction is then aborted: the caller rolls back to its savepoint). `mayRename`: the
   * statement can rename relations (nothing else tells: a rename of a relation already locked leaves no new lock).
   */
  async observe(session: Session, mayRename = false, scanNames: readonly string[] = []): Promise<Observed & { readonly scans: ScanCounts }> {
    // Read without a savepoint of its own (two round trips per statement less): a failure is the caller's to undo.
    // The keys are digits and a lock mode's name: always quotable. Names with the dollar quote itself are read apart.
    const inline = scanNames.filter(quotable);
    const rows = (await this.read.run<ObserveRow>(session, [arrayLiteral(this.heldOids), String(this.watermark), String(this.transactionStart), arrayLiteral(inline), arrayLiteral(this.heldModes)])) ?? [];
    const scans = scanCounts(rows.filter((r) => r.what === 'scan'));
    if (inline.length < scanNames.length) for (const [k, v] of await this.scanCounter.counts(session, scanNames.filter((n) => !quotable(n)))) scans.set(k, v);
    const locks: ObservedLock[] = [];
    const rewritten = new Set<RelationName>();
    const created = new Set<RelationName>();
    const dropped = new Set<RelationName>();
    let deletedNow = this.deleted;
    for (const r of rows) {
      if (r.what === 'scan') continue;
      if (r.what === 'deleted') {
        deletedNow = r.oid;
        continue;
      }
      // The read leaves out ACCESS EXCLUSIVE on what this transaction created: no need to name it.
      if (r.what === 'lock' && r.mode !== null && !(r.mode === 'AccessExclusiveLock' && Number(r.oid) > this.transactionStart)) {
        this.heldOids.push(r.oid);
        this.heldModes.push(r.mode);
      }
      if (r.name === null || r.schema === null || r.relkind === null || r.node === null) {
        const gone = this.known.get(r.oid);
        if (gone) {
          dropped.add(gone.name);
          this.known.delete(r.oid);
        }
        continue;
      }
      if (!USER_SCHEMA(r.schema)) continue;
      const name = relationName(r.schema, r.name);
      if (r.what === 'lock' && r.mode !== null && (LOCK_MODES as readonly string[]).includes(r.mode)) {
        const lock: ObservedLock = { relation: name, relkind: r.relkind, mode: r.mode as LockMode };
        locks.push(lock);
        this.held.push({ oid: r.oid, lock });
      }
      if (!'rpiImSvf'.includes(r.relkind)) continue;
      this.watermark = Math.max(this.watermark, Number(r.oid), Number(r.node));
      const then = this.known.get(r.oid);
      if (!then) created.add(name);
      // Partitioned tables and views have no storage (node 0); a sequence's new storage is one row, not a rewrite.
      else if (then.node !== r.node && then.node !== '0' && r.node !== '0' && r.relkind !== 'S') rewritten.add(name);
      this.known.set(r.oid, { name, relname: r.name.toLowerCase(), relkind: r.relkind, node: r.node });
    }
    if (deletedNow !== this.deleted) {
      // Something was dropped: which of the known relations are gone (those locked for the first time are above).
      const oids = [...this.known.keys()];
      const still = new Set((await session.query<{ oid: string }>(EXISTING_SQL, [oids])).rows.map((r) => r.oid));
      for (const oid of oids) {
        if (still.has(oid)) continue;
        dropped.add(this.known.get(oid)!.name);
        this.known.delete(oid);
      }
      this.deleted = deletedNow;
    }
    if (mayRename) {
      for (const [oid, now] of await storage(session, true)) {
        const then = this.known.get(oid);
        if (then && then.name !== now.name) this.known.set(oid, { ...then, name: now.name, relname: now.relname });
      }
    }
    // In a stable order (pg_locks lists them in its hash table's): a run resumed from a snapshot says the same.
    locks.sort((a, b) => a.relation.localeCompare(b.relation) || LOCK_MODES.indexOf(a.mode) - LOCK_MODES.indexOf(b.mode));
    return { locks, rewritten: [...rewritten].sort(), created: [...created].sort(), dropped: [...dropped].sort(), scans };
  }

  /** After a statement whose locks ended with it (CONCURRENTLY): the whole schema's storage tells what it did. */
  async afterUnlocked(session: Session): Promise<Omit<Observed, 'locks'>> {
    const after = await storage(session, false);
    const changes = storageChanges(this.known, after);
    this.known = new Map(after);
    for (const [oid, r] of this.known) this.watermark = Math.max(this.watermark, Number(oid), Number(r.node));
    return changes;
  }
}

/** Every user relation's storage; empty when it cannot be read. */
export async function storage(session: Session, inTransaction: boolean): Promise<Storage> {
  const rows = await read<{ oid: string; schema: string; name: string; relkind: string; node: string }>(session, STORAGE_SQL, inTransaction);
  return new Map(rows.map((r) => [r.oid, { name: relationName(r.schema, r.name), relname: r.name.toLowerCase(), relkind: r.relkind, node: r.node }]));
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

/** Scan counters by the table's oid, with the names they were asked for under. */
export type ScanCounts = Map<string, { readonly name: RelationName; readonly scans: number; readonly asked: ReadonlySet<string> }>;

function scanCounts(rows: readonly { oid: string; schema: string | null; name: string | null; node: string | null; asked: string | null }[]): ScanCounts {
  const out: ScanCounts = new Map();
  for (const r of rows) {
    if (r.schema === null || r.name === null) continue;
    const had = out.get(r.oid);
    out.set(r.oid, { name: relationName(r.schema, r.name), scans: Number(r.node), asked: new Set([...(had?.asked ?? []), r.asked ?? '']) });
  }
  return out;
}

/** The counters of the tables asked for under one of `names`. */
export function countsOf(counts: ScanCounts, names: readonly string[]): ScanCounts {
  const wanted = new Set(names);
  return new Map([...counts].filter(([, c]) => [...c.asked].some((a) => wanted.has(a))));
}

/**
 * The statements' tables' scan counters by oid (empty when there is nothing to read), prepared once per session.
 * Read without a savepoint of its own: a failure (it throws) is the caller's to undo.
 */
export class ScanCounter {
  private readonly read = new PreparedRead('pga_scans', 'pg_catalog.text[]', SCANS_SQL);

  async counts(session: Session, names: readonly string[]): Promise<ScanCounts> {
    if (names.length === 0) return new Map();
    type Row = { oid: string; schema: string | null; name: string | null; node: string | null; asked: string | null };
    return scanCounts((await this.read.run<Row>(session, [arrayLiteral(names)])) ?? (await session.query<Row>(SCANS_SQL, [names])).rows);
  }
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
