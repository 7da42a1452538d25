// The pure parts of the health report: index overlap, foreign-key coverage, sequence usage, bloat estimates and
// the partitioning sketch, on hand-made catalog rows (the pg suite checks the same on a real server).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  coversForeignKey,
  DEFAULT_THRESHOLDS,
  HEALTH_CHECKS,
  estimateBtreeBloat,
  estimateTableBloat,
  findDuplicates,
  findRedundant,
  hashModulus,
  humanDuration,
  monthStart,
  partitionKeyFor,
  partitionSketch,
  sequenceUsage,
  type SequenceRow,
} from '../../../core/advisor/health';
import { parseDocument } from '../../../core/parse/document';
import type { IndexInfo } from '../../../core/advisor/health/index-catalog';

let nextOid = 100;
function index(name: string, columns: number[], extra: Partial<IndexInfo> = {}): IndexInfo {
  const keyCount = extra.keyCount ?? columns.length;
  return {
    oid: nextOid++, tableOid: 1, table: 'public.t', name, am: 'btree', columns, keyCount,
    classes: columns.slice(0, keyCount).map(() => 3124), collations: columns.slice(0, keyCount).map(() => 0), options: columns.slice(0, keyCount).map(() => 0),
    expressions: null, predicate: null, unique: false, primary: false, constraint: null, valid: true, nullsNotDistinct: false, bytes: 8192, scans: 0, partitioned: false,
    ...extra,
  };
}

describe('health: index overlap', () => {
  it('keeps the constraint index of a duplicate pair and reports the other', () => {
    const pk = index('t_pkey', [1], { unique: true, primary: true, constraint: 't_pkey' });
    const dup = index('t_id_idx', [1]);
    assert.deepEqual(findDuplicates([dup, pk]).map((o) => [o.drop.name, o.keep.name]), [['t_id_idx', 't_pkey']]);
  });

  it('a different predicate, opclass or sort order is not a duplicate', () => {
    const a = index('a', [2]);
    assert.deepEqual(findDuplicates([a, index('b', [2], { predicate: '(x > 0)' })]), []);
    assert.deepEqual(findDuplicates([a, index('c', [2], { classes: [10043] })]), []);
    assert.deepEqual(findDuplicates([a, index('d', [2], { options: [3] })]), []);
  });

  it('a btree prefix is redundant unless it is unique, has INCLUDE columns or expressions', () => {
    const wide = index('t_a_b', [1, 2]);
    assert.deepEqual(findRedundant([index('t_a', [1]), wide]).map((o) => [o.drop.name, o.keep.name]), [['t_a', 't_a_b']]);
    assert.deepEqual(findRedundant([index('t_a_u', [1], { unique: true }), wide]), []);
    assert.deepEqual(findRedundant([index('t_a_inc', [1, 3], { keyCount: 1 }), wide]), []);
    assert.deepEqual(findRedundant([index('t_b', [2]), wide]), [], 'not a prefix');
    assert.deepEqual(findRedundant([index('t_a_gin', [1], { am: 'gin' }), wide]), []);
  });

  it('a foreign key is covered by an index leading with its columns, in any order', () => {
    assert.ok(coversForeignKey([2, 3], [index('x', [3, 2, 5])]));
    assert.ok(!coversForeignKey([2, 3], [index('x', [2, 5, 3])]));
    assert.ok(!coversForeignKey([2], [index('x', [2], { predicate: '(deleted_at IS NULL)' })]), 'a partial index serves only some lookups');
    assert.ok(!coversForeignKey([2], [index('x', [2], { valid: false })]));
    assert.ok(coversForeignKey([2], [index('x', [2], { am: 'hash' })]));
  });
});

describe('health: sequence usage', () => {
  const row = (extra: Partial<SequenceRow>): SequenceRow => ({ sequence: 's', min: '1', max: '9223372036854775807', increment: '1', cycle: false, last: '1', table: 'public.t', column: 'id', columnType: 'integer', ...extra });

  it('is bounded by the integer column a bigint sequence feeds', () => {
    const u = sequenceUsage(row({ last: String(2 ** 30) }));
    assert.equal(u?.limitedBy, 'column');
    assert.ok(Math.abs((u?.used ?? 0) - 0.5) < 1e-6);
  });

  it('by its own bound for a bigint column; descending sequences count down; cycling ones are not reported', () => {
    assert.equal(sequenceUsage(row({ columnType: 'bigint', max: '1000', last: '900' }))?.limitedBy, 'sequence');
    const down = sequenceUsage(row({ increment: '-1', min: '-2147483648', max: '-1', last: '-1073741825', columnType: 'integer' }));
    assert.ok(Math.abs((down?.used ?? 0) - 0.5) < 1e-6);
    assert.equal(sequenceUsage(row({ cycle: true, last: '2000000000' })), undefined);
    assert.equal(sequenceUsage(row({ last: null })), undefined, 'never called, or not readable');
  });
});

