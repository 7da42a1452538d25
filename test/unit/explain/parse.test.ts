import { strict as assert } from 'node:assert';
import { analyzePlan, parsePlan } from '../../../core/explain';

const TEXT = `Hash Join  (cost=14.25..304.75 rows=25000 width=16) (actual time=0.121..1.283 rows=25000 loops=1)
  Hash Cond: (a.val = b.val)
  Buffers: shared hit=6
  ->  Seq Scan on t_items a  (cost=0.00..8.00 rows=500 width=8) (actual time=0.006..0.033 rows=500 loops=1)
        Buffers: shared hit=3
  ->  Hash  (cost=8.00..8.00 rows=500 width=8) (actual time=0.109..0.110 rows=500 loops=1)
        Buckets: 1024 (originally 512)  Batches: 2 (originally 1)  Memory Usage: 26kB
        Buffers: shared hit=3
        ->  Seq Scan on t_items b  (cost=0.00..8.00 rows=500 width=8) (never executed)
Planning:
  Buffers: shared hit=12
Planning Time: 0.170 ms
Trigger for constraint orders_customer_fk: time=12.500 calls=100
Execution Time: 1.602 ms`;

describe('parsePlan', () => {
  it('reads the text format: tree, costs, actuals, details, never executed, footer', () => {
    const r = parsePlan(TEXT);
    assert.ok('plan' in r, 'error' in r ? r.error : '');
    const { plan } = r;
    assert.equal(plan.format, 'text');
    assert.deepEqual(plan.nodes.map((n) => [n.nodeType, n.parentRelationship ?? '', n.relationName ?? '', n.alias ?? '']), [
      ['Hash Join', '', '', ''],
      ['Seq Scan', 'Outer', 't_items', 'a'],
      ['Hash', 'Inner', '', ''],
      ['Seq Scan', 'Outer', 't_items', 'b'],
    ]);
    assert.equal(plan.root.joinType, 'Inner');
    assert.equal(plan.root.conditions['Hash Cond'], '(a.val = b.val)');
    assert.equal(plan.root.buffers.sharedHit, 6, 'planning buffers are not the root node\'s');
    assert.equal(plan.nodes[2].hashBatches, 2);
    assert.equal(plan.nodes[2].originalHashBatches, 1);
    assert.equal(plan.nodes[2].peakMemoryUsage, 26);
    assert.equal(plan.nodes[3].neverExecuted, true);
    assert.equal(plan.planningTime, 0.17);
    assert.equal(plan.executionTime, 1.602);
    assert.deepEqual(plan.triggers, [{ name: 'orders_customer_fk', constraint: 'orders_customer_fk', relation: undefined, time: 12.5, calls: 100 }]);
    assert.equal(plan.analyzed, true);
  });

  it('unwraps psql framing of text and JSON output', () => {
    const framed = ['                 QUERY PLAN', '---------------------------------------------', ...TEXT.split('\n').map((l) => ` ${l}`), '(14 rows)'].join('\n');
    const r = parsePlan(framed);
    assert.ok('plan' in r);
    assert.equal(r.plan.nodes.length, 4);
    const json = JSON.stringify([{ Plan: { 'Node Type': 'Result', 'Startup Cost': 0, 'Total Cost': 0.01, 'Plan Rows': 1, 'Plan Width': 4 } }], null, 2);
    const framedJson = ['      QUERY PLAN', '----------------------', ...json.split('\n').map((l) => ` ${l.padEnd(40)}+`), '(1 row)'].join('\n');
    const j = parsePlan(framedJson);
    assert.ok('plan' in j, 'error' in j ? j.error : '');
    assert.equal(j.plan.root.nodeType, 'Result');
    assert.equal(j.plan.analyzed, false);
  });

  it('reads InitPlan, SubPlan and CTE headers as relationships', () => {
    const text = `Result  (cost=1.05..1.06 rows=1 width=4)
  InitPlan 1
    ->  Limit  (cost=0.00..1.05 rows=1 width=4)
          ->  Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)
  CTE c
    ->  Seq Scan on u  (cost=0.00..1.00 rows=1 width=4)
  ->  CTE Scan on c x  (cost=0.00..0.02 rows=1 width=4)`;
    const r = parsePlan(text);
    assert.ok('plan' in r);
    assert.deepEqual(r.plan.nodes.map((n) => [n.nodeType, n.parentRelationship, n.subplanName, n.cteName]), [
      ['Result', undefined, undefined, undefined],
      ['Limit', 'InitPlan', 'InitPlan 1', undefined],
      ['Seq Scan', 'Outer', undefined, undefined],
      ['Seq Scan', 'InitPlan', 'CTE c', undefined],
      ['CTE Scan', 'Outer', undefined, 'c'],
    ]);
  });

  it('names node kinds the way the JSON format does', () => {
    const r = parsePlan(`Nested Loop Left Join  (cost=0.00..1.00 rows=1 width=4)
  ->  HashAggregate  (cost=0.00..1.00 rows=1 width=4)
        ->  Index Only Scan Backward using t_pkey on public.t tt  (cost=0.29..8.30 rows=1 width=4)
  ->  Update on s  (cost=0.00..1.00 rows=1 width=4)`);
    assert.ok('plan' in r);
    const [loop, agg, scan, update] = r.plan.nodes;
    assert.deepEqual([loop.nodeType, loop.joinType], ['Nested Loop', 'Left']);
    assert.deepEqual([agg.nodeType, agg.strategy], ['Aggregate', 'Hashed']);
    assert.deepEqual([scan.nodeType, scan.indexName, scan.schema, scan.relationName, scan.alias, scan.raw['Scan Direction']], ['Index Only Scan', 't_pkey', 'public', 't', 'tt', 'Backward']);
    assert.deepEqual([update.nodeType, update.operation, update.relationName], ['ModifyTable', 'Update', 's']);
  });

  it('explains what was expected when the input is not a plan', () => {
    assert.match((parsePlan('') as { error: string }).error, /empty/);
    assert.match((parsePlan('{"foo": 1}') as { error: string }).error, /No "Plan" found/);
    assert.match((parsePlan('[{"Plan": ') as { error: string }).error, /does not parse/);
    // SQL, or any other text, is not taken for a text-format plan.
    assert.match((parsePlan('CREATE TABLE t (id bigint);\nSELECT 1;') as { error: string }).error, /not EXPLAIN output/);
    assert.match((parsePlan('hello\n  -> world') as { error: string }).error, /not EXPLAIN output/);
    assert.ok('plan' in parsePlan('Seq Scan on t'), 'COSTS OFF output is a plan');
    assert.ok('plan' in parsePlan('Parallel Seq Scan on t'), 'prefixed node types are plans');
  });
});

