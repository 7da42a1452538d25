/**
 * PostgreSQL's eight table-level lock modes and their conflict matrix, from the "Explicit Locking" chapter
 * (Table 13.2, "Conflicting Lock Modes"); the same in every version since 8.2.
 */

export type LockMode =
  | 'ACCESS SHARE'
  | 'ROW SHARE'
  | 'ROW EXCLUSIVE'
  | 'SHARE UPDATE EXCLUSIVE'
  | 'SHARE'
  | 'SHARE ROW EXCLUSIVE'
  | 'EXCLUSIVE'
  | 'ACCESS EXCLUSIVE';

/** Weakest to strongest, as PostgreSQL numbers them (AccessShareLock = 1 ... AccessExclusiveLock = 8). */
export const LOCK_MODES: readonly LockMode[] = [
  'ACCESS SHARE',
  'ROW SHARE',
  'ROW EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE',
  'SHARE',
  'SHARE ROW EXCLUSIVE',
  'EXCLUSIVE',
  'ACCESS EXCLUSIVE',
];

/** The modes each mode conflicts with (the matrix is symmetric). */
const CONFLICTS: Readonly<Record<LockMode, readonly LockMode[]>> = {
  'ACCESS SHARE': ['ACCESS EXCLUSIVE'],
  'ROW SHARE': ['EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ROW EXCLUSIVE': ['SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE UPDATE EXCLUSIVE': ['SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  SHARE: ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'SHARE ROW EXCLUSIVE': ['ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  EXCLUSIVE: ['ROW SHARE', 'ROW EXCLUSIVE', 'SHARE UPDATE EXCLUSIVE', 'SHARE', 'SHARE ROW EXCLUSIVE', 'EXCLUSIVE', 'ACCESS EXCLUSIVE'],
  'ACCESS EXCLUSIVE': LOCK_MODES,
};

/** True when a lock in mode `a` and one in mode `b` on the same table cannot be held by two transactions. */
export function lockConflicts(a: LockMode, b: LockMode): boolean {
  return CONFLICTS[a].includes(b);
}

/** Position in LOCK_MODES: a higher rank is a stronger lock. */
export function lockRank(mode: LockMode): number {
  return LOCK_MODES.indexOf(mode);
}

/** The stronger of two modes (what a transaction ends up holding when it takes both). */
export function strongerLock(a: LockMode, b: LockMode): LockMode {
  return lockRank(a) >= lockRank(b) ? a : b;
}

/** The lock mode taken by `LOCK TABLE ... IN <mode> MODE`, from the parser's numeric mode (1..8). */
export function lockModeFromNumber(n: number): LockMode | undefined {
  return LOCK_MODES[n - 1];
}

const DESCRIPTIONS: Readonly<Record<LockMode, { readonly blocks: string; readonly allows: string }>> = {
  'ACCESS SHARE': {
    blocks: 'only ACCESS EXCLUSIVE locks (DROP TABLE, TRUNCATE, most ALTER TABLE forms, VACUUM FULL)',
    allows: 'reads, writes and most DDL',
  },
  'ROW SHARE': {
    blocks: 'EXCLUSIVE and ACCESS EXCLUSIVE locks (REFRESH MATERIALIZED VIEW CONCURRENTLY, most ALTER TABLE forms)',
    allows: 'reads and writes',
  },
  'ROW EXCLUSIVE': {
    blocks: 'CREATE INDEX (without CONCURRENTLY), CREATE TRIGGER, LOCK ... IN SHARE MODE and stronger',
    allows: 'reads and writes',
  },
  'SHARE UPDATE EXCLUSIVE': {
    blocks: 'VACUUM, ANALYZE, CREATE INDEX, other schema changes',
    allows: 'reads and writes',
  },
  SHARE: {
    blocks: 'writes (INSERT, UPDATE, DELETE) and schema changes',
    allows: 'reads',
  },
  'SHARE ROW EXCLUSIVE': {
    blocks: 'writes (INSERT, UPDATE, DELETE) and schema changes',
    allows: 'reads',
  },
  EXCLUSIVE: {
    blocks: 'writes and SELECT ... FOR UPDATE/SHARE',
    allows: 'plain reads (SELECT)',
  },
  'ACCESS EXCLUSIVE': {
    blocks: 'reads and writes: every other access to the table',
    allows: 'nothing',
  },
};

/** What a lock mode blocks and what it still allows, in words for hovers and messages. */
export function describeLockMode(mode: LockMode): { readonly blocks: string; readonly allows: string } {
  return DESCRIPTIONS[mode];
}
