/**
 * The workload index advice (pg_stat_statements) in the editor: its text in the output channel, a quick pick
 * of the recommended indexes with the statements each serves, and what "Add to migration…" writes for one.
 */
import * as vscode from 'vscode';
import { humanBytes } from '../../core/advisor/health';
import type { WorkloadAdvice, WorkloadIndex } from '../../core/advisor/indexes';
import { quoteIdentifier } from '../../core/catalog/names';
import type { MigrationChange } from './migration-insert';

const oneLine = (sql: string, max = 100): string => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

const callsOf = (index: WorkloadIndex): number => index.statements.reduce((n, b) => n + b.statement.calls, 0);

export function indexSummary(index: WorkloadIndex): string {
  return `serves ${plural(index.statements.length, 'statement')} (${plural(callsOf(index), 'call')}), estimated gain ${Math.round(index.weightedGain)} (cost × calls)${index.sizeBytes ? `, ~${humanBytes(index.sizeBytes)}` : ''}`;
}

export function workloadLines(advice: WorkloadAdvice, database: string): string[] {
  const lines = [`Index advice for the heaviest statements of pg_stat_statements on ${database} (${plural(advice.items.length, 'statement')}):`];
  if (advice.indexes.length === 0) lines.push('  No index recommended.');
  for (const index of advice.indexes) {
    lines.push(`  ${index.sql}`, `      ${indexSummary(index)}; ${index.candidate.reason}`);
    for (const b of index.statements) lines.push(`      ${plural(b.statement.calls, 'call')}, cost ${b.costBefore.toFixed(1)} → ${b.costAfter.toFixed(1)}: ${oneLine(b.statement.query)}`);
  }
  lines.push('  Statements:');
  advice.items.forEach((item, i) => {
    lines.push(`  ${i + 1}. ${plural(item.statement.calls, 'call')}, ${item.statement.totalTimeMs.toFixed(1)} ms total: ${oneLine(item.statement.query)}`);
    if ('skipped' in item) lines.push(`      skipped: ${item.skipped}`);
    else {
      const names = item.advice.outcomes.filter((o) => o.status === 'recommended').map((o) => o.name);
      const why = item.advice.covered.length > 0 ? `already served by ${item.advice.covered.map((c) => c.existing).join(', ')}` : (item.advice.notes[0] ?? 'no candidate cut the estimated cost enough');
      lines.push(`      ${names.length > 0 ? `recommended: ${names.join(', ')}` : `no index recommended: ${why}`}`);
    }
  });
  if (advice.cancelled) lines.push('  Cancelled: the statements after these were not advised on.');
  return lines;
}

/** What "Add to migration…" writes for an index recommended across the workload. */
export function workloadMigrationChange(index: WorkloadIndex): MigrationChange {
  return {
    sql: index.sql,
    undoSql: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdentifier(index.candidate.schema)}.${quoteIdentifier(index.name)};`,
    comments: [
      `Recommended by PostgreSQL Architect's index advisor for ${plural(index.statements.length, 'statement')} of pg_stat_statements (${plural(callsOf(index), 'call')}), for example:`,
      ...index.statements.slice(0, 3).map((b) => `  ${oneLine(b.statement.query)} (cost ${b.costBefore.toFixed(1)} -> ${b.costAfter.toFixed(1)})`),
      'CREATE INDEX CONCURRENTLY cannot run inside a transaction block: run this migration without one.',
    ],
    name: `add index ${index.name}`,
  };
}

/** A quick pick of the recommended indexes; the chosen one, or undefined. */
export async function pickWorkloadIndex(advice: WorkloadAdvice): Promise<WorkloadIndex | undefined> {
  const picked = await vscode.window.showQuickPick(
    advice.indexes.map((index) => ({ label: index.name, description: indexSummary(index), detail: index.sql, index })),
    { title: 'Indexes recommended for the workload (pick one to add to a migration)', matchOnDetail: true },
  );
  return picked?.index;
}
