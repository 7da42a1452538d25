// The advisor's verdicts on the indexes a plan's insights propose (core/advisor/indexes/insight-verdicts.ts): the
// real plan parser and insight detectors, with the advice the advisor would return for each case written out.
import { strict as assert } from 'node:assert';
import { analyzePlan } from '../../../core/explain/analyze';
import { parsePlan } from '../../../core/explain/parse';
import { initParser } from '../../../core/parse/parser';
import { verifyInsightIndexes, type CandidateOutcome, type StatementAdvice } from '../../../core/advisor/indexes';

const PLAN = `Seq Scan on public.orders  (cost=0.00..18334.00 rows=500 width=8) (actual time=0.02..60.00 rows=480 loops=1)
  Filter: (orders.customer_id = 42)
  Rows Removed by Filter: 999520`;

function insights() {
  const r = parsePlan(PLAN);
  assert.ok('plan' in r, 'error' in r ? r.error : '');
  return analyzePlan(r.plan).insights;
}

function outcome(status: CandidateOutcome['status'], columns: string[], extra: Partial<CandidateOutcome> = {}): CandidateOutcome {
  const name = `orders_${columns.join('_')}_idx`;
  return {
    candidate: { schema: 'public', table: 'orders', method: 'btree', columns: columns.map((column) => ({ column })), include: [], equalityPrefix: columns.length, reason: 'equality' },
    name,
    sql: `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON public.orders (${columns.join(', ')});`,
    status,
    verdict: status === 'recommended' ? 'cuts the cost by 99 %' : status === 'rejected' ? 'the planner does not use it' : 'not verified',
    ...extra,
  };
}

const advice = (a: Partial<StatementAdvice>): StatementAdvice => ({ sql: 'SELECT id FROM orders WHERE customer_id = 42', route: 'rollback', costBefore: 18334, outcomes: [], covered: [], notes: [], ...a });

describe('index advisor verdicts on plan insights', () => {
  before(() => initParser());

  it('the plan alone proposes an index on the filtered column', () => {
    const [seq] = insights().filter((i) => i.id === 'seq-scan-filter');
    assert.deepEqual(seq.index, { schema: 'public', table: 'orders', columns: ['customer_id'] });
    assert.equal(seq.sql, 'CREATE INDEX CONCURRENTLY ON public.orders (customer_id);');
  });

  it('the advisor\'s recommendation replaces the guess, with its cost and size', () => {
    const best = outcome('recommended', ['customer_id', 'id'], { costAfter: 12.5, reduction: 0.99, sizeBytes: 3 * 1024 * 1024 });
    const [seq] = verifyInsightIndexes(insights(), advice({ outcomes: [best] })).filter((i) => i.id === 'seq-scan-filter');
    assert.equal(seq.sql, best.sql);
    assert.match(seq.advice, /^Verified by the planner \(rollback\): orders_customer_id_id_idx on \(customer_id, id\), estimated cost 18334\.0 → 12\.5 \(cuts the cost by 99 %\), ~3\.0 MB\. The plan alone suggested \(customer_id\)/);
  });

  it('every candidate refused by the planner: no CREATE INDEX is offered, the insight says why', () => {
    const tried = outcome('rejected', ['customer_id'], { costAfter: 18000 });
    const [seq] = verifyInsightIndexes(insights(), advice({ outcomes: [tried] })).filter((i) => i.id === 'seq-scan-filter');
    assert.equal(seq.sql, undefined);
    assert.equal(seq.index, undefined);
    assert.match(seq.advice, /tried 1 index on orders with rollback and the planner kept its plan \(closest: orders_customer_id_idx, estimated cost 18334\.0 → 18000\.0/);
  });

  it('refusals on empty tables prove nothing: the advisor\'s candidate is shown, marked unverified', () => {
    const tried = outcome('rejected', ['customer_id'], { costAfter: 18334 });
    const [seq] = verifyInsightIndexes(insights(), advice({ outcomes: [tried], emptyTables: ['public.orders'] })).filter((i) => i.id === 'seq-scan-filter');
    assert.equal(seq.sql, tried.sql);
    assert.match(seq.advice, /not verified: the table has no rows or statistics here/);
  });

  it('an existing index already covers it: named, and no duplicate offered', () => {
    const covered = { definition: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);', existing: 'orders_by_customer', schema: 'public', table: 'orders' };
    const [seq] = verifyInsightIndexes(insights(), advice({ covered: [covered] })).filter((i) => i.id === 'seq-scan-filter');
    assert.equal(seq.sql, undefined);
    assert.match(seq.advice, /^orders_by_customer already covers public\.orders \(customer_id\), and the planner did not use it/);
  });

  it('another table\'s advice, or a refused advisor, leaves the insight as it was', () => {
    const other = { ...outcome('recommended', ['x']), candidate: { ...outcome('recommended', ['x']).candidate, table: 'customers' } };
    const before = insights();
    assert.deepEqual(verifyInsightIndexes(before, advice({ outcomes: [other] })), before);
    assert.deepEqual(verifyInsightIndexes(before, advice({ outcomes: [outcome('recommended', ['customer_id'])], refused: 'no' })), before);
  });
});
