// Plans made by a real PostgreSQL: the text and JSON formats of the same plan give the same model, and each
// insight fires on data built to show its problem (and stays quiet on a clean plan).
import { strict as assert } from 'node:assert';
import { Client } from 'pg';
import { analyzePlan, parsePlan, type PlanAnalysis, type PlanNode } from '../../core/explain';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

describe('explain on a real PostgreSQL', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;
  let db: Client;
  let snapshot: Client | undefined;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    db = new Client({ connectionString: cluster.url() });
    await db.connect();
    await db.query(`
      CREATE TABLE big (id bigint PRIMARY KEY, a int NOT NULL, b int NOT NULL, c int NOT NULL, payload text NOT NULL) WITH (autovacuum_enabled = false);
      INSERT INTO big SELECT g, g % 100, g % 100, g, md5(g::text) FROM generate_series(1, 100000) g;
      CREATE INDEX big_a ON big (a);
      ANALYZE big;
      CREATE TABLE small (id int PRIMARY KEY, big_c int NOT NULL);
      INSERT INTO small SELECT g, g * 37 FROM generate_series(1, 300) g;
      ANALYZE small;
      CREATE TABLE parent (id int PRIMARY KEY);
      INSERT INTO parent SELECT generate_series(1, 20000);
      CREATE TABLE child (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, parent_id int NOT NULL REFERENCES parent (id));
      INSERT INTO child (parent_id) SELECT 1 + (g % 100) FROM generate_series(1, 200000) g;
      ANALYZE parent, child;
      CREATE TABLE docs (id int PRIMARY KEY, body jsonb NOT NULL, labels text[] NOT NULL);
      INSERT INTO docs SELECT g, jsonb_build_object('kind', 'k' || (g % 500), 'n', g) || CASE WHEN g % 1000 = 0 THEN '{"special": true}'::jsonb ELSE '{}' END::jsonb, ARRAY['l' || (g % 700)] FROM generate_series(1, 60000) g;
      ANALYZE docs;
      CREATE TABLE tags (parent_id int NOT NULL, tag text NOT NULL);
      INSERT INTO tags SELECT p, 'tag' || t FROM generate_series(1, 100) p, generate_series(1, 20) t;
      ANALYZE tags;
      CREATE TABLE churn (id int PRIMARY KEY, v int NOT NULL) WITH (autovacuum_enabled = false);
      INSERT INTO churn SELECT g, 0 FROM generate_series(1, 1000) g;
      CREATE INDEX churn_v ON churn (v);
      ANALYZE churn;
    `);
    // Updates of an indexed column are never HOT: every version gets index entries; a transaction that keeps its
    // snapshot open (the usual cause in production) keeps them all from being removed.
    snapshot = new Client({ connectionString: cluster.url() });
    await snapshot.connect();
    await snapshot.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    await snapshot.query('SELECT count(*) FROM churn');
    for (let i = 0; i < 40; i++) await db.query('UPDATE churn SET v = v + 1');
    // Fresh rows after the visibility map was last set: index-only scans must visit the heap.
    await db.query('UPDATE big SET a = a WHERE id % 2 = 0');
  });

  after(async () => {
    await snapshot?.end().catch(() => undefined);
    await db?.end().catch(() => undefined);
    cluster?.stop();
  });

  async function explain(sql: string, options: string, settings: readonly string[] = []): Promise<string> {
    await db.query('BEGIN');
    try {
      for (const s of settings) await db.query(s.startsWith('SET') ? s.replace(/^SET /, 'SET LOCAL ') : s);
      const r = await db.query(`EXPLAIN (${options}) ${sql}`);
      return options.includes('FORMAT JSON') ? JSON.stringify(r.rows[0]['QUERY PLAN']) : r.rows.map((row) => row['QUERY PLAN']).join('\n');
    } finally {
      await db.query('ROLLBACK');
    }
  }

  async function analysed(sql: string, settings: readonly string[] = []): Promise<PlanAnalysis> {
    const r = parsePlan(await explain(sql, 'ANALYZE, BUFFERS, FORMAT JSON', settings));
    if ('error' in r) throw new Error(r.error);
    return analyzePlan(r.plan);
  }

  function shape(n: PlanNode): unknown {
    return [n.nodeType, n.joinType, n.strategy, n.parentRelationship, n.subplanName, n.cteName, n.relationName, n.alias, n.indexName, n.conditions];
  }

  const QUERIES = [
    'SELECT s.id, count(*) FROM small s JOIN big b ON b.c = s.big_c GROUP BY s.id ORDER BY 2 DESC LIMIT 5',
    'WITH hot AS MATERIALIZED (SELECT id FROM big WHERE a = 7) SELECT * FROM small WHERE big_c IN (SELECT id FROM hot)',
    'SELECT id, (SELECT max(id) FROM small) FROM big WHERE a < 3 AND b > 1',
    'SELECT a, count(*) FROM big WHERE payload LIKE \'ab%\' GROUP BY a HAVING count(*) > 1',
    'SELECT * FROM small s WHERE EXISTS (SELECT 1 FROM big b WHERE b.c = s.id) UNION ALL SELECT * FROM small WHERE id < 10',
  ];

  it('text and JSON of the same plan give the same model (costs, rows, conditions, relationships)', async () => {
    for (const sql of QUERIES) {
      for (const options of ['COSTS', 'VERBOSE']) {
        const text = parsePlan(await explain(sql, options));
        const json = parsePlan(await explain(sql, `${options}, FORMAT JSON`));
        assert.ok('plan' in text && 'plan' in json, sql);
        assert.equal(text.plan.nodes.length, json.plan.nodes.length, sql);
        text.plan.nodes.forEach((t, i) => {
          const j = json.plan.nodes[i];
          assert.deepEqual(shape(t), shape(j), `${sql}: node ${i}`);
          assert.deepEqual([t.startupCost, t.totalCost, t.planRows, t.planWidth, t.output], [j.startupCost, j.totalCost, j.planRows, j.planWidth, j.output], `${sql}: node ${i}`);
        });
      }
    }
  });

  it('and with ANALYZE, BUFFERS the same structure, rows, loops and buffer kinds', async () => {
    for (const sql of QUERIES) {
      const text = parsePlan(await explain(sql, 'ANALYZE, BUFFERS'));
      const json = parsePlan(await explain(sql, 'ANALYZE, BUFFERS, FORMAT JSON'));
      assert.ok('plan' in text && 'plan' in json);
      assert.equal(text.plan.nodes.length, json.plan.nodes.length, sql);
      text.plan.nodes.forEach((t, i) => {
        const j = json.plan.nodes[i];
        assert.deepEqual(shape(t), shape(j), `${sql}: node ${i}`);
        assert.deepEqual([t.actualRows, t.actualLoops, t.neverExecuted, t.hasBuffers], [j.actualRows, j.actualLoops, j.neverExecuted, j.hasBuffers], `${sql}: node ${i}`);
      });
      assert.ok(text.plan.executionTime !== undefined && text.plan.planningTime !== undefined);
    }
  });

  const has = (a: PlanAnalysis, id: string): boolean => a.insights.some((i) => i.id === id);

  it('sort spilled to disk -> sort-spill with a work_mem that fits', async () => {
    const a = await analysed('SELECT * FROM big ORDER BY payload', ["SET work_mem = '64kB'"]);
    const i = a.insights.find((x) => x.id === 'sort-spill');
    assert.ok(i, a.insights.map((x) => x.id).join());
    assert.match(i.sql ?? '', /SET work_mem = '\d+MB'/);
  });

  it('correlated columns -> row-misestimate with extended statistics', async () => {
    const a = await analysed('SELECT * FROM big WHERE a = 7 AND b = 7');
    const i = a.insights.find((x) => x.id === 'row-misestimate');
    assert.ok(i, a.insights.map((x) => x.id).join());
    assert.match(i.sql ?? '', /CREATE STATISTICS .* ON a, b FROM big/);
  });

  it('bitmap beyond work_mem -> lossy-bitmap', async () => {
    const a = await analysed('SELECT * FROM big WHERE a < 60', ["SET work_mem = '64kB'", 'SET enable_seqscan = off', 'SET enable_indexscan = off']);
    assert.ok(has(a, 'lossy-bitmap'), a.insights.map((x) => x.id).join());
  });

  it('seq scan discarding almost everything -> seq-scan-filter with CREATE INDEX CONCURRENTLY', async () => {
    const a = await analysed('SELECT * FROM big WHERE c = 4242');
    const i = a.insights.find((x) => x.id === 'seq-scan-filter');
    assert.ok(i);
    assert.equal(i.sql, 'CREATE INDEX CONCURRENTLY ON big (c);');
  });

  it('index-only scan on recently updated rows -> heap-fetches with VACUUM', async () => {
    const a = await analysed('SELECT a FROM big WHERE a < 20', ['SET enable_seqscan = off', 'SET enable_bitmapscan = off']);
    const i = a.insights.find((x) => x.id === 'heap-fetches');
    assert.ok(i, a.insights.map((x) => x.id).join());
    assert.match(i.sql ?? '', /^VACUUM \(ANALYZE\) big;$/);
  });

  it('nested loop over an unindexed inner table -> nested-loop-seq-scan', async () => {
    const a = await analysed('SELECT * FROM small s JOIN big b ON b.c = s.big_c', ['SET enable_hashjoin = off', 'SET enable_mergejoin = off', 'SET enable_material = off']);
    assert.ok(has(a, 'nested-loop-seq-scan'), a.insights.map((x) => x.id).join());
  });

  it('hash join beyond work_mem -> hash-batches', async () => {
    const a = await analysed('SELECT * FROM big b1 JOIN big b2 ON b2.c = b1.id', ["SET work_mem = '64kB'", 'SET enable_mergejoin = off']);
    assert.ok(has(a, 'hash-batches'), a.insights.map((x) => x.id).join());
  });

  it('hash aggregate beyond work_mem -> hashagg-spill', async () => {
    const a = await analysed('SELECT payload, count(*) FROM big GROUP BY payload', ["SET work_mem = '64kB'", 'SET enable_sort = off']);
    assert.ok(has(a, 'hashagg-spill'), a.insights.map((x) => x.id).join());
  });

  it('parallel plan without workers -> workers-not-launched', async () => {
    const a = await analysed('SELECT count(*) FROM big', ['SET max_parallel_workers = 0', 'SET parallel_setup_cost = 0', 'SET parallel_tuple_cost = 0', 'SET min_parallel_table_scan_size = 0', 'SET max_parallel_workers_per_gather = 2']);
    assert.ok(has(a, 'workers-not-launched'), a.insights.map((x) => x.id).join());
  });

  it('foreign-key checks without an index on the referencing column -> trigger-time', async () => {
    const a = await analysed('DELETE FROM parent WHERE id > 19000');
    const i = a.insights.find((x) => x.id === 'trigger-time');
    assert.ok(i, `${a.insights.map((x) => x.id).join()} triggers ${JSON.stringify(a.plan.triggers)}`);
    assert.match(i.advice, /foreign-key column/);
  });

  it('ORDER BY ... LIMIT over a whole table -> top-n-sort with an index on the filter then the sort keys', async () => {
    const a = await analysed('SELECT * FROM big WHERE b = 7 ORDER BY c DESC LIMIT 10');
    const i = a.insights.find((x) => x.id === 'top-n-sort');
    assert.ok(i, a.insights.map((x) => x.id).join());
    assert.equal(i.sql, 'CREATE INDEX CONCURRENTLY ON big (b, c DESC);');
  });

  it('a materialized CTE filtered after the fact -> late-filter (inline it)', async () => {
    const a = await analysed('WITH t AS MATERIALIZED (SELECT * FROM big) SELECT * FROM t WHERE id = 5');
    const i = a.insights.find((x) => x.id === 'late-filter');
    assert.ok(i, a.insights.map((x) => x.id).join());
    assert.match(i.advice, /NOT MATERIALIZED/);
  });

  it('two one-to-many tables joined and de-duplicated -> join-fan-out; a plain one-to-many count -> none', async () => {
    const fan = await analysed('SELECT c.parent_id, count(DISTINCT t.tag) FROM child c JOIN tags t ON t.parent_id = c.parent_id WHERE c.parent_id <= 10 GROUP BY c.parent_id');
    assert.ok(has(fan, 'join-fan-out'), fan.insights.map((x) => x.id).join());
    const plain = await analysed('SELECT p.id, count(*) FROM parent p JOIN child c ON c.parent_id = p.id GROUP BY p.id');
    assert.ok(!has(plain, 'join-fan-out'), plain.insights.map((x) => x.id).join());
  });

  it('an index scan over versions that were never vacuumed -> index-scan-bloat with VACUUM', async () => {
    const a = await analysed('SELECT * FROM churn WHERE id BETWEEN 1 AND 100', ['SET enable_seqscan = off', 'SET enable_bitmapscan = off']);
    const i = a.insights.find((x) => x.id === 'index-scan-bloat');
    assert.ok(i, `${a.insights.map((x) => x.id).join()} ${JSON.stringify(a.plan.root.buffers)}`);
    assert.equal(i.sql, 'VACUUM (ANALYZE, VERBOSE) churn;');
  });

  it('the foreign-key trigger names the referencing table and column, with the CREATE INDEX', async () => {
    const a = await analysed('DELETE FROM parent WHERE id > 19000');
    const i = a.insights.find((x) => x.id === 'trigger-time');
    assert.ok(i);
    assert.equal(i.sql, 'CREATE INDEX CONCURRENTLY ON child (parent_id);');
    assert.equal(a.insights[0].id, 'trigger-time', 'the trigger is where the time goes: it comes first');
  });

  it('containment filters -> a GIN index with the operator class the operator needs', async () => {
    const sqlFor = async (where: string): Promise<string | undefined> => {
      const a = await analysed(`SELECT id FROM docs WHERE ${where}`, ['SET max_parallel_workers_per_gather = 0']);
      return a.insights.find((x) => x.id === 'seq-scan-filter')?.sql;
    };
    assert.equal(await sqlFor(`body @> '{"kind": "k7"}'`), 'CREATE INDEX CONCURRENTLY ON docs USING gin (body jsonb_path_ops);');
    assert.equal(await sqlFor("body ? 'special'"), 'CREATE INDEX CONCURRENTLY ON docs USING gin (body);');
    assert.equal(await sqlFor("labels && ARRAY['l7']"), 'CREATE INDEX CONCURRENTLY ON docs USING gin (labels);');
  });

  it('a large result without LIMIT -> large-result; a primary-key lookup -> nothing at all', async () => {
    assert.ok(has(await analysed('SELECT * FROM big'), 'large-result'));
    assert.deepEqual((await analysed('SELECT * FROM big WHERE id = 42')).insights, []);
  });
});
