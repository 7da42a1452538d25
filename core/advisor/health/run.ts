/**
 * Runs the health checks on one session. Each check runs in its own READ ONLY transaction that is rolled back,
 * bounded by a statement timeout and a lock timeout, so nothing can change data or wait long in a lock queue,
 * and one failing check (a timeout, an unexpected error) is reported without stopping the others. A check that
 * cannot run here (an extension not installed, a privilege missing) says so as "skipped", with the reason. A
 * connection that is gone ends the run with its failure (thrown): the checks after it could only fail the same way.
 */
import { failureOf, isConnectionGone } from '../../db/errors';
import type { Session } from '../../db/session';
import { HEALTH_CHECKS } from './registry';
import { DEFAULT_THRESHOLDS, type HealthThresholds } from './thresholds';
import type { CheckContext, HealthCheck, HealthFinding } from './types';

export interface CheckOutcome {
  readonly id: string;
  readonly title: string;
  readonly status: 'ok' | 'findings' | 'skipped' | 'error';
  readonly findings: number;
  readonly error?: string;
  /** Why it did not run (status skipped). */
  readonly skipped?: string;
}

export interface HealthReport {
  readonly database: string;
  readonly serverVersion: number;
  readonly checks: readonly CheckOutcome[];
  readonly findings: readonly HealthFinding[];
  /** What limits the report (missing privileges). */
  readonly notes: readonly string[];
}

export interface HealthOptions {
  readonly thresholds?: Partial<HealthThresholds>;
  /** Check ids to run (default all). */
  readonly only?: readonly string[];
  /** Per statement; default 30 s. */
  readonly timeoutMs?: number;
}

interface Who {
  database: string;
  superuser: boolean;
  read_all_stats: boolean;
}

export async function runHealthChecks(session: Session, options: HealthOptions = {}): Promise<HealthReport> {
  const thresholds: HealthThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? 30_000));
  const checks: readonly HealthCheck[] = options.only ? HEALTH_CHECKS.filter((c) => options.only?.includes(c.id)) : HEALTH_CHECKS;
  const who = (
    await session.query<Who>(`SELECT current_database() AS database, r.rolsuper AS superuser,
        pg_catalog.pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS read_all_stats
        FROM pg_catalog.pg_roles r WHERE r.rolname = current_user`)
  ).rows[0];
  const notes: string[] = [];
  if (who && !who.superuser && !who.read_all_stats) {
    notes.push('This role is neither superuser nor a member of pg_read_all_stats (pg_monitor): the session checks see only its own sessions, and statistics of tables it cannot read are hidden. GRANT pg_monitor for the full picture.');
  }
  const ctx: CheckContext = {
    serverVersion: session.serverVersion,
    thresholds,
    async query<Row>(sql: string, params?: readonly unknown[]) {
      return (await session.query<Row>(sql, params)).rows;
    },
  };
  const outcomes: CheckOutcome[] = [];
  const findings: HealthFinding[] = [];
  for (const check of checks) {
    try {
      await session.query('BEGIN READ ONLY');
      // SET LOCAL takes no bind parameters; the numbers are ours.
      await session.query(`SET LOCAL statement_timeout = ${timeoutMs}`);
      await session.query(`SET LOCAL lock_timeout = ${Math.min(timeoutMs, 2000)}`);
      const found = await check.run(ctx);
      if (!Array.isArray(found)) {
        outcomes.push({ id: check.id, title: check.title, status: 'skipped', findings: 0, skipped: found.skipped });
        continue;
      }
      findings.push(...found);
      outcomes.push({ id: check.id, title: check.title, status: found.length > 0 ? 'findings' : 'ok', findings: found.length });
    } catch (e) {
      // A connection that is gone (dropped at a deadline, or lost) fails every check after this one: stop here.
      if (isConnectionGone(failureOf(e))) throw e;
      outcomes.push({ id: check.id, title: check.title, status: 'error', findings: 0, error: e instanceof Error ? e.message : String(e) });
    } finally {
      await session.query('ROLLBACK').catch(() => undefined);
    }
  }
  return { database: who?.database ?? session.label, serverVersion: session.serverVersion, checks: outcomes, findings, notes };
}
