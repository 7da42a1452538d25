// The index advisor on the embedded PostgreSQL (PGlite): candidates tried with a real CREATE INDEX inside a
// transaction that is rolled back (no index remains), a partial index where a rare status calls for it, and a
// clear note instead of silence when the tables are empty.
import { strict as assert } from 'node:assert';
import { openEmbedded, type EmbeddedDatabase } from '../../core/db/embedded';
import { adviseIndexes, type StatementAdvice } from '../../core/advisor/indexes';

const SCHEMA = {
  path: 'migrations/001_jobs.sql',
  text: `CREATE TABLE jobs (id bigint PRIMARY KEY, account_id bigint NOT NULL, status text NOT NULL, run_at timestamptz NOT NULL, payload text NOT NULL);
CREATE TABLE empty_jobs (id bigint PRIMARY KEY, account_id bigint NOT NULL);`,
};

const recommended = (a: StatementAdvice) => a.outcomes.filter((o) => o.status === 'recommended');

describe('index advisor on the embedded PostgreSQL (PGlite)', function () {
  this.timeout(180_000);
  let db: EmbeddedDatabase;

  before(async () => {
    db = await openEmbedded(undefined, [SCHEMA]);
    await db.session.query(`INSERT INTO jobs SELECT g, g % 5000, CASE WHEN g % 200 = 0 THEN 'queued' ELSE 'done' END,
      timestamptz '2025-01-01' + g * interval '1 second', repeat('x', 40) FROM generate_series(1, 60000) g`);
    await db.session.query('ANALYZE jobs');
  });
  after(() => db?.session.close());

  const indexes = async (): Promise<string[]> => (await db.session.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'jobs' ORDER BY 1")).rows.map((r) => r.indexname);

  it('equality: verified with a rolled-back CREATE INDEX, nothing left behind', async () => {
    const a = await adviseIndexes(db.session, 'SELECT * FROM jobs WHERE account_id = 17');
    assert.equal(a.route, 'rollback');
    const [best] = recommended(a);
    assert.ok(best, JSON.stringify(a, null, 1));
    assert.equal(best.sql, 'CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_account_id_idx ON public.jobs (account_id);');
    assert.ok(best.costAfter! <= a.costBefore! * 0.5, `${a.costBefore} -> ${best.costAfter}`);
    assert.ok((best.sizeBytes ?? 0) > 0);
    assert.deepEqual(await indexes(), ['jobs_pkey']);
  });

  it('a rare status with ORDER BY ... LIMIT: the partial index wins', async () => {
    const a = await adviseIndexes(db.session, "SELECT * FROM jobs WHERE status = 'queued' ORDER BY run_at LIMIT 50");
    const [best] = recommended(a);
    assert.ok(best, JSON.stringify(a, null, 1));
    assert.equal(best.sql, "CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_run_at_queued_idx ON public.jobs (run_at) WHERE status = 'queued';");
    assert.equal(best.usedBy?.nodeType, 'Index Scan');
    assert.deepEqual(await indexes(), ['jobs_pkey']);
  });

  it('$n parameters without values: a generic plan (PREPARE), an untyped $2 included', async () => {
    for (const sql of ['SELECT * FROM jobs WHERE account_id = $1', 'SELECT * FROM jobs WHERE account_id = $1 AND $2 IS NULL']) {
      const a = await adviseIndexes(db.session, sql);
      assert.equal(a.refused, undefined, a.refused);
      assert.equal(recommended(a)[0]?.sql, 'CREATE INDEX CONCURRENTLY IF NOT EXISTS jobs_account_id_idx ON public.jobs (account_id);', JSON.stringify(a, null, 1));
    }
    assert.deepEqual(await indexes(), ['jobs_pkey']);
  });

  it('empty tables: says so instead of recommending nothing silently', async () => {
    const a = await adviseIndexes(db.session, 'SELECT * FROM empty_jobs WHERE account_id = 17');
    assert.deepEqual(recommended(a), []);
    assert.match(a.notes.join('\n'), /empty_jobs has no rows or no statistics: on empty tables the planner rarely prefers an index/);
    assert.match(a.notes.join('\n'), /--import-stats-from/);
  });
});
