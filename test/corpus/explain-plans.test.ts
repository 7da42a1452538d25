// Every real plan in the corpus parses into the model, its metrics are consistent, and the insights report
// what each plan really shows (checked by reading the plans).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePlan, formatPlanText, parsePlan, planToJson, type PlanAnalysis } from '../../core/explain';
import { skipOrFail } from '../helpers/requirements';

const CORPUS = join(__dirname, '../../../shared/corpus');

function load(dir: string, file: string): PlanAnalysis {
  const r = parsePlan(readFileSync(join(CORPUS, dir, file), 'utf8'));
  if ('error' in r) throw new Error(`${file}: ${r.error}`);
  return analyzePlan(r.plan);
}

const ids = (a: PlanAnalysis): string[] => a.insights.map((i) => i.id);

/**
 * Every corpus plan's insights, in the order shown (the first is the one to fix first), read plan by plan: the
 * problem each plan shows, and silence on the healthy ones. A change to a detector that changes this list must be
 * checked against the plan, then recorded here.
 */
const EXPECTED: Readonly<Record<string, readonly string[]>> = {
  'AlexTatiyants__pev__plan1.json': ['slow-node', 'row-misestimate'],
  'mgartner__pg_flame__cte.json': ['slow-node', 'slow-node', 'seq-scan-filter'],
  'mgartner__pg_flame__plan.json': ['slow-node', 'slow-node', 'row-misestimate'],
  'nagyistge__Pg--Explain__json-plans_3.json': [],
  'postgres-ai__joe__correctness_aggregate_groupagg.json': ['heap-fetches'],
  'postgres-ai__joe__correctness_aggregate_parallel_partial.json': [],
  'postgres-ai__joe__correctness_bitmap_index_scan.json': [],
  'postgres-ai__joe__correctness_function_scan.json': [],
  'postgres-ai__joe__correctness_function_scan_alias.json': [],
  'postgres-ai__joe__correctness_local_buffers.json': [],
  'postgres-ai__joe__correctness_never_executed.json': [],
  'postgres-ai__joe__correctness_sort_temp_buffers.json': ['sort-spill', 'large-result', 'slow-node'],
  'postgres-ai__joe__correctness_triggers.json': [],
  'postgres-ai__joe__pg17_aggregate.json': [],
  'postgres-ai__joe__pg17_bitmap_heap_recheck.json': ['lossy-bitmap', 'large-result', 'slow-node'],
  'postgres-ai__joe__pg17_cte.json': [],
  'postgres-ai__joe__pg17_hash_join.json': ['large-result'],
  'postgres-ai__joe__pg17_hashagg_having.json': [],
  'postgres-ai__joe__pg17_hashagg_spill.json': ['hashagg-spill', 'large-result', 'slow-node'],
  'postgres-ai__joe__pg17_incremental_sort.json': [],
  'postgres-ai__joe__pg17_index_scan.json': [],
  'postgres-ai__joe__pg17_insert.json': [],
  'postgres-ai__joe__pg17_join_filter.json': [],
  'postgres-ai__joe__pg17_memoize.json': ['slow-node', 'slow-node'],
  'postgres-ai__joe__pg17_nested_loop.json': [],
  'postgres-ai__joe__pg17_parallel_gather.json': [],
  'postgres-ai__joe__pg17_seq_scan.json': [],
  'postgres-ai__joe__pg17_sort.json': [],
  'postgres-ai__joe__pg17_window_run_condition.json': [],
};

