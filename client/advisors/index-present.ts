/**
 * The index advisor's results in the editor: a message with the recommendation (non-blocking, so the command
 * returns its result at once), a quick pick of every candidate with before/after cost and size, and the text
 * of the whole advice in the output channel.
 */
import * as vscode from 'vscode';
import { humanBytes } from '../../core/advisor/health';
import type { CandidateOutcome, StatementAdvice } from '../../core/advisor/indexes';
import { quoteIdentifier } from '../../core/catalog/names';
import type { MigrationChange } from './migration-insert';

const STATUS_ORDER: Readonly<Record<CandidateOutcome['status'], number>> = { recommended: 0, alternative: 1, unverified: 2, rejected: 3 };

export function costText(o: CandidateOutcome, before: number | undefined): string {
  if (o.costAfter === undefined || before === undefined) return o.status;
  const cut = o.reduction !== undefined ? ` (−${Math.round(o.reduction * 100)} %)` : '';
  return `cost ${before.toFixed(1)} → ${o.costAfter.toFixed(1)}${cut}${o.sizeBytes ? `, ~${humanBytes(o.sizeBytes)}` : ''}`;
}

/** What "Add to migration…" writes for a candidate. */
export function migrationChange(o: CandidateOutcome, statement: string): MigrationChange {
  const query = statement.split('\n')[0].slice(0, 100);
  return {
    sql: o.sql,
    undoSql: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteIdentifier(o.candidate.schema)}.${quoteIdentifier(o.name)};`,
    comments: [
      `Recommended by PostgreSQL Architect's index advisor for: ${query}`,
      ...(o.costAfter !== undefined ? [`Planner estimate: ${o.verdict}`] : []),
      'CREATE INDEX CONCURRENTLY cannot run inside a transaction block: run this migration without one.',
    ],
    name: `add index ${o.name}`,
  };
}

export function adviceLines(advice: StatementAdvice, database: string): string[] {
  const lines = [`Index advice on ${database} (verified with ${advice.route === 'none' ? 'nothing: unverified' : advice.route}), estimated cost ${advice.costBefore?.toFixed(1) ?? '?'}:`, `  ${advice.sql.split('\n')[0].slice(0, 120)}`];
  if (advice.refused) lines.push(`  ${advice.refused}`);
  for (const o of [...advice.outcomes].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status])) {
    lines.push(`  ${o.status}: ${o.sql}`, `      ${costText(o, advice.costBefore)}; ${o.candidate.reason}; ${o.verdict}`);
  }
  for (const c of advice.covered) lines.push(`  already served by ${c.existing}: ${c.definition}`);
  for (const n of advice.notes) lines.push(`  note: ${n}`);
  return lines;
}

/** A quick pick of every candidate tried; the chosen one, or undefined. */
export async function pickCandidate(advice: StatementAdvice, onlyKept = false): Promise<CandidateOutcome | undefined> {
  const outcomes = [...advice.outcomes]
    .filter((o) => !onlyKept || o.status === 'recommended' || o.status === 'alternative' || o.status === 'unverified')
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
  if (outcomes.length === 0) {
    void vscode.window.showInformationMessage('PostgreSQL Architect: no candidate index for this statement.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    outcomes.map((o) => ({ label: `${o.status === 'recommended' ? '$(star-full) ' : ''}${o.name}`, description: `${o.status} · ${costText(o, advice.costBefore)}`, detail: `${o.sql}  — ${o.candidate.reason}. ${o.verdict}`, outcome: o })),
    { title: 'Candidate indexes (pick one to add to a migration)', matchOnDetail: true },
  );
  return picked?.outcome;
}

export type AdviceAction = 'add' | 'all' | 'copy' | undefined;

/** The summary message; resolves with the button pressed (callers do not wait for it). */
export async function showAdviceMessage(advice: StatementAdvice, database: string): Promise<{ action: AdviceAction; outcome?: CandidateOutcome }> {
  const add = 'Add to Migration…';
  const all = 'All Candidates…';
  const copy = 'Copy SQL';
  const best = advice.outcomes.find((o) => o.status === 'recommended');
  if (advice.refused) {
    void vscode.window.showWarningMessage(`PostgreSQL Architect: ${advice.refused}`);
    return { action: undefined };
  }
  if (best) {
    const others = advice.outcomes.filter((o) => o.status === 'recommended').length - 1;
    const text = `Index recommended on ${database}: ${best.sql} — ${costText(best, advice.costBefore)}.${others > 0 ? ` (${others} more for other tables)` : ''}`;
    const choice = await vscode.window.showInformationMessage(text, add, all, copy);
    return { action: choice === add ? 'add' : choice === all ? 'all' : choice === copy ? 'copy' : undefined, outcome: best };
  }
  const why = advice.covered.length > 0 ? `already served by ${advice.covered.map((c) => c.existing).join(', ')}` : advice.notes[0] ?? 'no candidate cut the estimated cost enough';
  const choice = await vscode.window.showInformationMessage(`No index recommended on ${database}: ${why}`, ...(advice.outcomes.length > 0 ? [all] : []));
  return { action: choice === all ? 'all' : undefined };
}
