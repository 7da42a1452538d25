/** The index advisor's API: advise one statement on a session; the pure parts for tests and other front ends. */
export { adviseIndexes, type AdviseOptions, type StatementAdvice, type CoveredOutcome } from './advise';
export { indexCandidates, type CandidateOptions } from './candidates';
export { queryShape } from './query-shape';
export { createIndexSql, indexName, indexBody } from './sql';
export { DEFAULT_THRESHOLDS, type CandidateOutcome, type CandidateStatus, type Thresholds } from './verify';
export type { Route } from './trial';
export type * from './types';
export { adviseWorkload, adviseFromPgStatStatements, groupByIndex, offersIndexAdvice, skipReason, type IndexBenefit, type WorkloadAdvice, type WorkloadIndex, type WorkloadItem, type WorkloadOptions, type WorkloadResult } from './workload';
export { readTopStatements, DEFAULT_MIN_CALLS, DEFAULT_TOP, type StatementStatistics, type TopStatements, type TopStatementsOptions } from './statement-statistics';
export { advisedPlan, proposesIndex, verifyInsightIndexes, type AdvisedPlan } from './insight-verdicts';
