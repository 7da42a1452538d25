/**
 * One statement explained and judged: EXPLAIN through the runner (refusals, confirmation, parameters, rollback),
 * the plan's analysis, and optionally the index advisor's verdicts on it. The CLI's `explain` and the language
 * server's explain command call this; the VS Code panel does the same steps with its own prompts in between.
 */
import { adviseIndexes, advisedPlan, type StatementAdvice } from '../advisor/indexes';
import { analyzePlan, type PlanAnalysis } from '../explain/analyze';
import { runExplain, type ExplainOutcome, type ExplainRequest } from './explain-runner';
import type { Session } from './session';

export interface ExplainStatementOptions extends ExplainRequest {
  /** The embedded database without imported statistics: row counts say nothing about production. */
  readonly emptyTables?: boolean;
  /** Run the index advisor on SELECT / UPDATE / DELETE and put its verdicts into the insights. */
  readonly advise?: boolean;
}

export type ExplainedStatement =
  | { readonly outcome: Exclude<ExplainOutcome, { plan: unknown }> }
  | { readonly outcome: Extract<ExplainOutcome, { plan: unknown }>; readonly analysis: PlanAnalysis; readonly advice?: StatementAdvice };

export async function explainStatement(session: Session, options: ExplainStatementOptions): Promise<ExplainedStatement> {
  const outcome = await runExplain(session, options);
  if (!('plan' in outcome)) return { outcome };
  const analysis = analyzePlan(outcome.plan, { emptyTables: options.emptyTables === true });
  const kind = outcome.statement.kind;
  if (!options.advise || (kind !== 'query' && kind !== 'dml')) return { outcome, analysis };
  const advice = await adviseIndexes(session, options.sql, { parameters: options.parameters ?? [], ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) });
  return { outcome, ...advisedPlan(analysis, advice) };
}
