/** Every health check, in report order: integrity first, then maintenance, then what is happening right now. */
import { blockedLocks } from './checks/blocked-locks';
import { cacheHitRatio } from './checks/cache-hit-ratio';
import { duplicateIndexes } from './checks/duplicate-indexes';
import { fkWithoutIndex } from './checks/fk-without-index';
import { idleInTransaction } from './checks/idle-in-transaction';
import { indexBloat } from './checks/index-bloat';
import { invalidIndexes } from './checks/invalid-indexes';
import { longRunningQueries } from './checks/long-running-queries';
import { missingPrimaryKey } from './checks/missing-primary-key';
import { redundantIndexes } from './checks/redundant-indexes';
import { sequenceExhaustion } from './checks/sequence-exhaustion';
import { staleStatistics } from './checks/stale-statistics';
import { tableBloat } from './checks/table-bloat';
import { unusedIndexes } from './checks/unused-indexes';
import { vacuumBehind } from './checks/vacuum-behind';
import { wraparound } from './checks/wraparound';
import type { HealthCheck } from './types';

export const HEALTH_CHECKS: readonly HealthCheck[] = [
  wraparound,
  sequenceExhaustion,
  invalidIndexes,
  missingPrimaryKey,
  fkWithoutIndex,
  duplicateIndexes,
  redundantIndexes,
  unusedIndexes,
  tableBloat,
  indexBloat,
  vacuumBehind,
  staleStatistics,
  cacheHitRatio,
  longRunningQueries,
  idleInTransaction,
  blockedLocks,
];
