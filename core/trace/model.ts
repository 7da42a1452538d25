/**
 * What PostgreSQL did when a project's migrations were applied, statement by statement (core/trace/apply.ts):
 * whether it accepted each statement, the locks it took, the tables it rewrote, what it created and dropped, and per
 * migration how long each lock was held (to the end of the statement, or to the transaction's COMMIT).
 */

/** A relation as `schema.name`. */
export type RelationName = string;

/** PostgreSQL's table lock modes, weakest first (the order of their conflict lists' length). */
export const LOCK_MODES = ['AccessShareLock', 'RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'] as const;
export type LockMode = (typeof LOCK_MODES)[number];

export interface ObservedLock {
  readonly relation: RelationName;
  /** r table, p partitioned table, i index, m materialized view, S sequence, v view, t TOAST, f foreign table. */
  readonly relkind: string;
  readonly mode: LockMode;
}

export type StatementOutcome =
  /** PostgreSQL applied it. */
  | 'applied'
  /** PostgreSQL refused it: the migration would fail here. */
  | 'failed'
  /** Not run, and no verdict: an earlier failure or a part of the history this project lacks (an extension PGlite does not ship, a partial history) explains the refusal, or it is a psql command. */
  | 'not-checked';

export interface StatementTrace {
  /** Offsets into the file's text. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of the statement's start. */
  readonly line: number;
  /** The first line of the statement, for reports. */
  readonly head: string;
  readonly outcome: StatementOutcome;
  /** PostgreSQL's message (failed), or why there is no verdict (not-checked). */
  readonly message?: string;
  /** SQLSTATE of the refusal. */
  readonly code?: string;
  /** Locks this statement took that the transaction did not hold yet; empty when they could not be observed. */
  readonly locks: readonly ObservedLock[];
  /** Locks its transaction already held before it on the tables it names (what it took again in a weaker or equal mode is not new). */
  readonly alreadyHeld?: readonly ObservedLock[];
  /** The statement ran outside a transaction (CONCURRENTLY, VACUUM): its locks end with it and are not observable after. */
  readonly locksObservable: boolean;
  /** Tables, indexes and materialized views whose storage was replaced (a rewrite: every row copied). */
  readonly rewritten: readonly RelationName[];
  /**
   * Tables it read whole without rewriting them (a CHECK, NOT NULL or foreign key validated, a partition attached,
   * an index built), from the backend's scan counters; absent when none.
   */
  readonly scanned?: readonly RelationName[];
  readonly created: readonly RelationName[];
  readonly dropped: readonly RelationName[];
  /** How the statement ran: inside the tool's (or the file's own) transaction, or on its own. */
  readonly inTransaction: boolean;
}

/** A lock held from one statement to the end of its statement or transaction. */
export interface LockSpan {
  readonly relation: RelationName;
  readonly mode: LockMode;
  /** The line of the statement that took it. */
  readonly fromLine: number;
  /** The line where it is released: the statement's own (alone) or the transaction's end (COMMIT, or the file's end). */
  readonly untilLine: number;
  readonly until: 'statement' | 'commit';
}

export interface MigrationTrace {
  /** Project-relative path. */
  readonly file: string;
  readonly statements: readonly StatementTrace[];
  /** The strongest lock per relation and transaction, with how long it is held. */
  readonly holds: readonly LockSpan[];
}

export interface ProjectTrace {
  readonly postgres: string;
  /** Where: "embedded, in memory", or the server's database and "rolled back". */
  readonly target: string;
  readonly migrations: readonly MigrationTrace[];
  /** Said once for the whole run: extensions PGlite lacks, a partial history. */
  readonly notes: readonly string[];
  readonly durationMs: number;
  /** Resumed from a snapshot: the files before this one were not applied again (their traces are the earlier run's). */
  readonly resumedBefore?: string;
}

/** A lock on a table (plain, partitioned, materialized view, foreign), not on an index or a sequence. */
export function onTable(lock: Pick<ObservedLock, 'relkind'>): boolean {
  return 'rpmf'.includes(lock.relkind);
}

/** `AccessExclusiveLock` -> `ACCESS EXCLUSIVE`. */
export function lockModeName(mode: LockMode): string {
  return mode
    .replace(/Lock$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

export function lockStrength(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}
