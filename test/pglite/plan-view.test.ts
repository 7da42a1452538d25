// The viewer's data from plans a real PostgreSQL (PGlite) made: every node linked to the SQL it comes from,
// the editor's cursor mapped back to nodes, and two runs (before and after an index) compared node by node.
import { strict as assert } from 'node:assert';
import { analyzePlan } from '../../core/explain/analyze';
import { parsePlan } from '../../core/explain/parse';
import { buildPlanView, comparePlans, nodesAtOffset, type PlanView } from '../../core/explain/view';
import { demoPlan, DEMO_QUERY } from '../helpers/demo-plan';

function viewOf(raw: string, query: string): PlanView {
  const parsed = parsePlan(raw);
  if ('error' in parsed) throw new Error(parsed.error);
  return buildPlanView(analyzePlan(parsed.plan), { raw, query, text: '' });
}

/** The SQL text of a node's spans, with their roles. */
function linked(view: PlanView, title: string): string[] {
  const node = view.nodes.find((n) => n.title === title);
  assert.ok(node, `no node "${title}" in ${view.nodes.map((n) => n.title).join(', ')}`);
  return node.source.map((s) => `${s.role}:${DEMO_QUERY.slice(s.start, s.end)}`);
}

describe('plan view from real plans (PGlite)', function () {
  this.timeout(120_000);
  let original: PlanView;
  let indexedView: PlanView;

  before(async () => {
    const plan = await demoPlan();
    original = viewOf(plan.raw, plan.query);
    const indexed = await demoPlan(DEMO_QUERY, 'CREATE INDEX orders_customer_id_idx ON orders (customer_id); ANALYZE orders;');
    indexedView = viewOf(indexed.raw, indexed.query);
  });

  it('links scans to their relation and the columns their conditions test', () => {
    assert.deepEqual(linked(original, 'Seq Scan on public.customers c'), ['relation:customers', 'condition:c.country']);
    assert.deepEqual(linked(original, 'Seq Scan on public.orders'), ['relation:orders', 'condition:created_at', 'condition:status']);
    const subplanScan = linked(original, 'Seq Scan on public.orders o2');
    assert.ok(subplanScan.includes('relation:orders') && subplanScan.includes('condition:o2.customer_id'), subplanScan.join(', '));
  });

  it('links a CTE plan to its definition, the CTE Scan to where it is read, sorts and joins to their keys', () => {
    const cte = original.nodes.find((n) => n.subplanName === 'CTE recent');
    assert.ok(cte);
    assert.equal(DEMO_QUERY.slice(cte.source[0].start, cte.source[0].end), 'recent');
    assert.equal(cte.source[0].start, DEMO_QUERY.indexOf('recent'));
    const scan = linked(original, 'CTE Scan on recent r');
    assert.deepEqual(scan, ['relation:recent']);
    const scanNode = original.nodes.find((n) => n.title === 'CTE Scan on recent r')!;
    assert.equal(scanNode.source[0].start, DEMO_QUERY.indexOf('recent r'));
    assert.deepEqual(linked(original, 'Sort'), ['sort:r.spent', 'sort:r.spent']);
    const join = linked(original, 'Hash Join');
    assert.ok(join.includes('condition:r.customer_id') && join.includes('condition:c.id'), join.join(', '));
    assert.ok(!join.includes('condition:customer_id'), 'the unqualified customer_id inside the CTE is not the join key');
  });

  it('maps an editor offset back to the nodes that come from there', () => {
    const sources = original.nodes.map((n) => n.source);
    const country = DEMO_QUERY.indexOf('c.country') + 3;
    const ids = nodesAtOffset(sources, country);
    assert.deepEqual(ids.map((id) => original.nodes[id].title), ['Seq Scan on public.customers c']);
    const recentRead = DEMO_QUERY.indexOf('recent r') + 1;
    assert.deepEqual(nodesAtOffset(sources, recentRead).map((id) => original.nodes[id].title), ['CTE Scan on recent r']);
    assert.deepEqual(nodesAtOffset(sources, DEMO_QUERY.indexOf('LIMIT')), [], 'LIMIT has no node span');
  });

  it('compares the runs before and after CREATE INDEX: the SubPlan scan lines up with the index scan that replaced it', () => {
    const comparison = comparePlans(original, indexedView);
    const changed = comparison.rows.find((r) => r.leftTitle === 'Seq Scan on public.orders o2');
    assert.ok(changed, 'the seq scan is in the comparison');
    assert.match(changed.rightTitle ?? '', /^(Index Only Scan|Index Scan|Bitmap Heap Scan).*orders/, `replaced by ${changed.rightTitle}`);
    assert.ok((changed.time[1] ?? Infinity) < (changed.time[0] ?? 0), 'the index is faster on that node');
    assert.ok((comparison.totalTime[1] ?? Infinity) < (comparison.totalTime[0] ?? 0), 'and overall');
    const unchanged = comparison.rows.find((r) => r.leftTitle === 'Seq Scan on public.customers c');
    assert.equal(unchanged?.rightTitle, 'Seq Scan on public.customers c');
    // Every node of both plans appears exactly once.
    assert.equal(comparison.rows.filter((r) => r.left !== null).length, original.nodes.length);
    assert.equal(comparison.rows.filter((r) => r.right !== null).length, indexedView.nodes.length);
  });

  it('marks what the insights concern on the nodes', () => {
    const scan = original.nodes.find((n) => n.title === 'Seq Scan on public.orders o2')!;
    const titles = scan.insights.map((i) => original.insights[i].id);
    assert.ok(titles.length > 0, 'the slow nested seq scan carries insights');
    for (const i of scan.insights) assert.equal(original.insights[i].nodeId, scan.id);
  });
});
