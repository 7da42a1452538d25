/**
 * The statements that cost this database the most server time, from pg_stat_statements: where tuning pays first.
 * A statement is reported once it has taken a minute of server time since the statistics were reset (less is
 * noise); pghero's slow queries (a mean of at least 20 ms over at least 100 calls) are warnings, the rest info.
 * Each finding carries the normalized text ($1 for each constant) so it can be explained.
 */
import { quoteIdentifier } from '../../../knowledge/naming';
import { tryQuery } from '../sql';
import { humanDuration, percent } from '../thresholds';
import type { HealthCheck, HealthFinding } from '../types';
import { oneLine } from './long-running-queries';

interface Extension {
  schema: string;
  columns: string[];
}

interface Row {
  queryid: string | null;
  username: string | null;
  query: string | null;
  calls: number;
  rows: number;
  total_ms: number;
  share: number | null;
}

/** pg_stat_statements shows this instead of the text of other roles' statements without pg_read_all_stats. */
const HIDDEN = '<insufficient privilege>';
/** Longer statements (generated bulk inserts) are shown cut, and not offered for EXPLAIN. */
const MAX_QUERY_CHARS = 100_000;

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const topQueries: HealthCheck = {
  id: 'top-queries',
  title: 'Top queries by total time',
  description:
    'The 10 statements of this database with the most execution (+ planning) time in pg_stat_statements, each once it has used at least a minute of server time: calls, mean time, rows, share of the total. Warning for pghero\'s slow queries (mean >= 20 ms over >= 100 calls). Skipped when pg_stat_statements is not installed or not loaded.',
  async run(ctx) {
    const t = ctx.thresholds;
    const [ext] = await ctx.query<Extension>(`
      SELECT n.nspname AS schema,
             ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                    WHERE a.attrelid = pg_catalog.to_regclass(format('%I.pg_stat_statements', n.nspname)) AND a.attnum > 0 AND NOT a.attisdropped) AS columns
        FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
       WHERE e.extname = 'pg_stat_statements'`);
    if (!ext) {
      return { skipped: 'pg_stat_statements is not installed in this database: CREATE EXTENSION pg_stat_statements (its library must also be in shared_preload_libraries, which takes a restart).' };
    }
    const has = (c: string): boolean => ext.columns.includes(c);
    if (!has('calls')) return { skipped: `pg_stat_statements is installed, but its view ${quoteIdentifier(ext.schema)}.pg_stat_statements is missing or unrecognized.` };
    // 1.8 (PostgreSQL 13) split total_time into execution and planning; older versions of the extension only have total_time.
    const total = has('total_exec_time') ? `s.total_exec_time${has('total_plan_time') ? ' + s.total_plan_time' : ''}` : 's.total_time';
    const result = await tryQuery<Row>(
      ctx,
      `WITH s AS (
         SELECT s.queryid, s.userid, s.query, s.calls, s.rows, (${total})::float8 AS total_ms
           FROM ${quoteIdentifier(ext.schema)}.pg_stat_statements s
          WHERE s.dbid = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = current_database())${has('toplevel') ? ' AND s.toplevel' : ''}
       )
       SELECT s.queryid::text AS queryid, pg_catalog.pg_get_userbyid(s.userid)::text AS username, s.query, s.calls::float8 AS calls, s.rows::float8 AS rows,
              s.total_ms, s.total_ms / NULLIF(sum(s.total_ms) OVER (), 0) AS share
         FROM s ORDER BY s.total_ms DESC LIMIT $1`,
      [Math.max(1, Math.round(t.topQueries))],
    );
    if ('failure' in result) return { skipped: `pg_stat_statements cannot be read here: ${result.failure}` };
    const out: HealthFinding[] = [];
    result.rows.forEach((r, i) => {
      if (r.total_ms < t.topQueryMinTotalMs || r.calls <= 0) return;
      const mean = r.total_ms / r.calls;
      const slow = mean >= t.slowQueryMs && r.calls >= t.slowQueryCalls;
      const visible = r.query !== null && r.query !== HIDDEN;
      const text = visible ? oneLine(r.query) : '(statement text not visible to this role: GRANT pg_read_all_stats)';
      const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
      out.push({
        check: this.id,
        severity: slow ? 'warning' : 'info',
        objectKind: 'statement',
        object: r.queryid !== null ? `queryid ${r.queryid}` : `statement ${i + 1}`,
        message:
          `#${i + 1} by total time${r.share !== null ? ` (${percent(r.share)} of this database's statement time)` : ''}: ${humanDuration(r.total_ms)} over ${plural(r.calls, 'call')}, ` +
          `mean ${humanDuration(mean)}, ${plural(r.rows, 'row')} (${+(r.rows / r.calls).toFixed(1)} per call)${r.username ? `, run by ${r.username}` : ''}: ${shown}`,
        advice: slow
          ? `Its mean of ${humanDuration(mean)} over ${r.calls} calls makes it a slow query (pghero: ${t.slowQueryMs} ms over ${t.slowQueryCalls} calls). Explain it with typical values and look for a missing index (pg-architect advise-indexes) or a better plan.`
          : 'It is among the statements that take the most server time: a faster plan, or fewer calls (caching, batching), pays most here.',
        ...(visible && r.query !== null && r.query.length <= MAX_QUERY_CHARS ? { query: r.query } : {}),
      });
    });
    return out;
  },
};
