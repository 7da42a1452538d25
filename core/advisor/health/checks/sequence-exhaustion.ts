/**
 * Sequences, and the integer columns they feed, close to running out: nextval() fails past the sequence's
 * maximum, and an integer column fails at 2^31 - 1 even when its sequence is bigint. The fix (a bigint column)
 * rewrites the table, so it needs warning well ahead.
 */
import { quoteIdentifier } from '../../../knowledge/naming';
import { userRelation } from '../sql';
import { percent } from '../thresholds';
import type { HealthCheck, HealthSeverity } from '../types';

export interface SequenceRow {
  readonly sequence: string;
  readonly min: string;
  readonly max: string;
  readonly increment: string;
  readonly cycle: boolean;
  /** null: never called, or no privilege to read it. */
  readonly last: string | null;
  readonly table: string | null;
  readonly column: string | null;
  readonly columnType: string | null;
}

const TYPE_RANGE: Readonly<Record<string, [number, number]>> = {
  smallint: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  bigint: [-9223372036854775808, 9223372036854775807],
};

export interface SequenceUsage {
  /** Share of the usable range consumed. */
  readonly used: number;
  /** What limits it: the column's type or the sequence's own bound. */
  readonly limitedBy: 'column' | 'sequence';
  readonly limit: number;
}

/** How much of its range a sequence has used; ascending and descending, bounded by the column's type too. */
export function sequenceUsage(r: SequenceRow): SequenceUsage | undefined {
  if (r.last === null || r.cycle) return undefined;
  const [typeMin, typeMax] = (r.columnType && TYPE_RANGE[r.columnType]) || [-Infinity, Infinity];
  // Only a smallint or integer column can be widened; a bigint column is as wide as any sequence.
  const narrow = r.columnType === 'smallint' || r.columnType === 'integer';
  const last = Number(r.last);
  const min = Number(r.min);
  const max = Number(r.max);
  if (Number(r.increment) > 0) {
    // A serial's sequence is AS integer: both limit, and the column is what needs widening.
    const limitedBy = narrow && typeMax <= max ? 'column' : 'sequence';
    const limit = Math.min(max, typeMax);
    return { used: (last - min) / (limit - min), limitedBy, limit };
  }
  const limitedBy = narrow && typeMin >= min ? 'column' : 'sequence';
  const limit = Math.max(min, typeMin);
  return { used: (max - last) / (max - limit), limitedBy, limit };
}

export const sequenceExhaustion: HealthCheck = {
  id: 'sequence-exhaustion',
  title: 'Sequences and integer keys near exhaustion',
  description: 'Non-cycling sequences whose last value has used more than 50% (warning) or 80% (critical) of the range of the sequence or of the integer column it feeds (serial, identity or DEFAULT nextval).',
  async run(ctx) {
    const rows = await ctx.query<SequenceRow>(`
      SELECT format('%I.%I', n.nspname, c.relname) AS sequence, s.seqmin::text AS min, s.seqmax::text AS max,
             s.seqincrement::text AS increment, s.seqcycle AS cycle,
             CASE WHEN pg_catalog.has_sequence_privilege(c.oid, 'SELECT,USAGE') THEN pg_catalog.pg_sequence_last_value(c.oid)::text END AS last,
             col.table_name AS table, col.column_name AS column, col.column_type AS "columnType"
        FROM pg_catalog.pg_sequence s
        JOIN pg_catalog.pg_class c ON c.oid = s.seqrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN LATERAL (
          -- The column it feeds: owned (serial, identity) or named in a DEFAULT nextval(); the narrowest first.
          SELECT format('%I.%I', tn.nspname, t.relname) AS table_name, a.attname::text AS column_name, pg_catalog.format_type(a.atttypid, NULL) AS column_type
            FROM (SELECT d.refobjid AS relid, d.refobjsubid AS attnum FROM pg_catalog.pg_depend d
                   WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_catalog.pg_class'::regclass
                     AND d.deptype IN ('a', 'i') AND d.refobjsubid > 0
                  UNION
                  SELECT ad.adrelid, ad.adnum FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid
                   WHERE d.classid = 'pg_catalog.pg_attrdef'::regclass AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjid = c.oid) u
            JOIN pg_catalog.pg_attribute a ON a.attrelid = u.relid AND a.attnum = u.attnum AND NOT a.attisdropped
            JOIN pg_catalog.pg_class t ON t.oid = a.attrelid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
           ORDER BY CASE a.atttypid WHEN 'int2'::regtype THEN 1 WHEN 'int4'::regtype THEN 2 ELSE 3 END, a.attrelid LIMIT 1) col ON true
       WHERE ${userRelation('c', 'n')}
       ORDER BY 1`);
    const { sequenceWarning, sequenceCritical } = ctx.thresholds;
    return rows.flatMap((r) => {
      const usage = sequenceUsage(r);
      if (!usage || usage.used < sequenceWarning) return [];
      const severity: HealthSeverity = usage.used >= sequenceCritical ? 'critical' : 'warning';
      const target = r.table && r.column ? `${r.table}.${quoteIdentifier(r.column)} (${r.columnType})` : undefined;
      const fix =
        usage.limitedBy === 'column' && r.table && r.column
          ? `ALTER TABLE ${r.table} ALTER COLUMN ${quoteIdentifier(r.column)} TYPE bigint;  -- rewrites the table and its indexes under ACCESS EXCLUSIVE; widen referencing columns too\nALTER SEQUENCE ${r.sequence} AS bigint;`
          : `ALTER SEQUENCE ${r.sequence} AS bigint;`;
      return [
        {
          check: this.id,
          severity,
          objectKind: 'sequence' as const,
          object: r.sequence,
          message: `Sequence ${r.sequence}${target ? ` feeding ${target}` : ''} has used ${percent(usage.used)} of its range: last value ${r.last} of ${usage.limit} (limit of the ${usage.limitedBy === 'column' ? `${r.columnType} column` : 'sequence'}).`,
          advice:
            usage.limitedBy === 'column'
              ? 'Widen the column to bigint before it runs out: the type change rewrites the table, so on a large table use a new bigint column filled by a trigger and batches, then swap.'
              : 'Raise the sequence\'s bound (AS bigint changes the default maximum); this is quick.',
          fix,
        },
      ];
    });
  },
};
