/** Sessions waiting for a lock, and who blocks them: the chain to break when queries pile up. */
import { oneLine } from './long-running-queries';
import type { HealthCheck } from '../types';

interface Row {
  pid: number;
  usename: string | null;
  application_name: string | null;
  blockers: number[];
  seconds: number | null;
  mode: string | null;
  relation: string | null;
  query: string | null;
}

interface Blocker {
  pid: number;
  usename: string | null;
  state: string | null;
  xact_seconds: number | null;
  query: string | null;
}

export const blockedLocks: HealthCheck = {
  id: 'blocked-locks',
  title: 'Blocked and blocking sessions',
  description: 'Sessions waiting more than 10 seconds for a lock (pg_blocking_pids), with the sessions blocking them.',
  async run(ctx) {
    const waitStart = ctx.serverVersion >= 14 ? 'COALESCE(l.waitstart, a.query_start)' : 'a.query_start';
    const rows = await ctx.query<Row>(`
      SELECT a.pid, a.usename::text, a.application_name, b.pids AS blockers,
             EXTRACT(epoch FROM now() - ${waitStart})::float8 AS seconds, l.mode,
             (SELECT format('%I.%I', n.nspname, c.relname) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = l.relation) AS relation,
             left(a.query, 200) AS query
        FROM pg_catalog.pg_stat_activity a
        CROSS JOIN LATERAL (SELECT pg_catalog.pg_blocking_pids(a.pid)::int[] AS pids) b
        LEFT JOIN LATERAL (SELECT * FROM pg_catalog.pg_locks l WHERE l.pid = a.pid AND NOT l.granted LIMIT 1) l ON true
       WHERE a.pid <> pg_backend_pid() AND cardinality(b.pids) > 0
       ORDER BY seconds DESC NULLS LAST`);
    const waiting = rows.filter((r) => r.seconds === null || r.seconds >= ctx.thresholds.lockWaitSeconds);
    if (waiting.length === 0) return [];
    const blockerPids = [...new Set(waiting.flatMap((r) => r.blockers))];
    const blockers = new Map(
      (
        await ctx.query<Blocker>(
          `SELECT pid, usename::text, state, EXTRACT(epoch FROM now() - xact_start)::float8 AS xact_seconds, left(query, 200) AS query
             FROM pg_catalog.pg_stat_activity WHERE pid = ANY($1::int[])`,
          [blockerPids],
        )
      ).map((b) => [b.pid, b]),
    );
    const waitingPids = new Set(waiting.map((r) => r.pid));
    return waiting.map((r) => {
      const described = r.blockers.map((pid) => {
        const b = blockers.get(pid);
        if (!b) return `pid ${pid}`;
        return `pid ${pid} (${b.usename ?? '?'}, ${b.state ?? 'state not visible'}${b.xact_seconds !== null ? `, transaction open ${Math.round(b.xact_seconds)} s` : ''}: ${oneLine(b.query)})`;
      });
      // The root of a chain is a blocker that is not itself waiting: ending it frees the rest.
      const roots = r.blockers.filter((pid) => !waitingPids.has(pid));
      return {
        check: this.id,
        severity: 'warning' as const,
        objectKind: 'session' as const,
        object: `pid ${r.pid}`,
        message: `Session ${r.pid} (${r.usename ?? '?'}${r.application_name ? `, ${r.application_name}` : ''}) has waited ${r.seconds === null ? 'an unknown time' : `${Math.round(r.seconds)} s`} for ${r.mode ?? 'a lock'}${r.relation ? ` on ${r.relation}` : ''}, blocked by ${described.join('; ')}. Waiting: ${oneLine(r.query)}`,
        advice: 'Find out why the blocker holds its lock (an open transaction, a long statement). Migrations should SET lock_timeout so they fail fast instead of queueing every query behind them.',
        ...(roots.length > 0 ? { fix: roots.map((pid) => `SELECT pg_terminate_backend(${pid});  -- the blocking session; rolls back its transaction`).join('\n') } : {}),
      };
    });
  },
};
