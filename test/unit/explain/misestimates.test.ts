// Row misestimates are reported where the row counts mean something: not where a consumer stopped early (LIMIT,
// semi join, subplans), not on nodes whose actual rows are no count (BitmapAnd/Or, ModifyTable without
// RETURNING), not on the embedded database's empty tables.
import { strict as assert } from 'node:assert';
import { analyzePlan } from '../../../core/explain/analyze';
import { parsePlan } from '../../../core/explain/parse';
import type { PlanContext } from '../../../core/explain/insights/types';

function misestimated(text: string, context: PlanContext = {}): string[] {
  const r = parsePlan(text);
  assert.ok('plan' in r, 'error' in r ? r.error : '');
  const analysis = analyzePlan(r.plan, context);
  return analysis.insights.filter((i) => i.id === 'row-misestimate').map((i) => r.plan.nodes[i.nodeId ?? 0].nodeType);
}

describe('explain insights: row misestimates only where rows are a count', () => {
  it('a scan with far fewer rows than estimated is a misestimate on its own', () => {
    assert.deepEqual(misestimated('Seq Scan on orders  (cost=0.00..1000.00 rows=50000 width=8) (actual time=0.01..20.00 rows=12 loops=1)'), ['Seq Scan']);
  });

  it('not under a LIMIT with only streaming nodes between', () => {
    const plan = `Limit  (cost=0.00..0.50 rows=10 width=8) (actual time=0.01..0.02 rows=10 loops=1)
  ->  Nested Loop  (cost=0.00..5000.00 rows=100000 width=8) (actual time=0.01..0.02 rows=10 loops=1)
        ->  Seq Scan on orders  (cost=0.00..1000.00 rows=50000 width=8) (actual time=0.01..0.01 rows=10 loops=1)
        ->  Index Scan using customers_pkey on customers  (cost=0.00..0.10 rows=1 width=8) (actual time=0.001..0.001 rows=1 loops=10)
              Index Cond: (id = orders.customer_id)`;
    assert.deepEqual(misestimated(plan), []);
  });

  it('but a Sort between the LIMIT and the scan reads everything: a misestimate there still counts', () => {
    const plan = `Limit  (cost=2000.00..2000.50 rows=10 width=8) (actual time=20.0..20.1 rows=10 loops=1)
  ->  Sort  (cost=2000.00..2100.00 rows=50000 width=8) (actual time=20.0..20.0 rows=10 loops=1)
        Sort Key: created_at
        Sort Method: top-N heapsort  Memory: 25kB
        ->  Seq Scan on orders  (cost=0.00..1000.00 rows=50000 width=8) (actual time=0.01..15.0 rows=150 loops=1)`;
    assert.deepEqual(misestimated(plan), ['Seq Scan']);
  });

  it('not on the inner side of a semi join, nor in a SubPlan', () => {
    const semi = `Nested Loop Semi Join  (cost=0.00..9000.00 rows=100 width=8) (actual time=0.01..5.0 rows=100 loops=1)
  ->  Seq Scan on customers  (cost=0.00..10.00 rows=100 width=8) (actual time=0.01..0.05 rows=100 loops=1)
  ->  Index Scan using orders_customer_idx on orders  (cost=0.00..80.00 rows=500 width=8) (actual time=0.01..0.01 rows=1 loops=100)
        Index Cond: (customer_id = customers.id)`;
    assert.deepEqual(misestimated(semi), []);
    const subplan = `Seq Scan on customers  (cost=0.00..9000.00 rows=100 width=8) (actual time=0.01..5.0 rows=100 loops=1)
  Filter: (SubPlan 1)
  SubPlan 1
    ->  Index Scan using orders_customer_idx on orders  (cost=0.00..80.00 rows=500 width=0) (actual time=0.01..0.01 rows=1 loops=100)
          Index Cond: (customer_id = customers.id)`;
    assert.deepEqual(misestimated(subplan), []);
  });

  it('not on BitmapAnd / BitmapOr, nor on ModifyTable without RETURNING', () => {
    const bitmap = `Bitmap Heap Scan on orders  (cost=50.00..500.00 rows=300 width=8) (actual time=0.5..2.0 rows=280 loops=1)
  Recheck Cond: ((status = 'new'::text) AND (region = 'eu'::text))
  ->  BitmapAnd  (cost=50.00..50.00 rows=300 width=0) (actual time=0.4..0.4 rows=0 loops=1)
        ->  Bitmap Index Scan on orders_status_idx  (cost=0.00..20.00 rows=3000 width=0) (actual time=0.2..0.2 rows=2900 loops=1)
        ->  Bitmap Index Scan on orders_region_idx  (cost=0.00..25.00 rows=4000 width=0) (actual time=0.2..0.2 rows=4100 loops=1)`;
    assert.deepEqual(misestimated(bitmap), []);
    const update = `Update on orders  (cost=0.00..1000.00 rows=5000 width=14) (actual time=30.0..30.0 rows=0 loops=1)
  ->  Seq Scan on orders  (cost=0.00..1000.00 rows=5000 width=14) (actual time=0.01..10.0 rows=5000 loops=1)`;
    assert.deepEqual(misestimated(update), []);
  });

  it('not on plans from empty tables (the embedded database)', () => {
    const plan = 'Seq Scan on orders  (cost=0.00..1000.00 rows=50000 width=8) (actual time=0.01..0.01 rows=0 loops=1)';
    assert.deepEqual(misestimated(plan), ['Seq Scan']);
    assert.deepEqual(misestimated(plan, { emptyTables: true }), []);
  });

  it('many misestimates in one plan: the three on the costliest nodes, and how many more there are', () => {
    const scans = [1, 2, 3, 4, 5].map((i) => `  ->  Seq Scan on t${i}  (cost=0.00..10.00 rows=10 width=8) (actual time=0.01..${i * 10}.0 rows=5000 loops=1)`);
    const text = `Append  (cost=0.00..50.00 rows=50 width=8) (actual time=0.01..150.0 rows=25000 loops=1)\n${scans.join('\n')}`;
    const r = parsePlan(text);
    assert.ok('plan' in r);
    const found = analyzePlan(r.plan).insights.filter((i) => i.id === 'row-misestimate');
    assert.deepEqual(found.map((i) => r.plan.nodes[i.nodeId ?? 0].relationName), ['t5', 't4', 't3']);
    assert.match(found[2].explanation, /2 more nodes are misestimated as well/);
  });
});
