/** The index advisor's advice as text for people: the CLI's `advise-indexes` and `explain --advise`, other editors' explain command. */
import { humanBytes } from '../health/thresholds';
import type { StatementAdvice } from './advise';
import type { CandidateOutcome } from './verify';

export interface AdvisedStatement {
  readonly line: number;
  readonly advice: StatementAdvice;
}

const ROUTE: Record<StatementAdvice['route'], string> = {
  hypopg: 'hypothetical indexes (HypoPG)',
  rollback: 'a real CREATE INDEX in a transaction that was rolled back',
  none: 'nothing (not verified)',
};

function conditions(o: CandidateOutcome): string {
  const c = o.usedBy?.conditions ?? {};
  const cond = c['Index Cond'] ?? c['Recheck Cond'];
  return cond ? ` with ${cond}` : '';
}

function outcomeLines(o: CandidateOutcome, before: number | undefined): string[] {
  const label = { recommended: 'RECOMMENDED', alternative: 'alternative', rejected: 'rejected', unverified: 'unverified' }[o.status];
  const lines = [`  ${label}: ${o.sql}`];
  if (o.costAfter !== undefined && before !== undefined) {
    const node = o.usedBy ? `, ${o.usedBy.nodeType}${o.usedBy.relationName ? ` on ${o.usedBy.relationName}` : ''}${conditions(o)}` : '';
    lines.push(`      cost ${before.toFixed(1)} -> ${o.costAfter.toFixed(1)}${node}${o.sizeBytes ? `, index ~${humanBytes(o.sizeBytes)}` : ''}`);
  }
  lines.push(`      ${o.status === 'recommended' || o.status === 'alternative' ? 'serves' : 'for'}: ${o.candidate.reason}`);
  if (o.status !== 'recommended') lines.push(`      ${o.verdict}`);
  return lines;
}

export function formatAdviceText(statements: readonly AdvisedStatement[], database: string, verbose: boolean): string {
  const out: string[] = [];
  for (const { line, advice } of statements) {
    out.push(`── line ${line}: ${advice.sql.split('\n')[0].slice(0, 100)}`);
    if (advice.refused) {
      out.push(`  ${advice.refused}`, '');
      continue;
    }
    out.push(`  on ${database}, verified with ${ROUTE[advice.route]}; estimated cost now ${advice.costBefore?.toFixed(1) ?? '?'}`);
    const shown = advice.outcomes.filter((o) => verbose || o.status === 'recommended' || o.status === 'unverified');
    for (const o of shown) out.push(...outcomeLines(o, advice.costBefore));
    const hidden = advice.outcomes.length - shown.length;
    if (hidden > 0) out.push(`  (${hidden} other candidate${hidden === 1 ? '' : 's'} tried: --verbose shows them)`);
    for (const c of advice.covered) out.push(`  already served by ${c.existing}: ${c.definition.replace(/^CREATE INDEX CONCURRENTLY IF NOT EXISTS \S+ /, '').replace(/;$/, '')}`);
    if (!advice.outcomes.some((o) => o.status === 'recommended')) out.push('  No index recommended for this statement.');
    for (const n of advice.notes) out.push(`  note: ${n}`);
    out.push('');
  }
  return out.join('\n');
}