describe('health: bloat estimates', () => {
  // 100,000 rows of 8 + 101 bytes: tuple 24 + 112 + 4 = 140 bytes, 58 per 8168-byte page -> 1725 pages
  const stats = { tuples: 100_000, blockSize: 8192, fillfactor: 100, columns: 2, dataWidth: 109, hasNulls: false };

  it('a table at its expected size has no bloat; five times that is 80%', () => {
    assert.equal(estimateTableBloat({ ...stats, pages: 1725 }).wastedBytes, 0);
    const e = estimateTableBloat({ ...stats, pages: 1725 * 5 });
    assert.equal(e.expectedPages, 1725);
    assert.ok(Math.abs(e.ratio - 0.8) < 1e-9);
  });

  it('btree: an 8-byte key makes a 20-byte entry (16 aligned + the line pointer), 90% fill, plus the metapage', () => {
    // (8192 - 40) * 0.9 / 20 = 366 per page -> ceil(100000 / 366) + 1 = 275
    assert.equal(estimateBtreeBloat({ ...stats, pages: 275, dataWidth: 8, columns: 1, fillfactor: 90 }).expectedPages, 275);
  });
});

describe('health: partitioning sketch', () => {
  const tz = 'timestamp with time zone';

  it('partitions by a creation time first, else by a tenant column; other columns are no key', () => {
    assert.deepEqual(partitionKeyFor([{ name: 'id', type: 'bigint' }, { name: 'tenant_id', type: 'bigint' }, { name: 'created_at', type: tz }]), { strategy: 'range', column: 'created_at' });
    assert.deepEqual(partitionKeyFor([{ name: 'id', type: 'bigint' }, { name: 'account_id', type: 'uuid' }]), { strategy: 'hash', column: 'account_id' });
    assert.equal(partitionKeyFor([{ name: 'updated_at', type: tz }, { name: 'customer_id', type: 'bigint' }]), undefined, 'updated_at changes; customer_id is no tenant');
    assert.equal(partitionKeyFor([{ name: 'created_at', type: 'text' }]), undefined, 'a time column needs a time type');
    assert.deepEqual(partitionKeyFor([{ name: 'Day', type: 'date' }]), { strategy: 'range', column: 'Day' });
  });

  it('counts months across years, and sizes hash partitions at about 4 GB each, 4 to 64', () => {
    assert.equal(monthStart('2025-11', 2), '2026-01-01');
    assert.equal(monthStart('2025-01', -1), '2024-12-01');
    assert.deepEqual([0, 20 * 1024 ** 3, 1024 ** 4].map(hashModulus), [4, 8, 64]);
  });

  it('writes SQL that parses: a partitioned copy, its key, monthly partitions around now, a DEFAULT', () => {
    const sql = partitionSketch({ schema: 'Shop', table: 'events', key: { strategy: 'range', column: 'created_at' }, bytes: 1e10, month: '2025-12', primaryKey: ['id'] });
    const statements = parseDocument(sql).statements;
    assert.deepEqual(statements.filter((x) => x.syntaxError).map((x) => x.text), [], 'every statement parses');
    assert.match(sql, /^CREATE TABLE "Shop"\.events_partitioned \(LIKE "Shop"\.events INCLUDING ALL EXCLUDING INDEXES\) PARTITION BY RANGE \(created_at\);$/m);
    assert.match(sql, /^ALTER TABLE "Shop"\.events_partitioned ADD PRIMARY KEY \(id, created_at\);/m);
    assert.match(sql, /^CREATE TABLE "Shop"\.events_p_old PARTITION OF "Shop"\.events_partitioned FOR VALUES FROM \(MINVALUE\) TO \('2025-09-01'\);$/m);
    assert.match(sql, /^CREATE TABLE "Shop"\.events_p202602 PARTITION OF "Shop"\.events_partitioned FOR VALUES FROM \('2026-02-01'\) TO \('2026-03-01'\);$/m);
    assert.equal(statements.filter((x) => /PARTITION OF/.test(x.text)).length, 8, 'old, 3 back, this month, 2 ahead, default');
  });

  it('hash partitions by tenant, with the modulus for the size', () => {
    const sql = partitionSketch({ schema: 'public', table: 'docs', key: { strategy: 'hash', column: 'tenant_id' }, bytes: 20 * 1024 ** 3, month: '2025-12' });
    assert.match(sql, /PARTITION BY HASH \(tenant_id\);/);
    assert.match(sql, /FOR VALUES WITH \(MODULUS 8, REMAINDER 7\);/);
    assert.match(sql, /^-- Unique keys of a partitioned table must include tenant_id\.$/m, 'no primary key to extend');
  });

  it('shows durations in the unit people read', () => {
    assert.deepEqual([0.5, 602, 12_300, 270_000, 7_560_000].map(humanDuration), ['0.5 ms', '602 ms', '12.3 s', '4.5 min', '2.1 h']);
  });
});

describe('health: the documentation', () => {
  const doc = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'db-check.md'), 'utf8');

  it('lists every check, in report order, and every threshold', () => {
    const listed = [...doc.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    assert.deepEqual(listed, HEALTH_CHECKS.map((c) => c.id));
    assert.deepEqual(Object.keys(DEFAULT_THRESHOLDS).filter((k) => !doc.includes(`\`${k}\``)), []);
  });
});
