// One advisor behind the plan's insights and "Advise Indexes": on the embedded PostgreSQL with data, the index an
// insight proposes is the one the advisor verified for the same statement (or the insight says no index pays).
import { strict as assert } from 'node:assert';
import { openEmbedded, type EmbeddedDatabase } from '../../core/db/embedded';
import { runExplain } from '../../core/db/explain-runner';
import { analyzePlan } from '../../core/explain/analyze';
import { initParser } from '../../core/parse/parser';
import { adviseIndexes, advisedPlan, proposesIndex } from '../../core/advisor/indexes';

const SCHEMA = {
  path: 'migrations/001_jobs.sql',
  text: `CREATE TABLE jobs (id bigint PRIMARY KEY, account_id bigint NOT NULL, status text NOT NULL, run_at timestamptz NOT NULL, payload text NOT NULL);
CREATE TABLE empty_jobs (id bigint PRIMARY KEY, account_id bigint NOT NULL, payload text);`,
};

describe('plan insights and the index advisor agree (PGlite)', function () {
  this.timeout(180_000);
  let db: EmbeddedDatabase;

  before(async () => {
    await initParser();
    db = await openEmbedded(undefined, [SCHEMA]);
    await db.session.query(`INSERT INTO jobs SELECT g, g % 5000, CASE WHEN g % 200 = 0 THEN 'queued' ELSE 'done' END,
      timestamptz '2025-01-01' + g * interval '1 second', repeat('x', 40) FROM generate_series(1, 60000) g`);
    await db.session.query('ANALYZE jobs');
  });
  after(() => db?.session.close());

  async function plan(sql: string, emptyTables = false) {
    const outcome = await runExplain(db.session, { sql, analyze: true });
    assert.ok('plan' in outcome, JSON.stringify(outcome));
    return analyzePlan(outcome.plan, { emptyTables });
  }

  it('ORDER BY ... LIMIT over a rare status: the insight proposes the partial index the advisor verified', async () => {
    const sql = "SELECT * FROM jobs WHERE status = 'queued' ORDER BY run_at LIMIT 50";
    const analysis = await plan(sql);
    const before = analysis.insights.find((i) => i.id === 'top-n-sort');
    assert.ok(before?.index, JSON.stringify(analysis.insights, null, 1));
    // The plan alone sees an equality and a sort key: (status, run_at).
    assert.deepEqual(before.index.columns, ['status', 'run_at']);
    const advice = await adviseIndexes(db.session, sql);
    const { analysis: verified } = advisedPlan(analysis, advice);
    const after = verified.insights.find((i) => i.id === 'top-n-sort');
    const best = advice.outcomes.find((o) => o.status === 'recommended');
    assert.ok(best && after);
    assert.equal(after.sql, best.sql);
    assert.equal(after.sql, "CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_run_at_queued_idx ON public.jobs (run_at) WHERE status = 'queued';");
    assert.match(after.advice, /^Verified by the planner \(rollback\): jobs_run_at_queued_idx .*estimated cost \d+\.\d → \d+\.\d/);
    assert.match(after.advice, /The plan alone suggested \(status, run_at\)/);
    assert.equal(verified.insights.length, analysis.insights.length);
  });

  it('a Seq Scan filtering on one column: the same index either way, now with its verified cost', async () => {
    const sql = 'SELECT * FROM jobs WHERE account_id = 17';
    const analysis = await plan(sql);
    assert.ok(proposesIndex(analysis.insights), JSON.stringify(analysis.insights, null, 1));
    const { analysis: verified, advice } = advisedPlan(analysis, await adviseIndexes(db.session, sql));
    const insight = verified.insights.find((i) => i.id === 'seq-scan-filter');
    assert.equal(insight?.sql, advice.outcomes.find((o) => o.status === 'recommended')?.sql);
    assert.doesNotMatch(insight?.advice ?? '', /plan alone suggested/);
  });

  it('empty tables: the advisor cannot verify, so the insight says so and shows the advisor\'s candidate', async () => {
    await db.session.query("INSERT INTO empty_jobs SELECT g, g % 100, 'x' FROM generate_series(1, 20000) g");
    try {
      // Rows for the plan, but no statistics and then no rows for the advisor: the embedded database's usual case.
      const sql = 'SELECT * FROM empty_jobs WHERE account_id = 17';
      const analysis = await plan(sql, true);
      await db.session.query('TRUNCATE empty_jobs');
      const { analysis: verified, advice } = advisedPlan(analysis, await adviseIndexes(db.session, sql));
      assert.deepEqual(advice.emptyTables, ['public.empty_jobs']);
      const insight = verified.insights.find((i) => i.index !== undefined);
      assert.ok(insight, JSON.stringify(verified.insights, null, 1));
      assert.match(insight.advice, /not verified: the table has no rows or statistics here/);
      assert.equal(insight.sql, advice.outcomes[0]?.sql);
    } finally {
      await db.session.query('TRUNCATE empty_jobs');
    }
  });
});
