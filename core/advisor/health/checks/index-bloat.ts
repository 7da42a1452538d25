/** Btree indexes much larger than their entries need (after mass deletes or updates): REINDEX shrinks them. */
import { estimateBtreeBloat } from '../bloat-estimate';
import { userRelation } from '../sql';
import { humanBytes, percent } from '../thresholds';
import type { HealthCheck } from '../types';

interface Row {
  index_name: string;
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

export const indexBloat: HealthCheck = {
  id: 'index-bloat',
  title: 'Index bloat (estimate)',
  description:
    'Btree indexes on plain columns, estimated from pg_class and the table columns\' pg_stats: reported when at least 100 MB and 30% (info) or 50% (warning) of the index would be free after REINDEX. Expression indexes are skipped.',
  async run(ctx) {
    const t = ctx.thresholds;
    const rows = await ctx.query<Row>(`
      SELECT format('%I.%I', n.nspname, c.relname) AS index_name, format('%I.%I', n.nspname, tb.relname) AS table_name,
             c.relpages::float8 AS pages, GREATEST(c.reltuples, 0)::float8 AS tuples, current_setting('block_size')::int AS block_size,
             COALESCE((SELECT substring(o FROM '^fillfactor=(\\d+)$')::int FROM unnest(c.reloptions) o WHERE o LIKE 'fillfactor=%'), 90) AS fillfactor,
             count(u.attnum)::int AS columns, count(st.attname)::int AS with_stats,
             COALESCE(sum(st.avg_width * (1 - st.null_frac)), 0)::float8 AS data_width, COALESCE(bool_or(st.null_frac > 0), false) AS has_nulls
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
        JOIN pg_catalog.pg_am am ON am.oid = c.relam AND am.amname = 'btree'
        JOIN pg_catalog.pg_class tb ON tb.oid = i.indrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = tb.relnamespace
        CROSS JOIN LATERAL unnest(i.indkey::int2[]) u(attnum)
        LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = tb.oid AND a.attnum = u.attnum
        LEFT JOIN pg_catalog.pg_stats st ON st.schemaname = n.nspname AND st.tablename = tb.relname AND st.attname = a.attname AND NOT st.inherited
       WHERE i.indexprs IS NULL AND i.indisvalid AND c.relkind = 'i' AND tb.relkind IN ('r', 'm')
         AND c.relpages::int8 * current_setting('block_size')::int8 >= $1 AND ${userRelation('tb', 'n')}
       GROUP BY n.nspname, c.relname, tb.relname, c.relpages, c.reltuples, c.reloptions
       ORDER BY 1`, [t.bloatMinWastedBytes]);
    return rows.flatMap((r) => {
      if (r.with_stats < r.columns) return [];
      const e = estimateBtreeBloat({ pages: r.pages, tuples: r.tuples, blockSize: r.block_size, fillfactor: r.fillfactor, columns: r.columns, dataWidth: r.data_width, hasNulls: r.has_nulls });
      if (e.wastedBytes < t.bloatMinWastedBytes || e.ratio < t.bloatInfoRatio) return [];
      return [
        {
          check: this.id,
          severity: e.ratio >= t.bloatWarningRatio ? ('warning' as const) : ('info' as const),
          objectKind: 'index' as const,
          object: r.index_name,
          message: `Index ${r.index_name} on ${r.table_name} is about ${percent(e.ratio)} bloat: ~${humanBytes(e.wastedBytes)} of ${humanBytes(r.pages * r.block_size)} (estimate).`,
          advice: 'Rebuild it without blocking reads or writes; it comes back compact and its scans touch fewer pages.',
          fix: `REINDEX INDEX CONCURRENTLY ${r.index_name};`,
        },
      ];
    });
  },
};
