// The plan viewer's first folds (core/explain/view/cold-parts.ts): a big plan opens with its cold subtrees folded
// until the rest fits the panel at a readable zoom; what insights are about, and their ancestors, stay open.
import { strict as assert } from 'node:assert';
import { analyzePlan } from '../../../core/explain/analyze';
import { formatPlanText } from '../../../core/explain/format';
import { parsePlan } from '../../../core/explain/parse';
import { buildPlanView, coldSubtrees, openShape, type PlanView } from '../../../core/explain/view';
import { initParser } from '../../../core/parse/parser';

/** An Append over `n` branches (each an Index Scan under a Limit); branch `hot` is slow and filters badly. */
function plan(n: number, hot: number): PlanView {
  const branch = (i: number): unknown => ({
    'Node Type': 'Limit', 'Parent Relationship': 'Member', 'Startup Cost': 0, 'Total Cost': i === hot ? 9000 : 10, 'Plan Rows': 1, 'Plan Width': 8,
    'Actual Startup Time': 0.01, 'Actual Total Time': i === hot ? 900 : 0.5, 'Actual Rows': 1, 'Actual Loops': 1,
    Plans: [
      i === hot
        ? { 'Node Type': 'Seq Scan', 'Parent Relationship': 'Outer', 'Relation Name': `t${i}`, Alias: `t${i}`, 'Startup Cost': 0, 'Total Cost': 9000, 'Plan Rows': 1, 'Plan Width': 8, 'Actual Startup Time': 0.01, 'Actual Total Time': 899, 'Actual Rows': 1, 'Actual Loops': 1, Filter: '(a = 1)', 'Rows Removed by Filter': 999999 }
        : { 'Node Type': 'Index Scan', 'Parent Relationship': 'Outer', 'Index Name': `t${i}_pkey`, 'Relation Name': `t${i}`, Alias: `t${i}`, 'Startup Cost': 0, 'Total Cost': 10, 'Plan Rows': 1, 'Plan Width': 8, 'Actual Startup Time': 0.01, 'Actual Total Time': 0.4, 'Actual Rows': 1, 'Actual Loops': 1 },
    ],
  });
  const raw = JSON.stringify([{ Plan: { 'Node Type': 'Append', 'Startup Cost': 0, 'Total Cost': 9000 + n * 10, 'Plan Rows': n, 'Plan Width': 8, 'Actual Startup Time': 0.01, 'Actual Total Time': 900 + n * 0.5, 'Actual Rows': n, 'Actual Loops': 1, Plans: Array.from({ length: n }, (_, i) => branch(i)) }, 'Execution Time': 905 }]);
  const parsed = parsePlan(raw);
  assert.ok('plan' in parsed);
  const analysis = analyzePlan(parsed.plan);
  return buildPlanView(analysis, { raw, text: formatPlanText(analysis) });
}

describe('plan viewer: cold subtrees folded at first', () => {
  before(() => initParser());

  it('a plan that fits stays open', () => {
    assert.deepEqual(coldSubtrees(plan(3, 1), { columns: 5, levels: 4 }), []);
  });

  it('folds cold branches until the rest fits; the slow branch with its insight stays open', () => {
    const view = plan(12, 7);
    assert.ok(view.insights.some((i) => i.id === 'seq-scan-filter'));
    const room = { columns: 12, levels: 2 };
    const folded = coldSubtrees(view, room);
    const hotLimit = view.nodes.find((n) => n.children.some((c) => view.nodes[c].nodeType === 'Seq Scan'))!;
    assert.ok(!folded.includes(hotLimit.id), 'the branch an insight is about stays open');
    assert.ok(!folded.includes(0), 'the root is never folded');
    // Levels: the open branch needs 3; every cold branch is folded into its Limit.
    assert.equal(folded.length, 11);
    assert.deepEqual(openShape(view, new Set(folded)), { columns: 12, levels: 3 });
  });

  it('folds only as much as it takes', () => {
    const view = plan(12, 7);
    const shape = openShape(view, new Set());
    assert.deepEqual(shape, { columns: 12, levels: 3 });
    assert.deepEqual(coldSubtrees(view, { columns: 12, levels: 3 }), []);
  });
});
