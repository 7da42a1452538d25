/** Tables never analyzed, or changed a lot since: the planner estimates from statistics that do not exist or lie. */
import { userRelation } from '../sql';
import type { HealthCheck } from '../types';

interface Row {
  table_name: string;
  live: number;
  modified: number;
  last_analyze: string | null;
}

export const staleStatistics: HealthCheck = {
  id: 'stale-statistics',
  title: 'Tables never analyzed or with stale statistics',
  description: 'Tables with at least 10,000 rows changed since the last ANALYZE, and more than 20% of their live rows (or never analyzed at all).',
  async run(ctx) {
    const t = ctx.thresholds;
    const rows = await ctx.query<Row>(`
      SELECT format('%I.%I', s.schemaname, s.relname) AS table_name, s.n_live_tup::float8 AS live, s.n_mod_since_analyze::float8 AS modified,
             GREATEST(s.last_analyze, s.last_autoanalyze)::text AS last_analyze
        FROM pg_catalog.pg_stat_user_tables s
        JOIN pg_catalog.pg_class c ON c.oid = s.relid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE s.n_mod_since_analyze >= $1 AND ${userRelation('c', 'n')}
       ORDER BY s.n_mod_since_analyze DESC`, [t.staleAnalyzeMinRows]);
    return rows.flatMap((r) => {
      const never = r.last_analyze === null;
      if (!never && r.modified < t.staleAnalyzeRatio * r.live) return [];
      return [
        {
          check: this.id,
          severity: never ? ('warning' as const) : ('info' as const),
          objectKind: 'table' as const,
          object: r.table_name,
          message: never
            ? `Table ${r.table_name} has never been analyzed (${r.modified} rows changed): the planner has no statistics for it.`
            : `Table ${r.table_name} has ${r.modified} rows changed since it was last analyzed (${r.last_analyze?.slice(0, 19)}), more than ${Math.round(t.staleAnalyzeRatio * 100)}% of its ${r.live} rows.`,
          advice: 'Analyze it so the planner sees the current data; after bulk loads, run ANALYZE as part of the load.',
          fix: `ANALYZE ${r.table_name};`,
        },
      ];
    });
  },
};
