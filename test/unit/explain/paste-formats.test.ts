// EXPLAIN output as people paste it: one plan in every frame and format a client or terminal gives it, read to
// the same tree and totals; input that is not a whole plan gets an error that names the line.
import { strict as assert } from 'node:assert';
import { parsePlan } from '../../../core/explain/parse';
import type { Plan } from '../../../core/explain/model';

const PLAN = `Nested Loop  (cost=0.00..2017.80 rows=15 width=133) (actual time=0.035..2.219 rows=15 loops=1)
  ->  Seq Scan on users u  (cost=0.00..41.40 rows=1 width=129) (actual time=0.013..0.091 rows=1 loops=1)
        Filter: (username = 'depesz'::text)
        Rows Removed by Filter: 1231
  ->  Seq Scan on part_0 p  (cost=0.00..1976.25 rows=15 width=17) (actual time=0.021..2.125 rows=15 loops=1)
        Filter: (added_by = 'depesz'::text)
        Rows Removed by Filter: 13205
Planning Time: 0.040 ms
Execution Time: 2.228 ms`;
const LINES = PLAN.split('\n');
const WIDTH = Math.max(...LINES.map((l) => l.length));

/** What must survive every paste: the tree, the rows, the filters, the totals. */
function shape(plan: Plan): unknown {
  return {
    nodes: plan.nodes.map((n) => [n.nodeType, n.parentId, n.relationName ?? '', n.actualRows, n.rowsRemovedByFilter ?? null, n.conditions.Filter ?? '']),
    planning: plan.planningTime,
    execution: plan.executionTime,
  };
}

function read(text: string): Plan {
  const r = parsePlan(text);
  assert.ok('plan' in r, 'error' in r ? r.error : '');
  return r.plan;
}

const EXPECTED = shape(read(PLAN));
const pad = (l: string): string => l.padEnd(WIDTH);

const PASTES: Record<string, string> = {
  'psql aligned, border 1 (the default)': [' QUERY PLAN', '-'.repeat(WIDTH + 2), ...LINES.map((l) => ` ${l}`), '(9 rows)'].join('\n'),
  'psql border 0': ['QUERY PLAN', '-'.repeat(WIDTH), ...LINES, '(9 rows)'].join('\n'),
  'psql border 2, ascii': [`+${'-'.repeat(WIDTH + 2)}+`, `| ${pad('QUERY PLAN')} |`, `+${'-'.repeat(WIDTH + 2)}+`, ...LINES.map((l) => `| ${pad(l)} |`), `+${'-'.repeat(WIDTH + 2)}+`, '(9 rows)'].join('\n'),
  'psql border 2, unicode double': [`╔${'═'.repeat(WIDTH + 2)}╗`, `║ ${pad('QUERY PLAN')} ║`, `╠${'═'.repeat(WIDTH + 2)}╣`, ...LINES.map((l) => `║ ${pad(l)} ║`), `╚${'═'.repeat(WIDTH + 2)}╝`, '(9 rows)'].join('\n'),
  'psql unaligned': ['QUERY PLAN', ...LINES, '(9 rows)'].join('\n'),
  'a psql session, with a localised footer': ['SET', 'EXPLAIN ANALYZE SELECT ...;', ' QUERY PLAN', '-'.repeat(40), ...LINES.map((l) => ` ${l}`), '(9 lignes)', '', 'Time: 3.1 ms'].join('\n'),
  'pgAdmin / DBeaver rows (quoted, quotes doubled)': ['"QUERY PLAN"', ...LINES.map((l) => `"${l.replace(/"/g, '""')}"`)].join('\n'),
  'markdown indentation': LINES.map((l) => `    ${l}`).join('\n'),
  'a comment line before the plan': ['# copied from the staging log', ...LINES].join('\n'),
  'footers indented like the nodes, old capitalisation': [...LINES.slice(0, 7), '  Planning time: 0.040 ms', '  Execution time: 2.228 ms'].join('\n'),
  'lines a 60-column terminal wrapped': LINES.flatMap((l) => (l.match(/.{1,60}/g) ?? [''])).join('\n'),
};

