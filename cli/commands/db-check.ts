/**
 * `pg-architect db-check --db URL`: the database health report. Everything it runs is read-only (each check in a
 * READ ONLY transaction that is rolled back) and bounded by a statement timeout; the fixes are printed, never run.
 */
import { DEFAULT_THRESHOLDS, HEALTH_CHECKS, runHealthChecks, type HealthReport, type HealthThresholds } from '../../core/advisor/health';
import { parseConnectionString } from '../../core/connections/url';
import { failureOf, type DatabaseFailure } from '../../core/db/errors';
import { connectPostgres } from '../../core/db/postgres-session';
import { optionHelp, parseArgs, type OptionSpec } from '../args';
import { cancelOnInterrupt } from '../interrupt';
import { formatHealthSarif, formatHealthText } from '../formats/health';
import { TOOL_VERSION } from '../version';
import { EXIT, type Command } from './command';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'db', value: true, description: 'connection string (postgres://... or key=value)' },
  { name: 'format', value: true, choices: ['text', 'json', 'sarif'], description: 'output format (default text)' },
  { name: 'check', value: true, repeatable: true, description: 'run only this check (repeat the option); ids below' },
  { name: 'threshold', value: true, repeatable: true, description: 'override a threshold: name=value (repeat the option); names below' },
  { name: 'timeout', value: true, description: 'statement timeout in seconds (default 30); a connection silent for longer is given up' },
  { name: 'help', description: 'show this help' },
];

const ID_WIDTH = Math.max(...HEALTH_CHECKS.map((c) => c.id.length)) + 2;

const HELP = `Usage: pg-architect db-check --db URL [options]

Options:
${optionHelp(OPTIONS)}

Checks:
${HEALTH_CHECKS.map((c) => `  ${c.id.padEnd(ID_WIDTH)}${c.description}`).join('\n')}

Thresholds (defaults): ${Object.entries(DEFAULT_THRESHOLDS).map(([k, v]) => `${k}=${v}`).join(', ')}

Exit codes: 0 no critical finding, 1 critical findings, 2 bad usage or no connection.`;

export const dbCheckCommand: Command = {
  summary: 'database health report: indexes, unindexed foreign keys, bloat, vacuum, wraparound, WAL and slots, security, partitioning, top queries, locks, ...',
  help: HELP,
  async run(argv) {
    const parsed = parseArgs(argv, OPTIONS);
    if (!parsed.ok) return usage(parsed.error);
    const { options, positionals, lists } = parsed.args;
    if (options.has('help')) {
      process.stdout.write(this.help + '\n');
      return EXIT.ok;
    }
    if (positionals.length > 0) return usage(`unexpected argument "${positionals[0]}"`);
    const db = options.get('db');
    if (typeof db !== 'string') return usage('--db is required');
    const timeoutSeconds = Number(options.get('timeout') ?? 30);
    // PostgreSQL counts statement_timeout in whole milliseconds, and 0 turns it off.
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0.001) return usage('--timeout must be a number of seconds, at least 0.001 (1 ms)');
    const timeoutMs = Math.round(timeoutSeconds * 1000);
    const only = lists.get('check');
    const unknown = only?.filter((id) => !HEALTH_CHECKS.some((c) => c.id === id));
    if (unknown && unknown.length > 0) return usage(`unknown check ${unknown.join(', ')}`);
    const thresholds: Partial<Record<keyof HealthThresholds, number>> = {};
    for (const t of lists.get('threshold') ?? []) {
      const m = /^(\w+)=(-?\d+(?:\.\d+)?)$/.exec(t);
      if (!m || !(m[1] in DEFAULT_THRESHOLDS)) return usage(`--threshold ${t}: expected name=number with a name from --help`);
      thresholds[m[1] as keyof HealthThresholds] = Number(m[2]);
    }
    const conn = parseConnectionString(db);
    if ('error' in conn) return usage(`--db: ${conn.error}`);
    const connected = await connectPostgres({ ...conn.options, applicationName: conn.options.applicationName ?? 'pg-architect db-check', statementTimeoutMs: timeoutMs });
    if ('failure' in connected) {
      process.stderr.write(`pg-architect db-check: ${withTimeout(connected.failure, timeoutSeconds)}\n`);
      return EXIT.usage;
    }
    const session = connected.session;
    cancelOnInterrupt('db-check', session);
    try {
      let report: HealthReport;
      try {
        report = await runHealthChecks(session, { thresholds, timeoutMs, ...(only ? { only } : {}) });
      } catch (e) {
        // The connection went away, or the first query (who am I) failed: there is no report to give.
        process.stderr.write(`pg-architect db-check: ${withTimeout(failureOf(e) ?? { kind: 'other', message: e instanceof Error ? e.message : String(e) }, timeoutSeconds)}\n`);
        return EXIT.usage;
      }
      const format = options.get('format') ?? 'text';
      if (format === 'json') process.stdout.write(JSON.stringify({ target: session.label, ...report }, null, 2) + '\n');
      else if (format === 'sarif') process.stdout.write(formatHealthSarif(report, TOOL_VERSION));
      else process.stdout.write(formatHealthText(report, session.label));
      for (const c of report.checks) if (c.status === 'error' && format !== 'text') process.stderr.write(`pg-architect db-check: ${c.id} failed: ${c.error}\n`);
      return report.findings.some((f) => f.severity === 'critical') ? EXIT.findings : EXIT.ok;
    } finally {
      await session.close();
    }
  },
};

/** A statement timeout names the --timeout that caused it. */
function withTimeout(failure: DatabaseFailure, seconds: number): string {
  return failure.kind === 'statement-timeout' ? `${failure.message.replace(/\.$/, '')} (--timeout ${seconds} s).` : failure.message;
}

function usage(message: string): number {
  process.stderr.write(`pg-architect db-check: ${message}\nRun "pg-architect db-check --help" for usage.\n`);
  return EXIT.usage;
}
