/**
 * The health report panel's HTML: static, no script at all. The Content-Security-Policy allows nothing but our
 * stylesheet; the only actions are command links ("Open SQL", "Explain", "Re-run") that the panel enables by
 * name, and they name a finding by its place in the report, never carry SQL. Every string from the database is
 * escaped. No vscode import, so it is tested as plain text.
 */
import type { HealthFinding, HealthReport, HealthSeverity } from '../../core/advisor/health';

export const OPEN_SQL_COMMAND = 'pgArchitect.healthReport.openSql';
export const RERUN_COMMAND = 'pgArchitect.healthReport.rerun';
export const EXPLAIN_COMMAND = 'pgArchitect.healthReport.explain';

export interface HealthHtmlOptions {
  /** The webview's resource origin (webview.cspSource). */
  readonly cspSource: string;
  readonly styleUri: string;
  readonly report: HealthReport;
  /** user@host:port/db */
  readonly target: string;
  /** Which run the links belong to: a link from an older page opens nothing. */
  readonly generation: number;
  /** When the checks ran, as shown. */
  readonly ranAt: string;
  /** Indexes of the findings whose statement EXPLAIN can run (a query or DML, not a utility statement). */
  readonly explainable?: ReadonlySet<number>;
}

const SEVERITIES: readonly { readonly severity: HealthSeverity; readonly title: string }[] = [
  { severity: 'critical', title: 'Critical' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Information' },
];

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A command URI with JSON arguments, as VS Code reads them from a link. */
export function commandLink(command: string, args: readonly unknown[] = []): string {
  return args.length === 0 ? `command:${command}` : `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function findingHtml(f: HealthFinding, index: number, generation: number, titles: ReadonlyMap<string, string>, explainable: boolean): string {
  const query = f.query
    ? `<div class="query"><pre><code>${escapeHtml(f.query)}</code></pre>${
        explainable
          ? `<a class="button" href="${escapeHtml(commandLink(EXPLAIN_COMMAND, [generation, index]))}" title="Open the statement in a new editor and explain it on this connection (asks for the $n values, or a generic plan on PostgreSQL 12+)">Explain</a>`
          : ''
      }</div>`
    : '';
  const fix = f.fix
    ? `<div class="fix"><pre><code>${escapeHtml(f.fix)}</code></pre><a class="button" href="${escapeHtml(commandLink(OPEN_SQL_COMMAND, [generation, index]))}" title="Open this SQL in a new editor (it is not run)">Open SQL</a></div>`
    : '';
  return `<article class="finding ${f.severity}">
<header><span class="check">${escapeHtml(titles.get(f.check) ?? f.check)}</span> <code class="object">${escapeHtml(f.object)}</code></header>
<p class="message">${escapeHtml(f.message)}</p>
<p class="advice">${escapeHtml(f.advice)}</p>
${query}${fix}
</article>`;
}

function summary(report: HealthReport): string {
  const count = (s: HealthSeverity): number => report.findings.filter((f) => f.severity === s).length;
  const failed = report.checks.filter((c) => c.status === 'error').length;
  const skipped = report.checks.filter((c) => c.status === 'skipped').length;
  const parts = [`${report.checks.length} checks`, `${count('critical')} critical`, `${count('warning')} warnings`, `${count('info')} information`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (skipped > 0) parts.push(`${skipped} skipped`);
  return parts.join(' · ');
}

export function healthReportHtml(options: HealthHtmlOptions): string {
  const { report, generation } = options;
  const csp = ["default-src 'none'", `style-src ${options.cspSource}`].join('; ');
  const titles = new Map(report.checks.map((c) => [c.id, c.title]));
  const indexed = report.findings.map((finding, index) => ({ finding, index }));
  const sections = SEVERITIES.map(({ severity, title }) => {
    const items = indexed.filter((x) => x.finding.severity === severity);
    if (items.length === 0) return '';
    return `<section class="severity ${severity}"><h2>${title} (${items.length})</h2>\n${items.map((x) => findingHtml(x.finding, x.index, generation, titles, options.explainable?.has(x.index) === true)).join('\n')}</section>`;
  }).join('\n');
  const ran = report.checks.every((c) => c.status !== 'skipped') ? 'every check passed' : 'every check that ran passed';
  const empty = report.findings.length === 0 ? `<p class="clean">No findings: ${ran}.</p>` : '';
  const failed = report.checks.filter((c) => c.status === 'error');
  const failures =
    failed.length > 0
      ? `<section class="failures"><h2>Checks that could not run (${failed.length})</h2><ul>${failed.map((c) => `<li><strong>${escapeHtml(c.title)}</strong>: ${escapeHtml(c.error ?? 'failed')}</li>`).join('')}</ul></section>`
      : '';
  const skippedChecks = report.checks.filter((c) => c.status === 'skipped');
  const skips =
    skippedChecks.length > 0
      ? `<section class="skipped"><h2>Checks skipped (${skippedChecks.length})</h2><ul>${skippedChecks.map((c) => `<li><strong>${escapeHtml(c.title)}</strong>: ${escapeHtml(c.skipped ?? 'not available here')}</li>`).join('')}</ul></section>`
      : '';
  const notes = report.notes.length > 0 ? `<ul class="notes">${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>Database Health Report</title>
</head>
<body>
<header class="top">
<h1>Database Health Report</h1>
<p class="target">${escapeHtml(options.target)} · PostgreSQL ${escapeHtml(String(report.serverVersion))} · ${escapeHtml(options.ranAt)}</p>
<p class="summary">${escapeHtml(summary(report))}</p>
<p class="actions"><a class="button" href="${escapeHtml(commandLink(RERUN_COMMAND))}">Re-run</a></p>
<p class="readonly">Every check ran in a read-only transaction that was rolled back. The SQL below is never run by PostgreSQL Architect: review it, then run it yourself.</p>
${notes}
</header>
${empty}
${sections}
${failures}
${skips}
</body>
</html>`;
}