describe('parsePlan: plans as people paste them', () => {
  for (const [name, text] of Object.entries(PASTES)) {
    it(name, () => assert.deepEqual(shape(read(text)), EXPECTED));
  }

  it('YAML and XML (FORMAT YAML / FORMAT XML), framed by psql', () => {
    const yaml = ` QUERY PLAN
----------------------------
 - Plan:                    +
     Node Type: "Limit"     +
     Startup Cost: 0.00     +
     Total Cost: 0.02       +
     Plan Rows: 1           +
     Plan Width: 4          +
     Plans:                 +
       - Node Type: "Seq Scan"+
         Parent Relationship: "Outer"+
         Relation Name: "t" +
         Alias: "t"         +
         Output:            +
           - "id"           +
           - "name"         +
   Planning Time: 0.1       +
(1 row)`;
    const xml = `<explain xmlns="http://www.postgresql.org/2009/explain">
  <Query>
    <Plan>
      <Node-Type>Limit</Node-Type>
      <Plan-Rows>1</Plan-Rows>
      <Plans>
        <Plan>
          <Node-Type>Seq Scan</Node-Type>
          <Parent-Relationship>Outer</Parent-Relationship>
          <Relation-Name>t</Relation-Name>
          <Filter>(name &lt;&gt; 'x'::text)</Filter>
          <Output>
            <Item>id</Item>
            <Item>name</Item>
          </Output>
        </Plan>
      </Plans>
    </Plan>
    <Planning-Time>0.1</Planning-Time>
  </Query>
</explain>`;
    for (const [format, text] of [['yaml', yaml], ['xml', xml]] as const) {
      const plan = read(text);
      assert.deepEqual(
        plan.nodes.map((n) => [n.nodeType, n.parentRelationship ?? '', n.relationName ?? '', n.output?.join(',') ?? '']),
        [
          ['Limit', '', '', ''],
          ['Seq Scan', 'Outer', 't', 'id,name'],
        ],
        format,
      );
      assert.equal(plan.planningTime, 0.1, format);
    }
    assert.equal(read(xml).nodes[1].conditions.Filter, "(name <> 'x'::text)");
  });

  it('an old SubPlan header (before PostgreSQL 8.4) holds every plan under it, not the node after it', () => {
    const plan = read(`Index Scan using t_pkey on t  (cost=0.00..8.27 rows=1 width=4)
  Index Cond: (id = (subplan))
  SubPlan
    ->  Limit  (cost=0.00..1.00 rows=1 width=4)
          ->  Seq Scan on a  (cost=0.00..1.00 rows=1 width=4)
    ->  Limit  (cost=0.00..1.00 rows=1 width=4)
          ->  Seq Scan on b  (cost=0.00..1.00 rows=1 width=4)`);
    assert.deepEqual(
      plan.nodes.map((n) => [n.nodeType, n.parentId ?? -1, n.parentRelationship ?? '']),
      [
        ['Index Scan', -1, ''],
        ['Limit', 0, 'SubPlan'],
        ['Seq Scan', 1, 'Outer'],
        ['Limit', 0, 'SubPlan'],
        ['Seq Scan', 3, 'Outer'],
      ],
    );
  });

  it('HashAggregate that spilled: planned partitions, batches, memory and disk', () => {
    const plan = read(`HashAggregate  (cost=79468.50..98636.70 rows=940257 width=11) (actual time=231.946..413.626 rows=970675 loops=1)
  Group Key: name
  Planned Partitions: 32  Batches: 193  Memory Usage: 4153kB  Disk Usage: 31752kB
  ->  Seq Scan on t1  (cost=0.00..15406.00 rows=1000000 width=11) (actual time=0.118..36.474 rows=1000000 loops=1)`);
    const [agg] = plan.nodes;
    assert.deepEqual([agg.raw['Planned Partitions'], agg.hashAggBatches, agg.peakMemoryUsage, agg.diskUsage], [32, 193, 4153, 31752]);
  });

  it('a paste that lost its structure is an error naming the line, never a silent one-node plan', () => {
    const r = parsePlan('Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\nsomething that is not a plan line\nanother');
    assert.ok('error' in r);
    assert.match(r.error, /Only one plan node could be read; the line "something that is not a plan line"/);
    assert.ok('plan' in parsePlan('Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\n  Filter: (a = 1)'), 'one node with its details is a plan');
  });

  it('"Worker N:" lines and the lines under them belong to that worker, not to the node', () => {
    const plan = read(`Gather  (cost=1000.00..2000.00 rows=100 width=4) (actual time=1.0..50.0 rows=100 loops=1)
  Workers Planned: 2
  Workers Launched: 2
  Buffers: shared hit=300
  ->  Sort  (cost=900.00..950.00 rows=50 width=4) (actual time=40.0..45.0 rows=33 loops=3)
        Sort Key: a
        Sort Method: quicksort  Memory: 30kB
        Buffers: shared hit=300
        Worker 0:  Sort Method: external merge  Disk: 2048kB
        Worker 1:  actual time=39.0..44.0 rows=30 loops=1
          Buffers: shared hit=90
        ->  Parallel Seq Scan on t  (cost=0.00..800.00 rows=50 width=4) (actual time=0.1..20.0 rows=33 loops=3)
              Buffers: shared hit=300`);
    const sort = plan.nodes[1];
    assert.deepEqual([sort.sortMethod, sort.sortSpaceType, sort.sortSpaceUsed, sort.buffers.sharedHit], ['quicksort', 'Memory', 30, 300]);
    const workers = sort.raw.Workers as Record<string, unknown>[];
    assert.deepEqual(workers[0], { 'Worker Number': 0, 'Sort Method': 'external merge', 'Sort Space Type': 'Disk', 'Sort Space Used': 2048 });
    assert.deepEqual(
      ['Worker Number', 'Actual Startup Time', 'Actual Total Time', 'Actual Rows', 'Actual Loops', 'Shared Hit Blocks'].map((k) => workers[1][k]),
      [1, 39, 44, 30, 1, 90],
    );
    assert.equal(plan.nodes[2].nodeType, 'Seq Scan');
    assert.equal(plan.nodes[2].parentId, 1);
  });

  it('the lines of newer versions: WAL, planning memory, serialization', () => {
    const plan = read(`Insert on t  (cost=0.00..0.01 rows=0 width=0) (actual time=0.05..0.05 rows=0 loops=1)
  WAL: records=1 fpi=0 bytes=59
  ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual time=0.001..0.001 rows=1 loops=1)
Planning:
  Buffers: shared hit=3
  Memory: used=18kB  allocated=32kB
Planning Time: 0.030 ms
Serialization: time=0.012 ms  output=1kB  format=text
Execution Time: 0.080 ms`);
    assert.deepEqual([plan.root.raw['WAL Records'], plan.root.raw['WAL FPI'], plan.root.raw['WAL Bytes']], [1, 0, 59]);
    assert.deepEqual([plan.planningTime, plan.executionTime], [0.03, 0.08]);
    assert.equal(plan.nodes.length, 2);
  });
});
