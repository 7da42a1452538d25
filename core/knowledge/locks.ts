/**
 * Lock knowledge, the public face: lock modes and their conflicts, and what each statement locks, rewrites
 * and scans per PostgreSQL version. Rules, hovers and the language server import from here.
 */
export { LOCK_MODES, describeLockMode, lockConflicts, lockRank, strongerLock, type LockMode } from './lock-modes';
export type { LockEffect, StatementLockInfo } from './statement-lock-info';
export { mayTakeAccessExclusive, nodeLocks, statementLocks } from './statement-locks';
