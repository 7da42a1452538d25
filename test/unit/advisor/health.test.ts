// The pure parts of the health report: index overlap, foreign-key coverage, sequence usage and bloat estimates,
// on hand-made catalog rows (the pg suite checks the same on a real server).
import { strict as assert } from 'node:assert';
import { coversForeignKey, estimateBtreeBloat, estimateTableBloat, findDuplicates, findRedundant, sequenceUsage, type SequenceRow } from '../../../core/advisor/health';
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
