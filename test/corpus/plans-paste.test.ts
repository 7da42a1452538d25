// The conformance set of pasted plans (pev2's and Pg::Explain's own test plans, ../shared/corpus/plans-paste):
// every file reads as a plan, and where pev2 keeps the expected parse, our tree matches it node for node.
// pev2's expectations follow pev2's own naming in places; those are mapped to what PostgreSQL's JSON says
// (the model's convention) before comparing, and listed in PEV2_NAMING.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlan } from '../../core/explain/parse';
import type { PlanNode } from '../../core/explain/model';
import { skipOrFail } from '../helpers/requirements';

const PASTES = join(__dirname, '../../../shared/corpus/plans-paste');

type Raw = Record<string, unknown> & { Plans?: Raw[] };

/**
 * pev2 names joins "Nested Loop Join", keeps the aggregate's strategy in its name, calls ModifyTable by its
 * operation and keeps schema and quotes in relation names; PostgreSQL's JSON (and our model) does not.
 */
const PEV2_NAMING: Readonly<Record<string, (v: unknown) => unknown>> = {
  'Node Type': (v) => {
    const s = String(v);
    if (s === 'Nested Loop Join') return 'Nested Loop';
    if (/^(?:Group|Hash|Mixed|Plain)Aggregate$/.test(s)) return 'Aggregate';
    if (/^(?:Insert|Update|Delete|Merge)$/.test(s)) return 'ModifyTable';
    return s;
  },
  'Relation Name': (v) => unquote(String(v).replace(/^(?:"[^"]*"|[^."]+)\./, '')),
  'Index Name': (v) => unquote(String(v)),
};

function unquote(s: string): string {
  return /^".*"$/.test(s) ? s.slice(1, -1).replace(/""/g, '"') : s;
}

/** Fields compared, by pev2's key, read from our node. */
const FIELDS: Readonly<Record<string, (n: PlanNode) => unknown>> = {
  'Node Type': (n) => n.nodeType,
  'Relation Name': (n) => n.relationName,
  'Index Name': (n) => n.indexName,
  'Parent Relationship': (n) => n.parentRelationship,
  'Startup Cost': (n) => n.startupCost,
  'Total Cost': (n) => n.totalCost,
  'Plan Rows': (n) => n.planRows,
  'Plan Width': (n) => n.planWidth,
  'Actual Startup Time': (n) => n.actualStartupTime,
  'Actual Total Time': (n) => n.actualTotalTime,
  'Actual Rows': (n) => n.actualRows,
  'Actual Loops': (n) => n.actualLoops,
  'Rows Removed by Filter': (n) => n.rowsRemovedByFilter,
  'Heap Fetches': (n) => n.heapFetches,
  'Workers Planned': (n) => n.workersPlanned,
  'Workers Launched': (n) => n.workersLaunched,
  'Sort Method': (n) => n.sortMethod,
  'Hash Buckets': (n) => n.hashBuckets,
  'Hash Batches': (n) => n.hashBatches,
  'Peak Memory Usage': (n) => n.peakMemoryUsage,
  'Shared Hit Blocks': (n) => n.buffers.sharedHit,
  'Shared Read Blocks': (n) => n.buffers.sharedRead,
};

/** Differences between pev2's expected node (and its expected children, which may be fewer) and ours. */
function compare(expected: Raw, ours: PlanNode, path: string, out: string[]): void {
  for (const [key, read] of Object.entries(FIELDS)) {
    if (!(key in expected)) continue;
    const want = PEV2_NAMING[key] ? PEV2_NAMING[key](expected[key]) : expected[key];
    const got = read(ours);
    if (got !== want && !(typeof got === 'number' && typeof want === 'number' && Math.abs(got - want) < 1e-9)) out.push(`${path} ${key}: ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  const children = expected.Plans ?? [];
  if (children.length > ours.children.length) out.push(`${path}: ${ours.children.length} children, expected ${children.length}`);
  children.forEach((c, i) => ours.children[i] && compare(c, ours.children[i], `${path}/${i}`, out));
}

function files(): { dir: string; name: string }[] {
  return readdirSync(PASTES)
    .sort()
    .flatMap((dir) =>
      readdirSync(join(PASTES, dir))
        .sort()
        .filter((name) => !name.endsWith('-expect'))
        .map((name) => ({ dir, name })),
    );
}

describe('corpus: pasted plans (pev2 and Pg::Explain test plans)', function () {
  before(function () {
    if (!existsSync(PASTES)) skipOrFail(this, `the shared corpus is not at ${PASTES}`);
  });

  it('every file reads as a plan', () => {
    const failed: string[] = [];
    const all = files();
    for (const { dir, name } of all) {
      const r = parsePlan(readFileSync(join(PASTES, dir, name), 'utf8'));
      if ('error' in r) failed.push(`${dir}/${name}: ${r.error}`);
    }
    assert.ok(all.length >= 130, `the conformance set is there (${all.length} files)`);
    assert.deepEqual(failed, []);
  });

  it('matches the expected parse where pev2 keeps one', () => {
    const differences: string[] = [];
    let compared = 0;
    for (const { dir, name } of files()) {
      const expectFile = join(PASTES, dir, name.replace(/-plan$/, '-expect'));
      if (!name.endsWith('-plan') || !existsSync(expectFile)) continue;
      const r = parsePlan(readFileSync(join(PASTES, dir, name), 'utf8'));
      if ('error' in r) {
        differences.push(`${name}: ${r.error}`);
        continue;
      }
      const parsed = JSON.parse(readFileSync(expectFile, 'utf8')) as Raw | Raw[];
      const expected = (Array.isArray(parsed) ? parsed[0] : parsed) as Raw & { Plan: Raw };
      const out: string[] = [];
      compare(expected.Plan, r.plan.root, name, out);
      for (const [key, got] of [
        ['Planning Time', r.plan.planningTime],
        ['Execution Time', r.plan.executionTime],
      ] as const) {
        if (key in expected && expected[key] !== got) out.push(`${name} ${key}: ${got}, expected ${String(expected[key])}`);
      }
      differences.push(...out);
      compared++;
    }
    assert.ok(compared >= 40, `expected parses compared: ${compared}`);
    assert.deepEqual(differences, []);
  });
});
