/** The database health report: read-only checks over pg_catalog and pg_stat_*, each with advice and SQL. */
export * from './types';
export { DEFAULT_THRESHOLDS, humanBytes, humanDuration, percent, type HealthThresholds } from './thresholds';
export { HEALTH_CHECKS } from './registry';
export { runHealthChecks, type CheckOutcome, type HealthOptions, type HealthReport } from './run';
export { estimateBtreeBloat, estimateTableBloat, type BloatEstimate, type RelationStats } from './bloat-estimate';
export { coversForeignKey, findDuplicates, findRedundant, sameDefinition } from './index-overlap';
export { sequenceUsage, type SequenceRow } from './checks/sequence-exhaustion';
export { hashModulus, monthStart, partitionKeyFor, partitionSketch, type ColumnInfo, type PartitionKey, type SketchInput } from './partition-sketch';
