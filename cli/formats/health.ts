/**
 * Output of `pg-architect db-check`: text for people, SARIF 2.1.0 for tools. A database has no files, so SARIF
 * results carry logical locations (database/object) and the fix SQL as a property.
 */
import { HEALTH_CHECKS, type CheckOutcome, type HealthReport, type HealthSeverity } from '../../core/advisor/health';

const LEVEL: Record<HealthSeverity, 'error' | 'warning' | 'note'> = { critical: 'error', warning: 'warning', info: 'note' };
const ORDER: Record<HealthSeverity, number> = { critical: 0, warning: 1, info: 2 };
/** The check list's first column; a check with findings shows their count instead. */
const STATUS_LABEL: Partial<Record<CheckOutcome['status'], string>> = { ok: 'ok      ', skipped: 'skipped ', error: 'ERROR   ' };

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

export function formatHealthText(report: HealthReport, label: string): string {
  const count = (s: HealthSeverity): number => report.findings.filter((f) => f.severity === s).length;
  const out: string[] = [
    `Database health: ${label} (PostgreSQL ${report.serverVersion}): ${report.checks.length} checks, ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}` +
      (report.findings.length > 0 ? ` (${count('critical')} critical, ${count('warning')} warning, ${count('info')} info)` : ''),
    ...report.notes.map((n) => `Note: ${n}`),
    '',
  ];
  const sorted = [...report.findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  for (const f of sorted) {
    out.push(`${f.severity.toUpperCase().padEnd(10)}${f.check}  ${f.object}`, indent(f.message, '  '), indent(`-> ${f.advice}`, '  '));
    if (f.fix) out.push(indent(f.fix, '     '));
    out.push('');
  }
  out.push(
    'Checks:',
    ...report.checks.map((c) => `  ${STATUS_LABEL[c.status] ?? `${String(c.findings).padStart(3)} ${c.findings === 1 ? 'hit ' : 'hits'}`} ${c.id}${c.error ? `: ${c.error}` : ''}${c.skipped ? `: ${c.skipped}` : ''}`),
    '',
  );
  return out.join('\n');
}

function camel(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
}

export function formatHealthSarif(report: HealthReport, toolVersion: string): string {
  const rules = HEALTH_CHECKS.map((c) => ({
    id: c.id,
    name: camel(c.id),
    shortDescription: { text: c.title },
    fullDescription: { text: c.description },
    help: { text: c.description },
    properties: { tags: ['postgresql', 'database-health'] },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.check,
    ...(index.has(f.check) ? { ruleIndex: index.get(f.check) } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.message} ${f.advice}${f.fix ? `\nFix: ${f.fix}` : ''}` },
    locations: [{ logicalLocations: [{ fullyQualifiedName: `${report.database}/${f.object}`, name: f.object, kind: 'resource' }] }],
    // Stable across runs, so code scanning tracks one finding instead of opening a new one each time.
    partialFingerprints: { 'pgArchitectHealth/v1': `${report.database}/${f.check}/${f.object}` },
    properties: { severity: f.severity, objectKind: f.objectKind, advice: f.advice, ...(f.fix ? { fix: f.fix } : {}), ...(f.query ? { query: f.query } : {}) },
  }));
  const invocations = [
    {
      executionSuccessful: report.checks.every((c) => c.status !== 'error'),
      toolExecutionNotifications: report.checks
        .filter((c) => c.status === 'error' || c.status === 'skipped')
        .map((c) =>
          c.status === 'error'
            ? { level: 'error', message: { text: `${c.id}: ${c.error ?? 'failed'}` }, descriptor: { id: c.id } }
            : { level: 'note', message: { text: `${c.id} skipped: ${c.skipped ?? ''}` }, descriptor: { id: c.id } },
        ),
    },
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'pg-architect db-check', version: toolVersion, semanticVersion: toolVersion, rules } }, invocations, results }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
