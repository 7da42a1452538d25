/**
 * Trying a candidate index on the planner: HypoPG's hypothetical indexes (nothing is built, nothing is locked),
 * or a real CREATE INDEX inside a transaction that is always rolled back (the embedded PGlite, or a server where
 * the user allowed it: the build reads the table and blocks its writes until the rollback).
 */
import { quoteIdentifier } from '../../catalog/names';
import type { Plan } from '../../explain/model';
import type { Session } from '../../db/session';
import { explainPlan, type ExplainTarget } from './plan-cost';
import { indexBody } from './sql';
import type { IndexCandidate } from './types';

export type Route = 'hypopg' | 'rollback';

export interface TrialResult {
  readonly plan: Plan;
  /** The name the plan prints for the tried index. */
  readonly planName: string;
  readonly sizeBytes: number;
}

export interface TrialOptions {
  readonly timeoutMs: number;
  /** lock_timeout for CREATE INDEX on a server (ms). */
  readonly lockTimeoutMs?: number;
}

export async function tryHypothetical(session: Session, candidate: IndexCandidate, target: ExplainTarget, options: TrialOptions): Promise<TrialResult> {
  await session.query('BEGIN');
  try {
    await session.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.timeoutMs))}`);
    const created = await session.query<{ indexrelid: number | string; indexname: string }>('SELECT indexrelid, indexname FROM hypopg_create_index($1)', [`CREATE INDEX ${indexBody(candidate)}`]);
    const row = created.rows[0];
    if (!row) throw new Error('HypoPG created no index');
    const plan = await explainPlan(session, target);
    const size = await session.query<{ bytes: string | number }>('SELECT hypopg_relation_size($1::oid) AS bytes', [row.indexrelid]);
    return { plan, planName: row.indexname, sizeBytes: Number(size.rows[0]?.bytes ?? 0) };
  } finally {
    await session.query('ROLLBACK').catch(() => undefined);
    // Hypothetical indexes live in the backend, outside transactions: always drop them.
    await session.query('SELECT hypopg_reset()').catch(() => undefined);
  }
}

interface RelationStats {
  relpages: number;
  reltuples: number;
  relallvisible: number;
}

/**
 * CREATE INDEX sets the table's reltuples to the rows it read: zero in the embedded database, whose statistics
 * were imported without rows. On PostgreSQL 18 the imported numbers are put back (in the same transaction).
 */
async function keepTableStats(session: Session, candidate: IndexCandidate, stats: RelationStats | undefined): Promise<void> {
  if (!stats || session.serverVersion < 18) return;
  await session.query(
    "SELECT pg_catalog.pg_restore_relation_stats('schemaname', $1::text, 'relname', $2::text, 'relpages', $3::int, 'reltuples', $4::real, 'relallvisible', $5::int)",
    [candidate.schema, candidate.table, stats.relpages, stats.reltuples, stats.relallvisible],
  );
}

export async function tryRolledBack(session: Session, candidate: IndexCandidate, target: ExplainTarget, options: TrialOptions, trialName: string): Promise<TrialResult> {
  await session.query('BEGIN');
  try {
    await session.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(options.timeoutMs))}`);
    if (session.kind === 'postgres') await session.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(options.lockTimeoutMs ?? 2000))}`);
    const before = await session.query<RelationStats>(
      `SELECT c.relpages::int AS relpages, c.reltuples::float8 AS reltuples, c.relallvisible::int AS relallvisible
         FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = $2`,
      [candidate.schema, candidate.table],
    );
    await session.query(`CREATE INDEX ${quoteIdentifier(trialName)} ${indexBody(candidate)}`);
    const stats = before.rows[0];
    if (stats && stats.reltuples > 0 && session.serverVersion >= 18) {
      await session.query('SAVEPOINT pga_keep_stats');
      try {
        await keepTableStats(session, candidate, stats);
        await session.query('RELEASE SAVEPOINT pga_keep_stats');
      } catch {
        await session.query('ROLLBACK TO SAVEPOINT pga_keep_stats');
      }
    }
    const plan = await explainPlan(session, target);
    const size = await session.query<{ bytes: string | number }>('SELECT pg_catalog.pg_relation_size(pg_catalog.to_regclass($1)) AS bytes', [`${quoteIdentifier(candidate.schema)}.${quoteIdentifier(trialName)}`]);
    return { plan, planName: trialName, sizeBytes: Number(size.rows[0]?.bytes ?? 0) };
  } finally {
    await session.query('ROLLBACK');
  }
}
