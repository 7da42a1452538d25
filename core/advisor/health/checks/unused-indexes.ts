/** Indexes never scanned since statistics were last reset: they cost every write and vacuum, and serve nothing. */
import { readIndexes } from '../index-catalog';
import { humanBytes } from '../thresholds';
import type { HealthCheck } from '../types';

export const unusedIndexes: HealthCheck = {
  id: 'unused-indexes',
  title: 'Unused indexes',
  description:
    'Indexes with 0 scans (pg_stat_user_indexes.idx_scan) that enforce nothing (not primary key, unique or exclusion). Warning from 10 MB, info below. Counts are per server: check replicas before dropping.',
  async run(ctx) {
    const since = await ctx.query<{ reset: string | null }>("SELECT stats_reset::text AS reset FROM pg_catalog.pg_stat_database WHERE datname = current_database()");
    const reset = since[0]?.reset;
    const window = reset ? `since statistics were reset (${reset.slice(0, 19)})` : 'since statistics began (never reset)';
    return (await readIndexes(ctx))
      .filter((i) => i.scans === 0 && !i.unique && !i.primary && !i.constraint && i.valid)
      .map((i) => ({
        check: this.id,
        severity: i.bytes >= ctx.thresholds.unusedIndexWarningBytes ? 'warning' : 'info',
        objectKind: 'index',
        object: i.name,
        message: `Index ${i.name} on ${i.table} (${humanBytes(i.bytes)}) has not been scanned ${window}.`,
        advice: 'Every INSERT and non-HOT UPDATE still maintains it. If no replica uses it and no rare job (month-end report) needs it, drop it.',
        fix: `DROP INDEX${i.partitioned ? '' : ' CONCURRENTLY'} ${i.name};`,
      }));
  },
};
