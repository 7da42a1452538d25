/** Statements running for minutes: they hold snapshots (blocking vacuum cleanup) and often locks. */
import type { HealthCheck } from '../types';

interface Row {
  pid: number;
  usename: string | null;
  application_name: string | null;
  seconds: number;
  query: string | null;
}

export const longRunningQueries: HealthCheck = {
  id: 'long-running-queries',
  title: 'Long-running queries',
  description: 'Client sessions whose current statement has been active for more than 5 minutes (other roles\' sessions need pg_read_all_stats / pg_monitor to be seen).',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      SELECT pid, usename::text, application_name, EXTRACT(epoch FROM now() - query_start)::float8 AS seconds, left(query, 200) AS query
        FROM pg_catalog.pg_stat_activity
       WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() AND state = 'active'
         AND query_start < now() - make_interval(secs => $1)
       ORDER BY query_start`, [ctx.thresholds.longRunningSeconds]);
    return rows.map((r) => ({
      check: this.id,
      severity: 'warning',
      objectKind: 'session',
      object: `pid ${r.pid}`,
      message: `Session ${r.pid} (${r.usename ?? '?'}${r.application_name ? `, ${r.application_name}` : ''}) has run its statement for ${Math.round(r.seconds)} s: ${oneLine(r.query)}`,
      advice: 'Check whether it is expected (a report, a migration); a runaway query can be cancelled. Set statement_timeout for application roles.',
      fix: `SELECT pg_cancel_backend(${r.pid});`,
    }));
  },
};

export function oneLine(query: string | null): string {
  return query ? query.replace(/\s+/g, ' ').trim() : '(query not visible to this role)';
}
