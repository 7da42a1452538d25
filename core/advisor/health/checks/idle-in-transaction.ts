/**
 * Sessions idle inside an open transaction: they keep their locks and their snapshot, so vacuum cannot remove
 * dead rows anywhere in the database, and DDL behind them queues every other query.
 */
import { oneLine } from './long-running-queries';
import type { HealthCheck } from '../types';

interface Row {
  pid: number;
  usename: string | null;
  application_name: string | null;
  state: string;
  idle_seconds: number;
  xact_seconds: number | null;
  query: string | null;
}

export const idleInTransaction: HealthCheck = {
  id: 'idle-in-transaction',
  title: 'Idle-in-transaction sessions',
  description: 'Client sessions idle in an open transaction (or an aborted one) for more than 60 seconds.',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      SELECT pid, usename::text, application_name, state, EXTRACT(epoch FROM now() - state_change)::float8 AS idle_seconds,
             EXTRACT(epoch FROM now() - xact_start)::float8 AS xact_seconds, left(query, 200) AS query
        FROM pg_catalog.pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()
         AND state IN ('idle in transaction', 'idle in transaction (aborted)')
         AND state_change < now() - make_interval(secs => $1)
       ORDER BY xact_start`, [ctx.thresholds.idleInTransactionSeconds]);
    return rows.map((r) => ({
      check: this.id,
      severity: 'warning',
      objectKind: 'session',
      object: `pid ${r.pid}`,
      message: `Session ${r.pid} (${r.usename ?? '?'}${r.application_name ? `, ${r.application_name}` : ''}) is ${r.state} for ${Math.round(r.idle_seconds)} s${r.xact_seconds !== null ? ` (transaction open ${Math.round(r.xact_seconds)} s)` : ''}; last statement: ${oneLine(r.query)}`,
      advice: 'The application left a transaction open (a missing COMMIT, or work between statements). Fix the code path; set idle_in_transaction_session_timeout so the server ends such sessions.',
      fix: `SELECT pg_terminate_backend(${r.pid});  -- rolls back its transaction`,
    }));
  },
};
