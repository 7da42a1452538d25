/**
 * Range and list partitioned tables without a DEFAULT partition: a row that no partition accepts makes its INSERT
 * (or UPDATE of the key) fail with "no partition of relation ... found for row". Information: a DEFAULT
 * partition catches such rows, at a cost (a new partition cannot be created while the default holds rows of
 * its range, and attaching one scans the default), so some schemas go without on purpose.
 */
import { makeObjectName, quoteQualified } from '../../../knowledge/naming';
import { userRelation } from '../sql';
import type { HealthCheck } from '../types';

interface Row {
  table_name: string;
  schema_name: string;
  bare_table: string;
  strategy: string;
  partitions: number;
}

export const partitionDefault: HealthCheck = {
  id: 'partition-default',
  title: 'Partitioned tables without a DEFAULT partition',
  description: 'Range and list partitioned tables (pg_partitioned_table.partdefid = 0): rows outside every partition fail to insert. Info.',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      SELECT format('%I.%I', n.nspname, c.relname) AS table_name, n.nspname AS schema_name, c.relname AS bare_table,
             pt.partstrat::text AS strategy, (SELECT count(*) FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid)::int AS partitions
        FROM pg_catalog.pg_partitioned_table pt
        JOIN pg_catalog.pg_class c ON c.oid = pt.partrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE pt.partstrat IN ('r', 'l') AND pt.partdefid = 0 AND ${userRelation('c', 'n')}
       ORDER BY 1`);
    return rows.map((r) => ({
      check: this.id,
      severity: 'info',
      objectKind: 'table',
      object: r.table_name,
      message: `${r.strategy === 'r' ? 'Range' : 'List'}-partitioned table ${r.table_name} (${r.partitions} partition${r.partitions === 1 ? '' : 's'}) has no DEFAULT partition: a row outside every partition fails to insert.`,
      advice: 'If such rows can occur and should not fail, add a DEFAULT partition and watch that it stays empty (move its rows into proper partitions); if failing is the point, ignore this.',
      fix: `CREATE TABLE ${quoteQualified(r.schema_name, makeObjectName(r.bare_table, '', 'default'))} PARTITION OF ${r.table_name} DEFAULT;`,
    }));
  },
};
