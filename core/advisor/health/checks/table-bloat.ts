/** Tables much larger than their rows need: space VACUUM made reusable but never returned, slowing scans. */
import { estimateTableBloat } from '../bloat-estimate';
import { userRelation } from '../sql';
import { humanBytes, percent } from '../thresholds';
import type { HealthCheck } from '../types';

interface Row {
  table_name: string;
  pages: number;
  tuples: number;
  block_size: number;
  fillfactor: number;
  columns: number;
  with_stats: number;
  data_width: number;
  has_nulls: boolean;
}

export const tableBloat: HealthCheck = {
  id: 'table-bloat',
  title: 'Table bloat (estimate)',
  description:
    'Estimated from pg_class and pg_stats (tables whose every column has statistics): reported when at least 100 MB and 30% (info) or 50% (warning) of the table would be free after a rewrite.',
  async run(ctx) {
    const t = ctx.thresholds;
    const rows = await ctx.query<Row>(`
      SELECT format('%I.%I', n.nspname, c.relname) AS table_name, c.relpages::float8 AS pages, GREATEST(c.reltuples, 0)::float8 AS tuples,
             current_setting('block_size')::int AS block_size,
             COALESCE((SELECT substring(o FROM '^fillfactor=(\\d+)$')::int FROM unnest(c.reloptions) o WHERE o LIKE 'fillfactor=%'), 100) AS fillfactor,
             count(a.attnum)::int AS columns, count(st.attname)::int AS with_stats,
             COALESCE(sum(st.avg_width * (1 - st.null_frac)), 0)::float8 AS data_width, COALESCE(bool_or(st.null_frac > 0), false) AS has_nulls
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_catalog.pg_stats st ON st.schemaname = n.nspname AND st.tablename = c.relname AND st.attname = a.attname AND NOT st.inherited
       WHERE c.relkind IN ('r', 'm') AND c.relpages::int8 * current_setting('block_size')::int8 >= $1 AND ${userRelation('c', 'n')}
       GROUP BY n.nspname, c.relname, c.relpages, c.reltuples, c.reloptions
       ORDER BY 1`, [t.bloatMinWastedBytes]);
    return rows.flatMap((r) => {
      if (r.with_stats < r.columns) return []; // no statistics for some column: the estimate would be a guess
      const e = estimateTableBloat({ pages: r.pages, tuples: r.tuples, blockSize: r.block_size, fillfactor: r.fillfactor, columns: r.columns, dataWidth: r.data_width, hasNulls: r.has_nulls });
      if (e.wastedBytes < t.bloatMinWastedBytes || e.ratio < t.bloatInfoRatio) return [];
      return [
        {
          check: this.id,
          severity: e.ratio >= t.bloatWarningRatio ? ('warning' as const) : ('info' as const),
          objectKind: 'table' as const,
          object: r.table_name,
          message: `Table ${r.table_name} is about ${percent(e.ratio)} bloat: ~${humanBytes(e.wastedBytes)} of ${humanBytes(r.pages * r.block_size)} holds no live rows (estimate).`,
          advice: 'VACUUM makes the space reusable but does not shrink the file. To give it back without a long lock use pg_repack or pg_squeeze; VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock. Then check why autovacuum fell behind.',
          fix: `VACUUM (FULL, ANALYZE) ${r.table_name};  -- ACCESS EXCLUSIVE lock for the whole rewrite; prefer pg_repack online`,
        },
      ];
    });
  },
};
