/**
 * Range-partitioned tables on a time column (timestamptz, timestamp or date) without a partition for the rows
 * being written now, or for those of the coming days: once now() passes the last partition's upper bound, every
 * INSERT fails ("no partition of relation ... found for row"), or lands in the DEFAULT partition, which then
 * blocks creating the proper partition until its rows are moved. The bounds are read from each partition's
 * pg_get_expr(relpartbound) and compared on the server, in its time zone. The fix continues the last
 * partition's width (a month, a day, ...) from its upper bound up to now() + 7 days (pg_partman premakes 4
 * partitions ahead by default).
 */
import { makeObjectName, quoteQualified } from '../../../knowledge/naming';
import { quoteLiteral, userRelation } from '../sql';
import type { HealthCheck, HealthFinding, HealthSeverity } from '../types';

interface Row {
  table_name: string;
  schema_name: string;
  bare_table: string;
  column_name: string;
  column_type: string;
  has_default: boolean;
  partitions: number;
  covers_now: boolean;
  covers_ahead: boolean;
  last_upper: string | null;
  next_bounds: { from: string; to: string; suffix: string }[] | null;
}

/** Most partitions the fix creates; a narrower partitioning is left to the reader (or pg_partman). */
const MAX_NEW_PARTITIONS = 50;

