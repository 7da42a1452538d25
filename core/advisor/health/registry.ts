/**
 * Every health check, in report order: integrity (data that cannot be written or read right), durability (can it
 * be recovered, can pg_wal fill the disk), security, indexes, maintenance, partitioning, performance, and last
 * what is happening right now. partition-ahead sits with integrity: past the last partition, inserts fail.
 */
import { blockedLocks } from './checks/blocked-locks';
import { cacheHitRatio } from './checks/cache-hit-ratio';
import { duplicateIndexes } from './checks/duplicate-indexes';
import { extensionInPublic } from './checks/extension-in-public';
import { fkWithoutIndex } from './checks/fk-without-index';
import { idleInTransaction } from './checks/idle-in-transaction';
import { indexBloat } from './checks/index-bloat';
import { invalidIndexes } from './checks/invalid-indexes';
import { longRunningQueries } from './checks/long-running-queries';
import { missingPrimaryKey } from './checks/missing-primary-key';
import { partitionAhead } from './checks/partition-ahead';
import { partitionDefault } from './checks/partition-default';
import { partitioningCandidates } from './checks/partitioning-candidates';
import { passwordNoExpiry } from './checks/password-no-expiry';
import { policyWithoutRls } from './checks/policy-without-rls';
import { publicPrivileges } from './checks/public-privileges';
import { redundantIndexes } from './checks/redundant-indexes';
import { replicationSlots } from './checks/replication-slots';
import { rlsDisabledExposed } from './checks/rls-disabled-exposed';
import { securityDefinerSearchPath } from './checks/security-definer-search-path';
import { sequenceExhaustion } from './checks/sequence-exhaustion';
import { staleStatistics } from './checks/stale-statistics';
import { superuserRoles } from './checks/superuser-roles';
import { tableBloat } from './checks/table-bloat';
import { topQueries } from './checks/top-queries';
import { unusedIndexes } from './checks/unused-indexes';
import { vacuumBehind } from './checks/vacuum-behind';
import { walArchiving } from './checks/wal-archiving';
import { walLevel } from './checks/wal-level';
import { wraparound } from './checks/wraparound';
import type { HealthCheck } from './types';

export const HEALTH_CHECKS: readonly HealthCheck[] = [
  // integrity
  wraparound,
  sequenceExhaustion,
  partitionAhead,
  invalidIndexes,
  missingPrimaryKey,
  fkWithoutIndex,
  // durability
  walLevel,
  walArchiving,
  replicationSlots,
  // security
  rlsDisabledExposed,
  policyWithoutRls,
  securityDefinerSearchPath,
  publicPrivileges,
  extensionInPublic,
  superuserRoles,
  passwordNoExpiry,
  // indexes
  duplicateIndexes,
  redundantIndexes,
  unusedIndexes,
  // maintenance
  tableBloat,
  indexBloat,
  vacuumBehind,
  staleStatistics,
  // partitioning
  partitionDefault,
  partitioningCandidates,
  // performance
  cacheHitRatio,
  topQueries,
  // right now
  longRunningQueries,
  idleInTransaction,
  blockedLocks,
];
