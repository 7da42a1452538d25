/**
 * Pure helpers of the partitioning checks: which column a large table would be partitioned by (a creation time,
 * else a tenant), and the declarative partitioning sketch for it: a new partitioned table like the old one,
 * its partitions, the batched copy and the swap.
 */
import { makeObjectName, quoteIdentifier, quoteQualified } from '../../knowledge/naming';

/** Columns that record when a row was created: they only grow, which is what a time range partition needs. */
const TIME_NAMES = [
  'created_at', 'created_on', 'created', 'creation_time', 'creation_date', 'create_time', 'create_date', 'inserted_at', 'insert_time',
  'occurred_at', 'happened_at', 'event_time', 'event_at', 'event_date', 'logged_at', 'log_time', 'recorded_at', 'received_at', 'sent_at',
  'published_at', 'measured_at', 'observed_at', 'collected_at', 'timestamp', 'ts', 'time', 'date', 'day',
];
/** Columns that name the tenant (customer organization) a row belongs to in a multi-tenant schema. */
const TENANT_NAMES = ['tenant_id', 'organization_id', 'organisation_id', 'org_id', 'account_id', 'workspace_id', 'company_id', 'team_id'];

export interface ColumnInfo {
  readonly name: string;
  /** format_type: 'timestamp with time zone', 'bigint', ... */
  readonly type: string;
}

const TIME_TYPES = new Set(['timestamp with time zone', 'timestamp without time zone', 'date']);
const TENANT_TYPES = new Set(['smallint', 'integer', 'bigint', 'uuid', 'text', 'character varying']);

export type PartitionKey = { readonly strategy: 'range'; readonly column: string } | { readonly strategy: 'hash'; readonly column: string };

/** The creation-time column (range by month), else the tenant column (hash); the earliest name in each list wins. */
export function partitionKeyFor(columns: readonly ColumnInfo[]): PartitionKey | undefined {
  const pick = (names: readonly string[], types: ReadonlySet<string>): string | undefined => {
    for (const name of names) {
      const c = columns.find((x) => x.name.toLowerCase() === name && types.has(x.type.replace(/\(.*\)$/, '')));
      if (c) return c.name;
    }
    return undefined;
  };
  const time = pick(TIME_NAMES, TIME_TYPES);
  if (time) return { strategy: 'range', column: time };
  const tenant = pick(TENANT_NAMES, TENANT_TYPES);
  return tenant ? { strategy: 'hash', column: tenant } : undefined;
}

/** 'YYYY-MM' plus n months, as 'YYYY-MM-01'. */
export function monthStart(month: string, plus: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + plus;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

/** Hash partitions for a table of this size: a power of two giving partitions of about 4 GB, 4 to 64. */
export function hashModulus(bytes: number): number {
  const wanted = Math.ceil(bytes / (4 * 1024 ** 3));
  let m = 4;
  while (m < wanted && m < 64) m *= 2;
  return m;
}

export interface SketchInput {
  readonly schema: string;
  readonly table: string;
  readonly key: PartitionKey;
  readonly bytes: number;
  /** The server's current month, 'YYYY-MM'. */
  readonly month: string;
  /** The table's primary key columns, if it has one. */
  readonly primaryKey?: readonly string[];
}

/** Months before the current one that get their own partition; older rows go to one partition FROM (MINVALUE). */
const MONTHS_BACK = 3;
const MONTHS_AHEAD = 2;

export function partitionSketch(s: SketchInput): string {
  const table = quoteQualified(s.schema, s.table);
  const newName = makeObjectName(s.table, '', 'partitioned');
  const target = quoteQualified(s.schema, newName);
  const part = (suffix: string): string => quoteQualified(s.schema, makeObjectName(s.table, '', suffix));
  const column = quoteIdentifier(s.key.column);
  const lines = [
    `-- A sketch: review the partition bounds, then build it next to ${table}, copy, and swap.`,
    `CREATE TABLE ${target} (LIKE ${table} INCLUDING ALL EXCLUDING INDEXES) PARTITION BY ${s.key.strategy === 'range' ? 'RANGE' : 'HASH'} (${column});`,
  ];
  const pk = s.primaryKey ?? [];
  if (pk.length > 0) {
    const columns = pk.includes(s.key.column) ? pk : [...pk, s.key.column];
    lines.push(`ALTER TABLE ${target} ADD PRIMARY KEY (${columns.map(quoteIdentifier).join(', ')});  -- a partitioned table's unique keys must include ${column}`);
  } else lines.push(`-- Unique keys of a partitioned table must include ${column}.`);
  if (s.key.strategy === 'range') {
    const first = monthStart(s.month, -MONTHS_BACK);
    lines.push(`CREATE TABLE ${part('p_old')} PARTITION OF ${target} FOR VALUES FROM (MINVALUE) TO ('${first}');`);
    for (let i = -MONTHS_BACK; i <= MONTHS_AHEAD; i++) {
      const from = monthStart(s.month, i);
      lines.push(`CREATE TABLE ${part(`p${from.slice(0, 7).replace('-', '')}`)} PARTITION OF ${target} FOR VALUES FROM ('${from}') TO ('${monthStart(s.month, i + 1)}');`);
    }
    lines.push(
      `CREATE TABLE ${part('default')} PARTITION OF ${target} DEFAULT;  -- rows beyond the last month`,
      `-- Create next month's partition ahead of time, every month (or with pg_partman).`,
      `-- Copy in batches, oldest first: INSERT INTO ${target} SELECT * FROM ${table} WHERE ${column} >= '...' AND ${column} < '...';`,
    );
  } else {
    const modulus = hashModulus(s.bytes);
    for (let r = 0; r < modulus; r++) lines.push(`CREATE TABLE ${part(`p${r}`)} PARTITION OF ${target} FOR VALUES WITH (MODULUS ${modulus}, REMAINDER ${r});`);
    lines.push(`-- Copy in batches (by primary key ranges): INSERT INTO ${target} SELECT * FROM ${table} WHERE ... ;`);
  }
  lines.push(
    '-- Then create the indexes, copy the rows written since, and swap the names in one short transaction:',
    `-- BEGIN; ALTER TABLE ${table} RENAME TO ${quoteIdentifier(makeObjectName(s.table, '', 'unpartitioned'))}; ALTER TABLE ${target} RENAME TO ${quoteIdentifier(s.table)}; COMMIT;`,
  );
  return lines.join('\n');
}