export const partitionAhead: HealthCheck = {
  id: 'partition-ahead',
  title: 'Time-partitioned tables without partitions ahead',
  description:
    'Range-partitioned tables (top level) on one timestamptz, timestamp or date column with no partition for now() (critical without a DEFAULT partition, warning with one) or for now() + 7 days (warning). The fix continues the last partition\'s width.',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      WITH parents AS (
        SELECT c.oid, format('%I.%I', n.nspname, c.relname) AS table_name, n.nspname AS schema_name, c.relname AS bare_table,
               a.attname::text AS column_name, pg_catalog.format_type(a.atttypid, NULL) AS column_type, pt.partdefid <> 0 AS has_default
          FROM pg_catalog.pg_partitioned_table pt
          JOIN pg_catalog.pg_class c ON c.oid = pt.partrelid
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = pt.partattrs[0]
         -- Top-level tables only: a sub-partitioned partition's range may rightly end in the past.
         WHERE pt.partstrat = 'r' AND pt.partnatts = 1 AND NOT c.relispartition AND ${userRelation('c', 'n')}
           AND a.atttypid IN ('pg_catalog.timestamptz'::pg_catalog.regtype, 'pg_catalog.timestamp'::pg_catalog.regtype, 'pg_catalog.date'::pg_catalog.regtype)
      ), bounds AS (
        -- relid 0: a bound has no column references to resolve, and pg_get_expr then opens (and locks) nothing.
        SELECT i.inhparent AS parent, regexp_match(pg_catalog.pg_get_expr(k.relpartbound, 0), '^FOR VALUES FROM \\((.*)\\) TO \\((.*)\\)$') AS m
          FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class k ON k.oid = i.inhrelid
         WHERE i.inhparent IN (SELECT oid FROM parents)
      ), ranges AS (
        -- One time column: each bound is MINVALUE, MAXVALUE or a quoted literal in this session's DateStyle.
        SELECT b.parent,
               CASE WHEN b.m[1] = 'MINVALUE' THEN '-infinity'::timestamptz WHEN b.m[1] ~ '^''[^'']*''$' THEN btrim(b.m[1], '''')::timestamptz END AS lo,
               CASE WHEN b.m[2] = 'MAXVALUE' THEN 'infinity'::timestamptz WHEN b.m[2] ~ '^''[^'']*''$' THEN btrim(b.m[2], '''')::timestamptz END AS hi
          FROM bounds b WHERE b.m IS NOT NULL
      ), horizon AS (
        SELECT now() AS now, now() + make_interval(days => $1) AS ahead
      )
      SELECT p.table_name, p.schema_name, p.bare_table, p.column_name, p.column_type, p.has_default,
             (SELECT count(*) FROM ranges r WHERE r.parent = p.oid)::int AS partitions,
             EXISTS (SELECT 1 FROM ranges r WHERE r.parent = p.oid AND r.lo <= h.now AND h.now < r.hi) AS covers_now,
             EXISTS (SELECT 1 FROM ranges r WHERE r.parent = p.oid AND r.lo <= h.ahead AND h.ahead < r.hi) AS covers_ahead,
             last.hi::text AS last_upper, next.bounds AS next_bounds
        FROM parents p CROSS JOIN horizon h
        LEFT JOIN LATERAL (SELECT r.lo, r.hi FROM ranges r WHERE r.parent = p.oid AND isfinite(r.lo) AND isfinite(r.hi) ORDER BY r.hi DESC LIMIT 1) last ON true
        LEFT JOIN LATERAL (
          SELECT json_agg(json_build_object('from', x.f, 'to', x.t, 'suffix', x.suffix) ORDER BY x.s) AS bounds FROM (
            SELECT s,
                   CASE p.column_type WHEN 'date' THEN s::date::text WHEN 'timestamp without time zone' THEN s::timestamp::text ELSE s::text END AS f,
                   CASE p.column_type WHEN 'date' THEN (s + g.step)::date::text WHEN 'timestamp without time zone' THEN (s + g.step)::timestamp::text ELSE (s + g.step)::text END AS t,
                   to_char(s, CASE WHEN g.step < interval '1 day' THEN 'YYYYMMDD"_"HH24MI' ELSE 'YYYYMMDD' END) AS suffix
              FROM (SELECT COALESCE(age(last.hi, last.lo), interval '1 month') AS step, COALESCE(last.hi, date_trunc('month', h.now)) AS start) g
              CROSS JOIN LATERAL generate_series(g.start, h.ahead, g.step) s
             WHERE g.step >= interval '1 hour' AND s + g.step > h.now
             ORDER BY s LIMIT $2) x
        ) next ON true
       WHERE NOT (EXISTS (SELECT 1 FROM ranges r WHERE r.parent = p.oid AND r.lo <= h.now AND h.now < r.hi)
                  AND EXISTS (SELECT 1 FROM ranges r WHERE r.parent = p.oid AND r.lo <= h.ahead AND h.ahead < r.hi))
       ORDER BY 1`, [ctx.thresholds.partitionAheadDays, MAX_NEW_PARTITIONS]);
    const days = ctx.thresholds.partitionAheadDays;
    return rows.map((r): HealthFinding => {
      const severity: HealthSeverity = !r.covers_now && !r.has_default ? 'critical' : 'warning';
      const where = r.has_default ? 'go to the DEFAULT partition' : 'fail to insert';
      const last = r.last_upper ? `the last partition ends at ${r.last_upper.slice(0, 19)}` : r.partitions === 0 ? 'it has no range partition' : 'no partition has finite bounds';
      const bounds = r.next_bounds ?? [];
      const fix = bounds
        .map((b) => `CREATE TABLE ${quoteQualified(r.schema_name, makeObjectName(r.bare_table, '', `p${b.suffix}`))} PARTITION OF ${r.table_name} FOR VALUES FROM (${quoteLiteral(b.from)}) TO (${quoteLiteral(b.to)});`)
        .join('\n');
      return {
        check: this.id,
        severity,
        objectKind: 'table',
        object: r.table_name,
        message: r.covers_now
          ? `Table ${r.table_name} is partitioned by range on ${r.column_name}, but no partition covers ${days} days from now (${last}): rows from then on will ${where}.`
          : `Table ${r.table_name} is partitioned by range on ${r.column_name}, but no partition covers now() (${last}): rows written now ${r.has_default ? 'go to the DEFAULT partition' : 'fail to insert'}.`,
        advice:
          `Create the next partitions ahead of time, on a schedule (cron, pg_cron, pg_partman's run_maintenance).${r.has_default ? ' If the DEFAULT partition already holds rows of a new partition\'s range, CREATE fails: detach the default, create the partition, move the rows, attach the default again.' : ''}`,
        ...(fix ? { fix } : {}),
      };
    });
  },
};
