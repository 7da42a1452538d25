/**
 * Tables without a primary key: rows cannot be addressed reliably, logical replication cannot replicate their
 * UPDATEs and DELETEs (without REPLICA IDENTITY FULL), and duplicates creep in.
 */
import { makeObjectName, quoteIdentifier } from '../../../knowledge/naming';
import type { HealthCheck } from '../types';
import { userRelation } from '../sql';

interface Row {
  table_name: string;
  bare_table: string;
  rows: number;
  candidate: string | null;
  partitioned: boolean;
}

export const missingPrimaryKey: HealthCheck = {
  id: 'missing-primary-key',
  title: 'Tables without a primary key',
  description: 'Ordinary and partitioned tables (not partitions: they inherit the parent\'s key) with no PRIMARY KEY constraint. When a valid unique index on NOT NULL columns exists, the fix promotes it.',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      SELECT format('%I.%I', n.nspname, t.relname) AS table_name, t.relname AS bare_table,
             GREATEST(t.reltuples, 0)::float8 AS rows, t.relkind = 'p' AS partitioned,
             (SELECT format('%I', ic.relname) FROM pg_catalog.pg_index i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
               WHERE i.indrelid = t.oid AND i.indisunique AND i.indisvalid AND i.indpred IS NULL AND i.indexprs IS NULL
                 AND NOT EXISTS (SELECT 1 FROM unnest(i.indkey::int2[]) u(attnum)
                                   JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = u.attnum WHERE NOT a.attnotnull)
               ORDER BY i.indnatts, ic.relname LIMIT 1) AS candidate
        FROM pg_catalog.pg_class t
        JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       WHERE t.relkind IN ('r', 'p') AND NOT t.relispartition AND ${userRelation('t', 'n')}
         AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k WHERE k.conrelid = t.oid AND k.contype = 'p')
       ORDER BY 1`);
    return rows.map((r) => {
      // ADD CONSTRAINT ... USING INDEX is not supported on partitioned tables.
      const candidate = r.partitioned ? null : r.candidate;
      return {
      check: this.id,
      severity: 'warning',
      objectKind: 'table',
      object: r.table_name,
      message: `Table ${r.table_name} has no primary key${candidate ? ` (unique index ${candidate} on NOT NULL columns could become one)` : ''}.`,
      advice: candidate
        ? 'Promote the unique index: a brief ACCESS EXCLUSIVE lock and no rewrite, since the index exists.'
        : 'Add a key. A new identity column (ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY) rewrites the table under an ACCESS EXCLUSIVE lock; on a large table add the column nullable, backfill in batches, build a unique index CONCURRENTLY and promote it.',
      ...(candidate ? { fix: `ALTER TABLE ${r.table_name} ADD CONSTRAINT ${quoteIdentifier(makeObjectName(r.bare_table, '', 'pkey'))} PRIMARY KEY USING INDEX ${candidate};` } : {}),
      };
    });
  },
};
