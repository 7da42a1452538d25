/** Output of `pg-architect advise-indexes`: text for people, JSON for tools. */
import type { CandidateOutcome } from '../../core/advisor/indexes';
import type { AdvisedStatement } from '../../core/advisor/indexes/report';

export { formatAdviceText, type AdvisedStatement } from '../../core/advisor/indexes/report';

export function adviceToJson(statements: readonly AdvisedStatement[], database: string): unknown {
  return statements.map(({ line, advice }) => ({
    line,
    statement: advice.sql,
    database,
    ...(advice.refused ? { error: advice.refused } : {}),
    route: advice.route,
    costBefore: advice.costBefore,
    recommendations: advice.outcomes.filter((o) => o.status === 'recommended').map(outcomeJson),
    candidates: advice.outcomes.map(outcomeJson),
    covered: advice.covered,
    notes: advice.notes,
  }));
}

function outcomeJson(o: CandidateOutcome): unknown {
  return {
    status: o.status,
    sql: o.sql,
    name: o.name,
    table: `${o.candidate.schema}.${o.candidate.table}`,
    method: o.candidate.method,
    columns: o.candidate.columns.map((c) => c.column),
    include: o.candidate.include,
    where: o.candidate.where,
    reason: o.candidate.reason,
    verdict: o.verdict,
    route: o.route,
    costAfter: o.costAfter,
    reduction: o.reduction,
    usedBy: o.usedBy,
    sizeBytes: o.sizeBytes,
  };
}
