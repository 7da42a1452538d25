/** `analyzePlan`: metrics and insights of a parsed plan, the one thing the CLI, the panel and the advisors read. */
import type { Plan } from './model';
import { computeMetrics, type PlanMetrics } from './metrics';
import { findInsights } from './insights';
import type { Insight, PlanContext } from './insights/types';

export interface PlanAnalysis extends PlanMetrics {
  readonly insights: readonly Insight[];
}

/** Requires the parser to be loaded (initParser) for the conditions insights read. */
export function analyzePlan(plan: Plan, context: PlanContext = {}): PlanAnalysis {
  const metrics = computeMetrics(plan);
  return { ...metrics, insights: findInsights(metrics, context) };
}
