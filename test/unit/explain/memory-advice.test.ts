// work_mem advice that a DBA would give: sized to the spill, never beyond a sane per-operation setting, and
// not at all where a skewed join key makes more memory useless.
import { strict as assert } from 'node:assert';
import { analyzePlan } from '../../../core/explain/analyze';
import { parsePlan } from '../../../core/explain/parse';
import type { Insight } from '../../../core/explain/insights/types';

function insight(text: string, id: string): Insight | undefined {
  const r = parsePlan(text);
  assert.ok('plan' in r, 'error' in r ? r.error : '');
  return analyzePlan(r.plan).insights.find((i) => i.id === id);
}

const sort = (kb: number): string => `Sort  (cost=1.00..2.00 rows=1000000 width=8) (actual time=100.0..900.0 rows=1000000 loops=1)
  Sort Key: created_at
  Sort Method: external merge  Disk: ${kb}kB
  ->  Seq Scan on events  (cost=0.00..1.00 rows=1000000 width=8) (actual time=0.01..100.0 rows=1000000 loops=1)`;

describe('explain insights: work_mem advice', () => {
  it('sized to the spill, as SQL', () => {
    const i = insight(sort(30_000), 'sort-spill');
    assert.equal(i?.sql, "SET work_mem = '64MB';");
  });

  it('capped: a spill needing more than 1 GB gets no SET, and says what to do instead', () => {
    const i = insight(sort(3_000_000), 'sort-spill');
    assert.ok(i);
    assert.equal(i.sql, undefined);
    assert.match(i.advice, /more than a per-operation setting should ever be/);
  });

  it('a skewed hash join (batches grown far beyond the plan) is told that memory will not help', () => {
    const skewed = insight(`Hash Join  (cost=27826.00..300076.30 rows=886000 width=0) (actual time=146.635..3619.685 rows=1001000 loops=1)
  Hash Cond: (r.i = s1k.i)
  ->  Seq Scan on r  (cost=0.00..144294.76 rows=10000676 width=4) (actual time=0.201..1200.806 rows=10000000 loops=1)
  ->  Hash  (cost=13290.00..13290.00 rows=886000 width=4) (actual time=145.449..145.450 rows=1001000 loops=1)
        Buckets: 262144 (originally 262144)  Batches: 2048 (originally 8)  Memory Usage: 35157kB
        ->  Seq Scan on s1k  (cost=0.00..13290.00 rows=886000 width=4) (actual time=0.011..61.783 rows=1001000 loops=1)
Execution Time: 3674.128 ms`, 'hash-batches');
    assert.ok(skewed);
    assert.equal(skewed.sql, undefined);
    assert.match(skewed.advice, /skewed join key/);
    const plain = insight(`Hash Join  (cost=1.00..2.00 rows=100000 width=8) (actual time=10.0..200.0 rows=100000 loops=1)
  Hash Cond: (a.id = b.a_id)
  ->  Seq Scan on a  (cost=0.00..1.00 rows=100000 width=8) (actual time=0.01..20.0 rows=100000 loops=1)
  ->  Hash  (cost=1.00..1.00 rows=100000 width=8) (actual time=50.0..50.0 rows=100000 loops=1)
        Buckets: 65536  Batches: 4  Memory Usage: 3000kB
        ->  Seq Scan on b  (cost=0.00..1.00 rows=100000 width=8) (actual time=0.01..20.0 rows=100000 loops=1)`, 'hash-batches');
    assert.equal(plain?.sql, "SET work_mem = '16MB';");
  });
});
