/** How often table and index pages are found in shared_buffers: a low ratio means reads go to the OS or disk. */
import { percent } from '../thresholds';
import type { HealthCheck, HealthFinding } from '../types';

interface Row {
  database: string;
  heap_hit: number;
  heap_read: number;
  idx_hit: number;
  idx_read: number;
}

export const cacheHitRatio: HealthCheck = {
  id: 'cache-hit-ratio',
  title: 'Cache hit ratio',
  description: 'Share of table and index block requests served from shared_buffers (pg_statio_user_tables), reported below 99% once at least 100,000 blocks were requested.',
  async run(ctx) {
    const t = ctx.thresholds;
    const [r] = await ctx.query<Row>(`
      SELECT current_database() AS database,
             COALESCE(sum(heap_blks_hit), 0)::float8 AS heap_hit, COALESCE(sum(heap_blks_read), 0)::float8 AS heap_read,
             COALESCE(sum(idx_blks_hit), 0)::float8 AS idx_hit, COALESCE(sum(idx_blks_read), 0)::float8 AS idx_read
        FROM pg_catalog.pg_statio_user_tables`);
    if (!r) return [];
    const out: HealthFinding[] = [];
    for (const [what, hit, read] of [['table', r.heap_hit, r.heap_read], ['index', r.idx_hit, r.idx_read]] as const) {
      const total = hit + read;
      if (total < t.cacheHitMinBlocks) continue;
      const ratio = hit / total;
      if (ratio >= t.cacheHitRatio) continue;
      out.push({
        check: this.id,
        severity: 'warning',
        objectKind: 'database',
        object: r.database,
        message: `The ${what} cache hit ratio of database ${r.database} is ${percent(ratio)} (${read} of ${total} blocks read from outside shared_buffers).`,
        advice: 'The working set does not fit in shared_buffers: raise shared_buffers (see pg-architect tune), add RAM, or find the queries reading the most blocks (pg_stat_statements shared_blks_read).',
      });
    }
    return out;
  },
};
