/**
 * Plain EXPLAIN (FORMAT JSON) of a statement inside a transaction someone else manages: the planner's estimate,
 * nothing runs. Statements with $n parameters get a generic plan (PostgreSQL 12+) unless values are given.
 */
import { explainGenericPlan } from '../../db/generic-plan';
import { parsePlan } from '../../explain/parse';
import type { Plan, PlanNode } from '../../explain/model';
import type { Session } from '../../db/session';

export interface ExplainTarget {
  readonly sql: string;
  readonly parameterCount: number;
  readonly parameters: readonly string[];
}

export async function explainPlan(session: Session, target: ExplainTarget): Promise<Plan> {
  const generic = target.parameterCount > 0 && target.parameters.length === 0;
  const value = generic
    ? await explainGenericPlan(session, target.sql, target.parameterCount, 'FORMAT JSON')
    : (await session.query<Record<string, unknown>>(`EXPLAIN (FORMAT JSON) ${target.sql}`, target.parameterCount === 0 ? undefined : target.parameters.slice(0, target.parameterCount))).rows[0]?.['QUERY PLAN'];
  const parsed = parsePlan(typeof value === 'string' ? value : JSON.stringify(value));
  if ('error' in parsed) throw new Error(`The server's plan could not be read: ${parsed.error}`);
  return parsed.plan;
}

export function totalCost(plan: Plan): number {
  return plan.root.totalCost ?? 0;
}

/** The nodes that read an index, by the name the plan prints. */
export function nodesUsingIndex(plan: Plan, indexName: string): PlanNode[] {
  return plan.nodes.filter((n) => n.indexName === indexName);
}
