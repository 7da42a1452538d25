/**
 * The configuration advisor's output as a postgresql.conf-style document: one `name = value` line per setting
 * with its reason and a [restart] / [reload] marker; with a connection, the server's current value too, and
 * settings already right or unknown to the server commented out. Pure text, no vscode import.
 */
import { humanKb, type SettingComparison, type TuneInput, type TuneResult } from '../../core/advisor/tune';

const MARKERS = '# [restart] takes effect after a server restart; [reload] after SELECT pg_reload_conf(); (or ALTER SYSTEM SET ... then the same).';

export function describeTuneInput(i: TuneInput, connections: number): string {
  return `${humanKb(i.ramKb)} RAM, ${i.cpus ?? 'unknown'} CPUs, ${i.storage} storage, ${i.workload} workload, ${connections} connections, PostgreSQL ${i.postgresVersion}`;
}

function aligned(lines: readonly (readonly [string, string])[]): string[] {
  if (lines.length === 0) return [];
  const width = Math.max(...lines.map(([a]) => a.length)) + 2;
  return lines.map(([a, b]) => `${a.padEnd(width)}# ${b}`);
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

/** Without a connection: every recommendation. */
export function tuneDocument(input: TuneInput, result: TuneResult, notes: readonly string[] = []): string {
  return [
    `# PostgreSQL Architect: recommended settings for ${describeTuneInput(input, result.connections)}`,
    "# Baseline: PGTune's published formulas, plus PostgreSQL Architect's additions.",
    MARKERS,
    ...notes.map((n) => `# ${oneLine(n)}`),
    ...result.warnings.map((w) => `# WARNING: ${oneLine(w)}`),
    '',
    ...aligned(result.recommendations.map((r) => [`${r.name} = ${r.text}`, `[${r.context === 'postmaster' ? 'restart' : 'reload'}] ${oneLine(r.reason)}`])),
    '',
  ].join('\n');
}

/** With a connection: what to change first, then what is already right and what this server lacks. */
export function comparisonDocument(target: string, serverVersion: number, input: TuneInput, result: TuneResult, rows: readonly SettingComparison[], notes: readonly string[]): string {
  const changes = rows.filter((r) => r.status === 'change');
  const same = rows.filter((r) => r.status === 'same');
  const unavailable = rows.filter((r) => r.status === 'unavailable');
  const restarts = changes.filter((r) => r.apply === 'restart').length;
  const changeLine = (r: SettingComparison): readonly [string, string] => [
    `${r.name} = ${r.recommended}`,
    `[${r.apply}] now ${r.current ?? 'unset'}${r.pendingRestart ? ' (a changed value already waits for a restart)' : ''}. ${oneLine(r.reason)}`,
  ];
  return [
    `# PostgreSQL Architect: ${target} (PostgreSQL ${serverVersion}) against the recommendations for ${describeTuneInput(input, result.connections)}`,
    "# Baseline: PGTune's published formulas, plus PostgreSQL Architect's additions. Current values from pg_settings.",
    MARKERS,
    ...notes.map((n) => `# ${oneLine(n)}`),
    ...result.warnings.map((w) => `# WARNING: ${oneLine(w)}`),
    '',
    changes.length === 0
      ? '# Every recommended setting already has the recommended value.'
      : `# ${changes.length} setting${changes.length === 1 ? '' : 's'} to change (${restarts} need${restarts === 1 ? 's' : ''} a restart):`,
    ...aligned(changes.map(changeLine)),
    ...(same.length > 0 ? ['', '# Already at the recommended value:', ...aligned(same.map((r) => [`# ${r.name} = ${r.recommended}`, oneLine(r.reason)]))] : []),
    ...(unavailable.length > 0 ? ['', '# Not settings of this server version:', ...aligned(unavailable.map((r) => [`# ${r.name} = ${r.recommended}`, oneLine(r.reason)]))] : []),
    '',
  ].join('\n');
}
