/**
 * Tables with many dead tuples: autovacuum has not kept up (or never ran), so scans read dead rows, indexes grow
 * and the space is not reused.
 */
import { userRelation } from '../sql';
import { percent } from '../thresholds';
import type { HealthCheck } from '../types';

interface Row {
  table_name: string;
  live: number;
  dead: number;
  last_vacuum: string | null;
}

export const vacuumBehind: HealthCheck = {
  id: 'vacuum-behind',
  title: 'Dead tuples: vacuum behind or never run',
  description: 'Tables with at least 10,000 dead tuples making up at least 20% of their tuples (autovacuum\'s default scale factor), whether never vacuumed or vacuumed too rarely.',
  async run(ctx) {
    const t = ctx.thresholds;
    const rows = await ctx.query<Row>(`
      SELECT format('%I.%I', s.schemaname, s.relname) AS table_name, s.n_live_tup::float8 AS live, s.n_dead_tup::float8 AS dead,
             GREATEST(s.last_vacuum, s.last_autovacuum)::text AS last_vacuum
        FROM pg_catalog.pg_stat_user_tables s
        JOIN pg_catalog.pg_class c ON c.oid = s.relid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE s.n_dead_tup >= $1 AND ${userRelation('c', 'n')}
       ORDER BY s.n_dead_tup DESC`, [t.deadTuplesMin]);
    return rows.flatMap((r) => {
      const ratio = r.dead / Math.max(1, r.live + r.dead);
      if (ratio < t.deadTuplesRatio) return [];
      return [
        {
          check: this.id,
          severity: 'warning' as const,
          objectKind: 'table' as const,
          object: r.table_name,
          message: `Table ${r.table_name} has ${r.dead} dead tuples (${percent(ratio)} of its tuples); ${r.last_vacuum ? `last vacuumed ${r.last_vacuum.slice(0, 19)}` : 'never vacuumed'}.`,
          advice: 'Vacuum it now; if autovacuum keeps falling behind, lower autovacuum_vacuum_scale_factor for this table and look for long transactions holding back cleanup.',
          fix: `VACUUM (ANALYZE) ${r.table_name};`,
        },
      ];
    });
  },
};
