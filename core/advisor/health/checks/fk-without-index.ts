/**
 * Foreign keys without an index on the referencing columns: every DELETE or key UPDATE on the referenced table
 * scans the referencing table (under a lock), and joins along the key cannot use an index.
 */
import { makeObjectName, quoteIdentifier } from '../../../knowledge/naming';
import { readIndexes, type IndexInfo } from '../index-catalog';
import { coversForeignKey } from '../index-overlap';
import { relationBytes, userRelation } from '../sql';
import { humanBytes } from '../thresholds';
import type { HealthCheck } from '../types';

interface Row {
  constraint_name: string;
  table_oid: string;
  table_name: string;
  bare_table: string;
  referenced: string;
  columns: number[];
  column_names: string[];
  partitioned: boolean;
  bytes: string;
}

export const fkWithoutIndex: HealthCheck = {
  id: 'fk-without-index',
  title: 'Foreign keys without an index',
  description: 'Foreign keys (declared on the table itself, not inherited by partitions) whose columns do not lead any valid, non-partial btree index of the referencing table.',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      SELECT k.conname AS constraint_name, k.conrelid::int8 AS table_oid, format('%I.%I', n.nspname, t.relname) AS table_name,
             t.relname AS bare_table, (SELECT format('%I.%I', rn.nspname, rc.relname) FROM pg_catalog.pg_class rc JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace WHERE rc.oid = k.confrelid) AS referenced, k.conkey::int[] AS columns,
             ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(attnum, ord)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.attnum ORDER BY u.ord) AS column_names,
             t.relkind = 'p' AS partitioned, (${relationBytes('t', 'pg_total_relation_size')})::int8 AS bytes
        FROM pg_catalog.pg_constraint k
        JOIN pg_catalog.pg_class t ON t.oid = k.conrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace
       WHERE k.contype = 'f' AND k.conparentid = 0 AND ${userRelation('t', 'n')}
       ORDER BY n.nspname, t.relname, k.conname`);
    if (rows.length === 0) return [];
    const byTable = new Map<number, IndexInfo[]>();
    for (const i of await readIndexes(ctx)) byTable.set(i.tableOid, [...(byTable.get(i.tableOid) ?? []), i]);
    return rows
      .filter((r) => !coversForeignKey(r.columns, byTable.get(Number(r.table_oid)) ?? []))
      .map((r) => {
        const columns = r.column_names.map(quoteIdentifier).join(', ');
        const name = quoteIdentifier(makeObjectName(r.bare_table, r.column_names.join('_'), 'idx'));
        return {
          check: this.id,
          severity: 'warning',
          objectKind: 'constraint',
          object: `${r.table_name}.${quoteIdentifier(r.constraint_name)}`,
          message: `Foreign key ${quoteIdentifier(r.constraint_name)} on ${r.table_name} (${columns}) -> ${r.referenced} has no index on its columns (table ${humanBytes(Number(r.bytes))}).`,
          advice: `Deleting or changing a key in ${r.referenced} scans ${r.table_name} for referencing rows, and joins along the key cannot use an index. Index the columns${r.partitioned ? ' (a partitioned table cannot be indexed CONCURRENTLY: create the index on each partition concurrently, then on the parent ONLY and attach them)' : ''}.`,
          fix: `CREATE INDEX${r.partitioned ? '' : ' CONCURRENTLY'} ${name} ON ${r.table_name} (${columns});`,
        };
      });
  },
};
