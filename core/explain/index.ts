/** The explain API: parse EXPLAIN output, analyse it, format it. */
export { parsePlan, type ParsePlanResult } from './parse';
export { unframe } from './unframe';
export { analyzePlan, type PlanAnalysis } from './analyze';
export { formatPlanText, planToJson, nodeTitle } from './format';
export type { Plan, PlanNode, Buffers } from './model';
export type { NodeMetrics } from './metrics';
export type { Insight, InsightSeverity } from './insights/types';
