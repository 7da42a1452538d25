/** Output of `pg-architect advise-indexes --from-pg-stat-statements`: the indexes first, then each statement. */
import type { WorkloadAdvice, WorkloadIndex, WorkloadItem } from '../../core/advisor/indexes';
import { humanBytes } from '../../core/advisor/health/thresholds';

const oneLine = (sql: string, max = 100): string => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

function milliseconds(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`;
}

function indexLines(index: WorkloadIndex): string[] {
  const calls = index.statements.reduce((n, b) => n + b.statement.calls, 0);
  const lines = [
    `  ${index.sql}`,
    `      serves ${count(index.statements.length, 'statement')} (${count(calls, 'call')}); estimated gain ${Math.round(index.weightedGain)} (cost × calls)${index.sizeBytes ? `, index ~${humanBytes(index.sizeBytes)}` : ''}; ${index.candidate.reason}`,
  ];
  for (const b of index.statements) lines.push(`      ${count(b.statement.calls, 'call')}, cost ${b.costBefore.toFixed(1)} -> ${b.costAfter.toFixed(1)}: ${oneLine(b.statement.query)}`);
  return lines;
}

function itemLines(item: WorkloadItem, position: number, verbose: boolean): string[] {
  const s = item.statement;
  const head = `  ${position}. ${count(s.calls, 'call')}, ${milliseconds(s.totalTimeMs)} total: ${oneLine(s.query)}`;
  if ('skipped' in item) return [head, `      skipped: ${item.skipped}`];
  const a = item.advice;
  const recommended = a.outcomes.filter((o) => o.status === 'recommended');
  const lines = [head];
  if (recommended.length > 0) lines.push(`      cost ${a.costBefore?.toFixed(1) ?? '?'}; recommended: ${recommended.map((o) => o.name).join(', ')}`);
  else {
    const why = a.covered.length > 0 ? `already served by ${a.covered.map((c) => c.existing).join(', ')}` : (a.notes[0] ?? 'no candidate cut the estimated cost enough');
    lines.push(`      cost ${a.costBefore?.toFixed(1) ?? '?'}; no index recommended: ${why}`);
  }
  if (verbose) for (const o of a.outcomes.filter((x) => x.status !== 'recommended')) lines.push(`      ${o.status}: ${o.sql} (${o.verdict})`);
  return lines;
}

export function formatWorkloadText(advice: WorkloadAdvice, database: string, source: { top: number; minCalls: number }, verbose: boolean): string {
  const out: string[] = [`Index advice for the top ${source.top} statements of pg_stat_statements by total time (at least ${count(source.minCalls, 'call')}) on ${database}: ${count(advice.items.length, 'statement')} read.`, ''];
  if (advice.indexes.length === 0) out.push('No index recommended.', '');
  else {
    out.push(`Recommended ${advice.indexes.length === 1 ? 'index' : 'indexes'} (the greatest estimated gain first; each verified by the planner):`);
    for (const index of advice.indexes) out.push(...indexLines(index));
    out.push('');
  }
  out.push('Statements:');
  advice.items.forEach((item, i) => out.push(...itemLines(item, i + 1, verbose)));
  if (advice.cancelled) out.push('', 'Cancelled: the statements after these were not advised on.');
  return out.join('\n') + '\n';
}

export function workloadToJson(advice: WorkloadAdvice, database: string, source: { top: number; minCalls: number }): unknown {
  const statement = (s: WorkloadItem['statement']) => ({ queryId: s.queryId, query: s.query, calls: s.calls, totalTimeMs: s.totalTimeMs, meanTimeMs: s.meanTimeMs, rows: s.rows });
  return {
    database,
    source: { view: 'pg_stat_statements', ...source },
    indexes: advice.indexes.map((x) => ({
      sql: x.sql,
      name: x.name,
      table: `${x.candidate.schema}.${x.candidate.table}`,
      columns: x.candidate.columns.map((c) => c.column),
      reason: x.candidate.reason,
      route: x.route,
      sizeBytes: x.sizeBytes,
      weightedGain: x.weightedGain,
      statements: x.statements.map((b) => ({ ...statement(b.statement), costBefore: b.costBefore, costAfter: b.costAfter, gainPerCall: b.gainPerCall })),
    })),
    statements: advice.items.map((item) =>
      'skipped' in item
        ? { ...statement(item.statement), skipped: item.skipped }
        : {
            ...statement(item.statement),
            route: item.advice.route,
            costBefore: item.advice.costBefore,
            recommended: item.advice.outcomes.filter((o) => o.status === 'recommended').map((o) => o.name),
            covered: item.advice.covered,
            notes: item.advice.notes,
          },
    ),
    ...(advice.cancelled ? { cancelled: true } : {}),
  };
}
