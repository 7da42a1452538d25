export type { PlanView, ViewNode, ViewInsight, SourceSpan, ViewBuffers } from './model';
export { buildPlanView, viewInsight, type PlanViewInput } from './build';
export { comparePlans, type PlanComparison, type ComparedRow } from './compare';
export { nodesAtOffset, queryReferences } from './source-map';
export { coldSubtrees, openShape, HOT_SHARE, type Room } from './cold-parts';
