/**
 * Large tables that are not partitioned but have a natural partition key: a creation time (partition by range,
 * per month: old data goes with DROP PARTITION instead of DELETE and VACUUM, and time-range queries skip other
 * months) or a tenant column (partition by hash: smaller indexes and vacuum per partition). Large: 10 GB of heap
 * and TOAST or 100 million rows (estimated), after PostgreSQL's rule of thumb that partitioning pays once a table
 * exceeds the server's memory. Information with a sketch of the declarative partitioning, never a must.
 */
import { partitionKeyFor, partitionSketch, type ColumnInfo } from '../partition-sketch';
import { relationBytes, userRelation } from '../sql';
import { humanBytes } from '../thresholds';
import type { HealthCheck } from '../types';

interface Row {
  table_name: string;
  schema_name: string;
  bare_table: string;
  bytes: number;
  rows: number;
  columns: ColumnInfo[];
  primary_key: string[];
  month: string;
}

export const partitioningCandidates: HealthCheck = {
  id: 'partitioning-candidates',
  title: 'Large tables worth partitioning',
  description:
    'Ordinary tables of at least 10 GB (heap + TOAST) or 100 million estimated rows, not partitioned and without inheritance children, with a creation-time column (created_at, inserted_at, ... of type timestamptz, timestamp or date: range by month) or a tenant column (tenant_id, account_id, ...: hash). Info, with a declarative partitioning sketch.',
  async run(ctx) {
    const t = ctx.thresholds;
    const rows = await ctx.query<Row>(`
      SELECT * FROM (
        SELECT format('%I.%I', n.nspname, c.relname) AS table_name, n.nspname AS schema_name, c.relname AS bare_table,
               (${relationBytes('c', 'pg_table_size')})::float8 AS bytes, GREATEST(c.reltuples, 0)::float8 AS rows,
               COALESCE((SELECT json_agg(json_build_object('name', a.attname, 'type', pg_catalog.format_type(a.atttypid, NULL)) ORDER BY a.attnum)
                           FROM pg_catalog.pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '[]') AS columns,
               ARRAY(SELECT a.attname::text FROM pg_catalog.pg_constraint k CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                       JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
                      WHERE k.conrelid = c.oid AND k.contype = 'p' ORDER BY u.ord) AS primary_key,
               to_char(now(), 'YYYY-MM') AS month
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'r' AND NOT c.relispartition AND ${userRelation('c', 'n')}
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid)
      ) big
       WHERE big.bytes >= $1 OR big.rows >= $2
       ORDER BY big.bytes DESC`, [t.partitionCandidateBytes, t.partitionCandidateRows]);
    return rows.flatMap((r) => {
      const key = partitionKeyFor(r.columns);
      if (!key) return [];
      const by = key.strategy === 'range' ? `its time column ${key.column} (range, by month)` : `its tenant column ${key.column} (hash)`;
      return [
        {
          check: this.id,
          severity: 'info' as const,
          objectKind: 'table' as const,
          object: r.table_name,
          message: `Table ${r.table_name} (${humanBytes(r.bytes)}${r.rows > 0 ? `, ~${Math.round(r.rows)} rows` : ''}) is not partitioned; it could be, by ${by}.`,
          advice:
            key.strategy === 'range'
              ? 'Partitioned by time, old data goes with DROP or DETACH PARTITION instead of DELETE and VACUUM, recent partitions and their indexes stay small and cached, and queries on a time range skip the other partitions. Worth it when queries and retention follow that column.'
              : 'Partitioned by tenant, each partition has its own smaller indexes and is vacuumed on its own, and queries for one tenant read one partition. Worth it when nearly every query filters on that column.',
          fix: partitionSketch({ schema: r.schema_name, table: r.bare_table, key, bytes: r.bytes, month: r.month, primaryKey: r.primary_key }),
        },
      ];
    });
  },
};