describe('corpus: real EXPLAIN plans', function () {
  this.timeout(120_000);
  before(function () {
    if (!existsSync(join(CORPUS, 'plans'))) skipOrFail(this, `the shared corpus is not at ${CORPUS}`);
  });

  it('parses every plan; exclusive times are never negative and add up to the root in serial plans', () => {
    const files = readdirSync(join(CORPUS, 'plans')).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 29);
    for (const f of files) {
      const a = load('plans', f);
      assert.ok(a.plan.nodes.length >= 1, f);
      for (const m of a.nodes) if (m.exclusiveTime !== undefined) assert.ok(m.exclusiveTime >= 0, `${f}: node ${m.node.id}`);
      const parallel = a.plan.nodes.some((n) => n.nodeType.startsWith('Gather'));
      const root = a.nodes[0].inclusiveTime;
      if (!parallel && root !== undefined && !a.plan.nodes.some((n) => n.nodeType === 'CTE Scan' && !a.plan.nodes.some((c) => c.subplanName === `CTE ${n.cteName}`))) {
        const sum = a.nodes.reduce((s, m) => s + (m.exclusiveTime ?? 0), 0);
        assert.ok(Math.abs(sum - root) <= Math.max(0.05, root * 0.02), `${f}: exclusive times sum to ${sum}, root ${root}`);
      }
      assert.doesNotThrow(() => formatPlanText(a));
      assert.doesNotThrow(() => JSON.stringify(planToJson(a)));
    }
  });

  it('gives each plan exactly its expected insights, in order', () => {
    const files = readdirSync(join(CORPUS, 'plans')).filter((f) => f.endsWith('.json')).sort();
    assert.deepEqual(files, Object.keys(EXPECTED).sort(), 'every corpus plan has its expectation');
    for (const f of files) assert.deepEqual(ids(load('plans', f)), EXPECTED[f], f);
  });

  it('finds what each plan shows', () => {
    assert.ok(ids(load('plans', 'postgres-ai__joe__pg17_hashagg_spill.json')).includes('hashagg-spill'));
    assert.ok(ids(load('plans', 'postgres-ai__joe__correctness_sort_temp_buffers.json')).includes('sort-spill'));
    const bitmap = load('plans', 'postgres-ai__joe__pg17_bitmap_heap_recheck.json');
    assert.ok(ids(bitmap).includes('lossy-bitmap'));
    assert.ok((bitmap.plan.nodes.find((n) => n.nodeType === 'Bitmap Heap Scan')?.rowsRemovedByIndexRecheck ?? 0) > 0);
    const memoize = load('plans', 'postgres-ai__joe__pg17_memoize.json').plan.nodes.find((n) => n.nodeType === 'Memoize');
    assert.ok(memoize && (memoize.cacheHits ?? 0) > 0 && memoize.cacheMisses !== undefined);
    const parallel = load('plans', 'postgres-ai__joe__pg17_parallel_gather.json');
    assert.equal(parallel.nodes.find((m) => m.node.nodeType === 'Seq Scan')?.processes, 3);
    assert.ok(ids(load('plans', 'mgartner__pg_flame__cte.json')).includes('seq-scan-filter'));
    const triggers = load('plans', 'postgres-ai__joe__correctness_triggers.json');
    assert.ok(triggers.plan.triggers.length > 0);
    const never = load('plans', 'postgres-ai__joe__correctness_never_executed.json');
    assert.ok(never.plan.nodes.some((n) => n.neverExecuted));
  });

  it('stays quiet on small, healthy plans', () => {
    for (const f of [
      'postgres-ai__joe__pg17_index_scan.json',
      'postgres-ai__joe__pg17_seq_scan.json',
      'postgres-ai__joe__pg17_insert.json',
      'postgres-ai__joe__pg17_sort.json',
      'postgres-ai__joe__correctness_bitmap_index_scan.json',
      'postgres-ai__joe__correctness_aggregate_parallel_partial.json',
      'postgres-ai__joe__pg17_hashagg_having.json',
      'postgres-ai__joe__pg17_incremental_sort.json',
      'postgres-ai__joe__pg17_parallel_gather.json',
      'postgres-ai__joe__pg17_window_run_condition.json',
    ]) {
      assert.deepEqual(ids(load('plans', f)), [], f);
    }
  });

  it('no false alarms: rows cut short by an empty join side are no misestimate; a query under 10 ms has no slow node', () => {
    // pg_flame's CTE plan: hash joins whose inner side is empty read one row of each CTE Scan (estimated thousands).
    const cte = load('plans', 'mgartner__pg_flame__cte.json');
    assert.ok(!ids(cte).includes('row-misestimate'), ids(cte).join());
    assert.ok(ids(cte).includes('seq-scan-filter'), 'the real problem is still found');
    for (const f of readdirSync(join(CORPUS, 'plans')).filter((x) => x.endsWith('.json'))) {
      const a = load('plans', f);
      if ((a.totalTime ?? 0) < 10) assert.ok(!ids(a).includes('slow-node'), f);
    }
  });

  it('handles the large plans (the real 1,192-node plan and the 2,000-node synthetic one)', () => {
    const real = load('plans-large', 'pg15-union-50-joins-1192-nodes.json');
    assert.equal(real.plan.nodes.length, 1192);
    const sum = real.nodes.reduce((s, m) => s + (m.exclusiveTime ?? 0), 0);
    assert.ok(sum <= (real.totalTime ?? 0) * 1.05 + 1, `exclusive ${sum} vs total ${real.totalTime}`);
    assert.equal(load('plans-large', 'synthetic-2000-nodes.json').plan.nodes.length, 2000);
  });
});
