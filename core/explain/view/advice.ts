/**
 * The index advisor's advice as the plan viewer shows it (its advisor section): plain, serialisable data, made once
 * here for the VS Code panel and for the standalone page other editors get.
 */
import type { StatementAdvice } from '../../advisor/indexes/advise';

export interface ViewAdviceItem {
  /** The index's name, to ask the extension to add it to a migration. */
  readonly name?: string;
  readonly sql: string;
  readonly status: 'recommended' | 'alternative' | 'rejected' | 'unverified';
  readonly verdict: string;
  readonly costBefore: number | null;
  readonly costAfter: number | null;
  readonly reduction: number | null;
  readonly sizeBytes: number | null;
}

export interface ViewIndexAdvice {
  readonly route: string;
  readonly items: readonly ViewAdviceItem[];
  readonly notes: readonly string[];
  readonly error?: string;
}

export function adviceView(advice: StatementAdvice): ViewIndexAdvice {
  const items: ViewAdviceItem[] = advice.outcomes.map((o) => ({
    name: o.name,
    sql: o.sql,
    status: o.status,
    verdict: o.verdict,
    costBefore: advice.costBefore ?? null,
    costAfter: o.costAfter ?? null,
    reduction: o.reduction ?? null,
    sizeBytes: o.sizeBytes ?? null,
  }));
  const notes = [...advice.notes, ...advice.covered.map((c) => `Already served by ${c.existing}: ${c.definition}`)];
  return { route: advice.route, items, notes, ...(advice.refused ? { error: advice.refused } : {}) };
}
