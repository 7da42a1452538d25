/** Indexes left invalid by a failed CREATE INDEX CONCURRENTLY or REINDEX: maintained on writes, never used. */
import type { HealthCheck } from '../types';
import { userRelation } from '../sql';

export const invalidIndexes: HealthCheck = {
  id: 'invalid-indexes',
  title: 'Invalid indexes',
  description: 'pg_index.indisvalid = false, except indexes a CREATE INDEX is building right now (pg_stat_progress_create_index).',
  async run(ctx) {
    const rows = await ctx.query<{ name: string; table_name: string; partitioned: boolean }>(`
      SELECT format('%I.%I', n.nspname, c.relname) AS name, format('%I.%I', n.nspname, t.relname) AS table_name,
             c.relkind = 'I' AS partitioned
        FROM pg_catalog.pg_index i
        JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
        JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       WHERE NOT i.indisvalid AND ${userRelation('t', 'n')}
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_progress_create_index p WHERE p.index_relid = i.indexrelid)
       ORDER BY 1`);
    return rows.map((r) => ({
      check: this.id,
      severity: 'warning',
      objectKind: 'index',
      object: r.name,
      message: r.partitioned
        ? `Partitioned index ${r.name} on ${r.table_name} is invalid: some partition lacks its index.`
        : `Index ${r.name} on ${r.table_name} is invalid (a CREATE INDEX CONCURRENTLY or REINDEX failed): writes maintain it, queries never use it.`,
      advice: r.partitioned
        ? 'Create the missing partition index and attach it (ALTER INDEX ... ATTACH PARTITION); the parent becomes valid when every partition has one.'
        : 'Rebuild it without blocking writes; if it is not needed, drop it.',
      ...(r.partitioned ? {} : { fix: `REINDEX INDEX CONCURRENTLY ${r.name};` }),
    }));
  },
};
