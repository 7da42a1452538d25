/**
 * One advisor behind the plan's insights and "Advise Indexes": an insight that proposes an index (a Seq Scan
 * discarding most rows, a top-N sort, ...) guessed it from one plan node; the advisor weighed the whole statement
 * and, where a database is at hand, asked the planner. Its word replaces the guess: the insight then shows the
 * advisor's index with its verified cost, says that no index pays when the planner refused every candidate, or
 * names the existing index that already covers it. Insights keep their order and count (the plan view indexes them).
 */
import type { Insight, IndexTarget } from '../../explain/insights/types';
import type { CandidateOutcome } from './verify';
import type { CoveredOutcome, StatementAdvice } from './advise';

const sameTable = (target: IndexTarget, t: { readonly schema: string; readonly table: string }): boolean =>
  t.table === target.table && (target.schema === undefined || target.schema === t.schema);

const costLine = (o: CandidateOutcome, before: number | undefined): string =>
  before !== undefined && o.costAfter !== undefined ? `estimated cost ${before.toFixed(1)} → ${o.costAfter.toFixed(1)} (${o.verdict})` : o.verdict;

const size = (bytes: number | undefined): string => {
  if (bytes === undefined) return '';
  return bytes >= 1024 * 1024 ? `, ~${(bytes / 1024 / 1024).toFixed(1)} MB` : `, ~${Math.max(1, Math.round(bytes / 1024))} kB`;
};

const keyColumns = (o: CandidateOutcome): string[] => o.candidate.columns.map((c) => c.column);

const sameKeys = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((c, i) => c === b[i]);

function recommended(insight: Insight, target: IndexTarget, o: CandidateOutcome, advice: StatementAdvice): Insight {
  const guess = sameKeys(keyColumns(o), target.columns) ? '' : ` The plan alone suggested (${target.columns.join(', ')}); the advisor weighed the whole statement.`;
  return {
    ...insight,
    advice: `Verified by the planner (${advice.route}): ${o.name} on (${keyColumns(o).join(', ')}), ${costLine(o, advice.costBefore)}${size(o.sizeBytes)}.${guess} Build it CONCURRENTLY so writes continue, then compare the plan.`,
    sql: o.sql,
    index: { schema: o.candidate.schema, table: o.candidate.table, columns: keyColumns(o) },
  };
}

function refused(insight: Insight, target: IndexTarget, tried: readonly CandidateOutcome[], advice: StatementAdvice): Insight {
  const closest = tried[0];
  const rest: Insight = { ...insight };
  delete (rest as { sql?: string }).sql;
  delete (rest as { index?: IndexTarget }).index;
  return {
    ...rest,
    advice:
      `The index advisor tried ${tried.length} index${tried.length === 1 ? '' : 'es'} on ${target.table} with ${advice.route} and the planner kept its plan (closest: ${closest.name}, ${costLine(closest, advice.costBefore)}): ` +
      'at today\'s estimates an index does not pay here. If the row estimates are off, ANALYZE the table and explain again; if the condition matches many rows, narrow it or rewrite the query.',
  };
}

function alreadyCovered(insight: Insight, c: CoveredOutcome): Insight {
  const rest: Insight = { ...insight };
  delete (rest as { sql?: string }).sql;
  delete (rest as { index?: IndexTarget }).index;
  return {
    ...rest,
    advice: `${c.existing} already covers ${c.definition.replace(/^.*? ON /, '').replace(/;$/, '')}, and the planner did not use it here: check the row estimates (ANALYZE the table) and that the condition compares the column itself (no function or cast around it).`,
  };
}

function unverified(insight: Insight, o: CandidateOutcome, empty: boolean): Insight {
  const why = empty
    ? 'not verified: the table has no rows or statistics here (import statistics or connect to a database with data to verify)'
    : `not verified: ${o.verdict.replace(/^not verified: /, '')}`;
  return {
    ...insight,
    advice: `The index advisor's candidate for this statement: ${o.name} on (${keyColumns(o).join(', ')}), ${why}.`,
    sql: o.sql,
    index: { schema: o.candidate.schema, table: o.candidate.table, columns: keyColumns(o) },
  };
}

/** The insights with the advisor's verdict on every index they propose (unchanged when the advisor refused). */
export function verifyInsightIndexes(insights: readonly Insight[], advice: StatementAdvice): Insight[] {
  if (advice.refused) return [...insights];
  const empty = new Set(advice.emptyTables ?? []);
  return insights.map((insight) => {
    const target = insight.index;
    if (!target) return insight;
    const onTable = advice.outcomes.filter((o) => sameTable(target, o.candidate));
    const best = onTable.find((o) => o.status === 'recommended');
    if (best) return recommended(insight, target, best, advice);
    const tableEmpty = onTable.some((o) => empty.has(`${o.candidate.schema}.${o.candidate.table}`));
    const tried = onTable.filter((o) => o.status === 'rejected' && o.costAfter !== undefined);
    if (!tableEmpty && tried.length > 0 && tried.length === onTable.filter((o) => o.status !== 'unverified').length && advice.route !== 'none') {
      return refused(insight, target, tried, advice);
    }
    const covered = advice.covered.find((c) => sameTable(target, c));
    if (covered && onTable.length === 0) return alreadyCovered(insight, covered);
    const candidate = onTable.find((o) => o.status === 'unverified') ?? (tableEmpty ? onTable[0] : undefined);
    return candidate ? unverified(insight, candidate, tableEmpty) : insight;
  });
}

/** The analysed plan with the advisor's verdicts on its index insights, and the advice itself. */
export interface AdvisedPlan<A extends { readonly insights: readonly Insight[] }> {
  readonly analysis: A;
  readonly advice: StatementAdvice;
}

/** The one entry for the editor and the CLI: the advisor on the plan's statement, its verdicts on the plan's insights. */
export function advisedPlan<A extends { readonly insights: readonly Insight[] }>(analysis: A, advice: StatementAdvice): AdvisedPlan<A> {
  return { analysis: { ...analysis, insights: verifyInsightIndexes(analysis.insights, advice) }, advice };
}

/** Whether any insight proposes an index the advisor could verify. */
export function proposesIndex(insights: readonly Insight[]): boolean {
  return insights.some((i) => i.index !== undefined);
}
