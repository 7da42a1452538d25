// Plans nested thousands of levels deep (a hostile or generated plan) and plans with mistyped values: every
// step of core/explain (parse, metrics, insights, text, JSON, the viewer's model, the comparison) works without
// recursion, and a value of the wrong type is absent, never NaN.
import { strict as assert } from 'node:assert';
import { initParser } from '../../../core/parse/parser';
import { analyzePlan, formatPlanText, parsePlan, planToJson } from '../../../core/explain';
import { jsonText } from '../../../core/explain/json-text';
import { buildPlanView, comparePlans } from '../../../core/explain/view';
import { subtreeScopes } from '../../../core/explain/view/source-map';
import { deepPlanJson } from '../../helpers/deep-plan';

describe('explain: deep plans and mistyped values', function () {
  this.timeout(120_000);
  before(() => initParser());

  for (const depth of [2_000, 10_000, 50_000]) {
    it(`parses, analyses, draws and compares a plan ${depth.toLocaleString('en-US')} levels deep`, () => {
      const parsed = parsePlan(deepPlanJson(depth));
      assert.ok('plan' in parsed, 'error' in parsed ? parsed.error : '');
      const { plan } = parsed;
      assert.equal(plan.nodes.length, depth);
      assert.equal(plan.nodes[depth - 1].relationName, 't');
      assert.equal(plan.nodes[depth - 1].parentId, depth - 2);
      assert.deepEqual(plan.root.children.map((c) => c.id), [1]);

      const analysis = analyzePlan(plan);
      assert.equal(analysis.nodes.length, depth);
      const text = formatPlanText(analysis, { width: 120 });
      assert.match(text, /Seq Scan on t/);
      // Indentation stops growing: the drawing is linear in the number of nodes, not quadratic.
      assert.ok(text.length < depth * 200, `${text.length} characters for ${depth} nodes`);
      assert.ok(text.split('\n').every((line) => line.length < 400), 'no line grows with the depth');

      const json = JSON.parse(jsonText(planToJson(analysis), 2)) as { nodes: unknown[]; plan: unknown };
      assert.equal(json.nodes.length, depth);
      assert.ok(Array.isArray(json.plan));

      const view = buildPlanView(analysis, { raw: '', text: '' });
      assert.equal(view.nodes.length, depth);
      const compared = comparePlans(view, view);
      assert.equal(compared.rows.length, depth);
      assert.equal(compared.rows[depth - 1].depth, depth - 1);
    });
  }

  it('draws shallow plans as before: the same tree lines', () => {
    const text = formatPlanText(analyzePlan((parsePlan(deepPlanJson(3)) as { plan: never }).plan), { width: 120 });
    assert.match(text, /^Limit .*\n└─ Limit .*\n   └─ Seq Scan on t .*\n/);
  });

  it('finds the plan however deep the wrapping arrays are', () => {
    const wrapped = '['.repeat(20_000) + deepPlanJson(2) + ']'.repeat(20_000);
    const parsed = parsePlan(wrapped);
    assert.ok('plan' in parsed, 'error' in parsed ? parsed.error : '');
    assert.equal(parsed.plan.nodes.length, 2);
  });

  it('treats an "Execution Time" or "Planning Time" that is not a number as absent (no NaN)', () => {
    const input = JSON.stringify([
      {
        Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 't', 'Total Cost': 1, 'Plan Rows': 1, 'Actual Total Time': 2, 'Actual Loops': 1, 'Actual Rows': 1 },
        'Execution Time': 'NaN',
        'Planning Time': '0.5',
        Triggers: 'none',
        Settings: 42,
        'Query Text': { no: 1 },
        JIT: 'on',
      },
    ]);
    const parsed = parsePlan(input);
    assert.ok('plan' in parsed);
    assert.equal(parsed.plan.executionTime, undefined);
    assert.equal(parsed.plan.planningTime, undefined);
    assert.deepEqual(parsed.plan.triggers, []);
    assert.equal(parsed.plan.queryText, undefined);
    const analysis = analyzePlan(parsed.plan);
    assert.equal(analysis.totalTime, 2, 'the root time stands in for the missing execution time');
    const text = formatPlanText(analysis);
    assert.doesNotMatch(text, /NaN/);
    assert.doesNotMatch(jsonText(planToJson(analysis), 2), /"(executionTime|planningTime)": "/);
  });

  it('writes deep values compact, exactly as JSON.stringify would without indentation', () => {
    let value: unknown = { a: [1, 'x', null, undefined, Number.NaN, true], b: undefined, 'c"': { d: [] as unknown[], e: {} } };
    for (let i = 0; i < 150; i++) value = i % 2 ? [value, i] : { level: i, next: value, skip: undefined };
    assert.equal(jsonText(value, 2), JSON.stringify(value));
    assert.equal(jsonText({ shallow: [1, { x: 2 }] }, 2), JSON.stringify({ shallow: [1, { x: 2 }] }, null, 2));
  });

  it('shows a node whose other properties nest without end (a hostile plan) in the viewer', () => {
    const output = '['.repeat(20_000) + ']'.repeat(20_000);
    const input = `{"Plan":{"Node Type":"Result","Output":${output},"Filter":${output},"Extra":${output}}}`;
    const parsed = parsePlan(input);
    assert.ok('plan' in parsed);
    const analysis = analyzePlan(parsed.plan);
    assert.match(formatPlanText(analysis), /Result/);
    const view = buildPlanView(analysis, { raw: input, text: '' });
    assert.ok(view.nodes[0].details.some(([key, text]) => key === 'Extra' && text.startsWith('[[[')));
  });

  it("answers which names a node's subtree reads, per subtree", () => {
    const input = JSON.stringify({
      Plan: {
        'Node Type': 'Hash Join',
        Plans: [
          { 'Node Type': 'Seq Scan', 'Relation Name': 'orders', Alias: 'o' },
          { 'Node Type': 'Hash', Plans: [{ 'Node Type': 'Seq Scan', 'Relation Name': 'customers', Alias: 'c' }] },
          { 'Node Type': 'Result' },
        ],
      },
    });
    const parsed = parsePlan(input);
    assert.ok('plan' in parsed);
    const scopes = subtreeScopes(parsed.plan.nodes);
    const names = (i: number): string[] => ['o', 'orders', 'c', 'customers', 'x'].filter((n) => scopes[i].has(n));
    assert.deepEqual(names(0), ['o', 'orders', 'c', 'customers']);
    assert.deepEqual(names(1), ['o', 'orders']);
    assert.deepEqual(names(2), ['c', 'customers']);
    assert.deepEqual(names(3), ['c', 'customers']);
    assert.deepEqual(scopes.map((s) => s.empty), [false, false, false, false, true]);
  });

  it('leaves a metric out when huge values overflow it: no Infinity or NaN', () => {
    const input = JSON.stringify({
      Plan: { 'Node Type': 'Gather', 'Workers Launched': 1, 'Total Cost': 1e308, 'Actual Total Time': 1e308, 'Actual Loops': 1e308, Plans: [{ 'Node Type': 'Seq Scan', 'Total Cost': -1e308, 'Actual Total Time': 1e308, 'Actual Loops': 1e308, 'Actual Rows': 1e308 }] },
    });
    const parsed = parsePlan(input);
    assert.ok('plan' in parsed);
    const analysis = analyzePlan(parsed.plan);
    assert.doesNotMatch(formatPlanText(analysis), /NaN|Infinity/);
    assert.doesNotMatch(JSON.stringify(planToJson(analysis)), /NaN|Infinity/);
    for (const m of analysis.nodes) for (const v of [m.inclusiveTime, m.exclusiveTime, m.exclusiveShare, m.actualRowsTotal, m.exclusiveCost]) assert.ok(v === undefined || Number.isFinite(v));
  });

  it('prints names and conditions holding terminal controls as visible escapes', () => {
    const input = JSON.stringify({ Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 't\x1b[2J', Filter: '(a = \x1b]0;title\x07)', 'Subplan Name': 'x\u202ey' } });
    const parsed = parsePlan(input);
    assert.ok('plan' in parsed);
    const text = formatPlanText(analyzePlan(parsed.plan));
    assert.ok(!/[\x1b\x07\u202e]/.test(text), text);
    assert.match(text, /\[x\\u202ey\] Seq Scan on t\\x1b\[2J/);
    assert.match(text, /Filter: \(a = \\x1b\]0;title\\x07\)/);
    const error = parsePlan('\x1b[2J not a plan');
    assert.ok('error' in error && !error.error.includes('\x1b') && error.error.includes('\\x1b'));
  });

  it('leaves out triggers that are not objects', () => {
    const input = JSON.stringify({ Plan: { 'Node Type': 'Result' }, Triggers: [null, 3, { 'Trigger Name': 'tr', Time: 'x', Calls: 2 }] });
    const parsed = parsePlan(input);
    assert.ok('plan' in parsed);
    assert.deepEqual(parsed.plan.triggers, [{ name: 'tr', relation: undefined, time: 0, calls: 2 }]);
  });
});
