/**
 * Production statistics without production data: reads table sizes (pg_class) and column statistics (pg_stats)
 * from a connected server and restores them into the embedded database with PostgreSQL 18's
 * pg_restore_relation_stats / pg_restore_attribute_stats, so its plans resemble the server's.
 */
import type { Session } from './session';
import { markStatisticsImported } from './embedded';

export interface ImportReport {
  readonly relations: number;
  readonly columns: number;
  /** Tables or columns the embedded schema does not have (the workspace's DDL differs from the server). */
  readonly skipped: readonly string[];
}

interface RelationRow {
  schemaname: string;
  relname: string;
  relpages: number;
  reltuples: number;
  relallvisible: number;
}

interface ColumnRow {
  schemaname: string;
  tablename: string;
  attname: string;
  inherited: boolean;
  null_frac: number | null;
  avg_width: number | null;
  n_distinct: number | null;
  most_common_vals: string | null;
  most_common_freqs: number[] | null;
  histogram_bounds: string | null;
  correlation: number | null;
}

const USER_SCHEMAS = "schemaname NOT IN ('pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg_toast%' AND schemaname NOT LIKE 'pg_temp%'";

/**
 * `sizeRelation` makes the embedded relation file as large as the server's (see relationSizer in embedded.ts):
 * the planner multiplies tuple density by the file's actual page count.
 */
export async function importStatistics(source: Session, target: Session, sizeRelation?: (relationPath: string, pages: number) => void): Promise<ImportReport> {
  if (target.serverVersion < 18) throw new Error(`Restoring statistics needs PostgreSQL 18 in the embedded database (it has ${target.serverVersion}).`);
  const relations = await source.query<RelationRow>(
    `SELECT n.nspname AS schemaname, c.relname, c.relpages, c.reltuples, c.relallvisible
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'm', 'p', 'i') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
  );
  const columns = await source.query<ColumnRow>(
    `SELECT schemaname, tablename, attname, inherited, null_frac, avg_width, n_distinct,
            most_common_vals::text AS most_common_vals, most_common_freqs, histogram_bounds::text AS histogram_bounds, correlation
       FROM pg_stats WHERE ${USER_SCHEMAS}`,
  );
  const skipped: string[] = [];
  let relationCount = 0;
  for (const r of relations.rows) {
    try {
      await target.query("SELECT pg_restore_relation_stats('schemaname', $1::text, 'relname', $2::text, 'relpages', $3::int, 'reltuples', $4::real, 'relallvisible', $5::int)", [r.schemaname, r.relname, r.relpages, r.reltuples, r.relallvisible]);
      if (sizeRelation && r.relpages > 0) {
        const path = await target.query<{ path: string | null }>('SELECT pg_relation_filepath(format(\'%I.%I\', $1::text, $2::text)::regclass) AS path', [r.schemaname, r.relname]);
        const file = path.rows[0]?.path;
        if (file) sizeRelation(file, r.relpages);
      }
      relationCount++;
    } catch {
      skipped.push(`${r.schemaname}.${r.relname}`);
    }
  }
  let columnCount = 0;
  for (const c of columns.rows) {
    const args: unknown[] = [c.schemaname, c.tablename, c.attname, c.inherited];
    let sql = "SELECT pg_restore_attribute_stats('schemaname', $1::text, 'relname', $2::text, 'attname', $3::text, 'inherited', $4::boolean";
    const add = (key: string, value: unknown, cast: string): void => {
      if (value === null || value === undefined) return;
      args.push(value);
      sql += `, '${key}', $${args.length}::${cast}`;
    };
    add('null_frac', c.null_frac, 'real');
    add('avg_width', c.avg_width, 'integer');
    add('n_distinct', c.n_distinct, 'real');
    if (c.most_common_vals !== null && c.most_common_freqs !== null) {
      add('most_common_vals', c.most_common_vals, 'text');
      add('most_common_freqs', c.most_common_freqs, 'real[]');
    }
    add('histogram_bounds', c.histogram_bounds, 'text');
    add('correlation', c.correlation, 'real');
    try {
      await target.query(`${sql})`, args);
      columnCount++;
    } catch {
      skipped.push(`${c.schemaname}.${c.tablename}.${c.attname}`);
    }
  }
  await markStatisticsImported(target, source.label);
  return { relations: relationCount, columns: columnCount, skipped };
}
