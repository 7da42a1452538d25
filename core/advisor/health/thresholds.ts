/**
 * The thresholds every check uses, in one place so they are documented and overridable. Sources: pghero
 * (unused indexes, cache hit rate 99%, long-running queries 5 minutes, slow queries: 20 ms mean over 100 calls),
 * postgres-checkup (bloat ratios), PostgreSQL's own defaults (autovacuum scale factor 0.2, max_wal_size 1 GB),
 * the 2^31 transaction ID horizon, and PostgreSQL's partitioning rule of thumb (worth it once a table outgrows
 * the server's memory). Where no tool publishes a number, the comment says ours and why.
 */
export interface HealthThresholds {
  /** Unused indexes below this size are reported as info, above as warning. */
  readonly unusedIndexWarningBytes: number;
  /** Sequence (or the integer column it feeds) used beyond these fractions of its range. */
  readonly sequenceWarning: number;
  readonly sequenceCritical: number;
  /** Bloat is reported when the estimated waste is at least this many bytes and this share of the relation. */
  readonly bloatMinWastedBytes: number;
  readonly bloatInfoRatio: number;
  readonly bloatWarningRatio: number;
  /** Dead tuples: at least this many and this share of all tuples means vacuum is behind. */
  readonly deadTuplesMin: number;
  readonly deadTuplesRatio: number;
  /** Rows changed since the last ANALYZE (or never analyzed): at least this many and this share of live rows. */
  readonly staleAnalyzeMinRows: number;
  readonly staleAnalyzeRatio: number;
  /** Cache hit ratio below this, once at least cacheHitMinBlocks blocks were read or hit. */
  readonly cacheHitRatio: number;
  readonly cacheHitMinBlocks: number;
  /** Transaction ID (and multixact) age as a share of the 2^31 horizon. */
  readonly wraparoundWarning: number;
  readonly wraparoundCritical: number;
  /** Seconds: an active statement, an open idle transaction, a lock wait. */
  readonly longRunningSeconds: number;
  readonly idleInTransactionSeconds: number;
  readonly lockWaitSeconds: number;
  /** pg_stat_statements: how many statements (by total time) to look at. */
  readonly topQueries: number;
  /**
   * Ours: the total time (ms, execution + planning since the statistics reset) below which a statement is not
   * worth reporting; a minute of server time is noise next to any real workload.
   */
  readonly topQueryMinTotalMs: number;
  /** pghero's slow query: at least this mean time (ms) over at least this many calls; reported as a warning. */
  readonly slowQueryMs: number;
  readonly slowQueryCalls: number;
  /** A replication slot holding back more WAL than this (bytes): PostgreSQL's default max_wal_size, 1 GB. */
  readonly slotRetainedWalBytes: number;
  /**
   * Tables worth partitioning: this big (heap and TOAST, bytes) or this many rows (estimated). Ours, after
   * PostgreSQL's rule of thumb (partition once a table exceeds the server's memory): 10 GB, 100 million rows.
   */
  readonly partitionCandidateBytes: number;
  readonly partitionCandidateRows: number;
  /** A time-range partitioned table should have partitions up to now() plus this many days (pg_partman keeps 4 ahead). */
  readonly partitionAheadDays: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  unusedIndexWarningBytes: 10 * 1024 * 1024,
  sequenceWarning: 0.5,
  sequenceCritical: 0.8,
  bloatMinWastedBytes: 100 * 1024 * 1024,
  bloatInfoRatio: 0.3,
  bloatWarningRatio: 0.5,
  deadTuplesMin: 10_000,
  deadTuplesRatio: 0.2,
  staleAnalyzeMinRows: 10_000,
  staleAnalyzeRatio: 0.2,
  cacheHitRatio: 0.99,
  cacheHitMinBlocks: 100_000,
  wraparoundWarning: 0.5,
  wraparoundCritical: 0.75,
  longRunningSeconds: 300,
  idleInTransactionSeconds: 60,
  lockWaitSeconds: 10,
  topQueries: 10,
  topQueryMinTotalMs: 60_000,
  slowQueryMs: 20,
  slowQueryCalls: 100,
  slotRetainedWalBytes: 1024 * 1024 * 1024,
  partitionCandidateBytes: 10 * 1024 * 1024 * 1024,
  partitionCandidateRows: 100_000_000,
  partitionAheadDays: 7,
};

/** 2^31: transaction IDs and multixacts wrap around at this age. */
export const XID_HORIZON = 2 ** 31;

/** Bytes for people: 1.2 GB, 35 MB, 512 kB. */
export function humanBytes(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${v} bytes` : `${v >= 100 ? Math.round(v) : +v.toFixed(1)} ${units[u]}`;
}

/** 0.8534 -> "85.3%", 0.5 -> "50%". */
export function percent(ratio: number): string {
  return `${+(ratio * 100).toFixed(1)}%`;
}

/** Milliseconds for people: 850 ms, 12.3 s, 4.5 min, 2.1 h. */
export function humanDuration(ms: number): string {
  if (ms < 1000) return `${+ms.toFixed(ms < 10 ? 2 : 0)} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}