describe('analyzePlan metrics', () => {
  it('subtracts children, multiplies loops, divides parallel sections by their processes', () => {
    const r = parsePlan(`Finalize Aggregate  (cost=1.00..2.00 rows=1 width=8) (actual time=10.000..10.000 rows=1 loops=1)
  ->  Gather  (cost=1.00..2.00 rows=3 width=8) (actual time=9.000..9.900 rows=3 loops=1)
        Workers Planned: 2
        Workers Launched: 2
        ->  Partial Aggregate  (cost=1.00..2.00 rows=1 width=8) (actual time=8.000..8.000 rows=1 loops=3)
              ->  Parallel Seq Scan on t  (cost=0.00..1.00 rows=100 width=0) (actual time=0.010..6.000 rows=100 loops=3)
Execution Time: 10.100 ms`);
    assert.ok('plan' in r);
    const a = analyzePlan(r.plan);
    const [fin, gather, partial, scan] = a.nodes;
    assert.equal(gather.processes, 1);
    assert.equal(partial.processes, 3);
    assert.equal(scan.inclusiveTime, 6, '6 ms per loop x 3 loops / 3 processes');
    assert.ok(Math.abs((partial.exclusiveTime ?? 0) - 2) < 1e-9);
    assert.ok(Math.abs((gather.exclusiveTime ?? 0) - 1.9) < 1e-9);
    assert.ok(Math.abs((fin.exclusiveTime ?? 0) - 0.1) < 1e-9);
    assert.equal(scan.actualRowsTotal, 300);
  });

  it("charges a CTE's time to the CTE Scan that reads it, not to its parent", () => {
    const r = parsePlan(`Aggregate  (cost=1.00..2.00 rows=1 width=8) (actual time=5.000..5.000 rows=1 loops=1)
  CTE c
    ->  Seq Scan on t  (cost=0.00..1.00 rows=100 width=4) (actual time=0.010..4.000 rows=100 loops=1)
  ->  CTE Scan on c  (cost=0.00..2.00 rows=100 width=4) (actual time=0.020..4.500 rows=100 loops=1)`);
    assert.ok('plan' in r);
    const a = analyzePlan(r.plan);
    assert.ok(Math.abs((a.nodes[0].exclusiveTime ?? 0) - 0.5) < 1e-9, 'Aggregate: 5 - CTE Scan 4.5');
    assert.ok(Math.abs((a.nodes[2].exclusiveTime ?? 0) - 0.5) < 1e-9, 'CTE Scan: 4.5 - the CTE itself 4');
    assert.equal(a.nodes[1].exclusiveTime, 4);
  });

  it('computes exclusive buffers and misestimates', () => {
    const r = parsePlan(TEXT);
    assert.ok('plan' in r);
    const a = analyzePlan(r.plan);
    assert.equal(a.nodes[0].exclusiveBuffers.sharedHit, 0);
    assert.equal(a.nodes[2].exclusiveBuffers.sharedHit, 3);
    const over = parsePlan('Seq Scan on t  (cost=0.00..1.00 rows=5000 width=4) (actual time=0.01..0.02 rows=10 loops=1)');
    assert.ok('plan' in over);
    const m = analyzePlan(over.plan).nodes[0];
    assert.equal(m.estimateDirection, 'over');
    assert.equal(m.estimateFactor, 500);
  });
});

describe('buffers', () => {
  const node = (extra: Record<string, unknown>): string =>
    JSON.stringify([{ Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 'orders', 'Startup Cost': 0, 'Total Cost': 35.5, 'Plan Rows': 2550, 'Plan Width': 4, 'Shared Hit Blocks': 0, 'Shared Read Blocks': 0, 'Shared Dirtied Blocks': 0, 'Shared Written Blocks': 0, ...extra } }]);

  it('are a node\'s only when it ran: EXPLAIN (BUFFERS) without ANALYZE gives zeros that mean nothing', () => {
    const planned = parsePlan(node({}));
    assert.ok('plan' in planned);
    assert.equal(planned.plan.nodes[0].hasBuffers, false);
    const ran = parsePlan(node({ 'Actual Startup Time': 0.01, 'Actual Total Time': 0.2, 'Actual Rows': 0, 'Actual Loops': 1 }));
    assert.ok('plan' in ran);
    assert.equal(ran.plan.nodes[0].hasBuffers, true);
  });

  it('are read from the text format\'s Buffers lines', () => {
    const r = parsePlan(TEXT);
    assert.ok('plan' in r);
    assert.deepEqual(r.plan.nodes.map((n) => n.hasBuffers), [true, true, true, false]);
  });
});
