// The embedded PostgreSQL in a worker thread (the extension host's way: core/db/pglite-worker-session.ts): the
// same database as in-thread PGlite, reused across starts from its data directory, PostgreSQL's errors with their
// fields, and a clear message once the worker is gone. Runs the bundled worker (dist/pglite-worker.js).
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbedded } from '../../core/db/embedded';
import { runExplain } from '../../core/db/explain-runner';
import { openPgliteInWorker } from '../../core/db/pglite-worker-session';

const WORKER = join(__dirname, '..', '..', 'dist', 'pglite-worker.js');
const SCHEMA = { path: 'migrations/001_shop.sql', text: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric);' };

describe('embedded PostgreSQL in a worker thread', function () {
  this.timeout(180_000);
  before(function () {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build first`);
  });
  const open = (dir: string | undefined) => openPgliteInWorker(WORKER, dir);

  it('holds the schema, explains on it, and keeps it in its data directory for the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pga-worker-'));
    const db = await openEmbedded(dataDir, [SCHEMA], open);
    try {
      assert.equal(db.session.serverVersion, 18);
      assert.equal(db.filesApplied, 1);
      const outcome = await runExplain(db.session, { sql: 'SELECT * FROM orders WHERE customer_id = $1', analyze: false, parameters: ['7'] });
      assert.ok('plan' in outcome, JSON.stringify(outcome));
      assert.equal(outcome.plan.root.relationName, 'orders');
      // Values of every kind cross the thread: numbers, text, booleans, arrays, JSON, NULL.
      const row = (await db.session.query<Record<string, unknown>>("SELECT 1::int AS i, 'x'::text AS t, true AS b, ARRAY[1, 2] AS a, '{\"k\": [1]}'::jsonb AS j, NULL::text AS n, $1::text AS p", ['param'])).rows[0];
      assert.deepEqual(row, { i: 1, t: 'x', b: true, a: [1, 2], j: { k: [1] }, n: null, p: 'param' });
    } finally {
      await db.session.close();
    }
    const again = await openEmbedded(dataDir, [SCHEMA], open);
    try {
      assert.equal(again.filesApplied, 0, 'the schema was kept: nothing applied again');
      assert.equal((await again.session.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_class WHERE relname = 'orders'")).rows[0].n, 1);
    } finally {
      await again.session.close();
    }
  });

  it("passes PostgreSQL's errors with their code and position, and goes on after them", async () => {
    const session = await open(undefined);
    try {
      await assert.rejects(session.query('SELECT * FROM missing_table'), (e: Error & { code?: string; position?: string }) => {
        assert.match(e.message, /relation "missing_table" does not exist/);
        assert.equal(e.code, '42P01');
        assert.equal(e.position, '15');
        return true;
      });
      assert.deepEqual((await session.query('SELECT 2 AS two')).rows, [{ two: 2 }]);
      const snapshot = await session.snapshot!();
      assert.ok(snapshot.size > 1_000_000, `a data directory tar (${snapshot.size} bytes)`);
    } finally {
      await session.close();
    }
    await assert.rejects(session.query('SELECT 1'), /embedded PostgreSQL was closed/);
  });

  it('cancels a running statement: it fails as cancelled, and the next query finds the database with what was committed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pga-worker-cancel-'));
    const session = await open(dataDir);
    try {
      await session.query('CREATE TABLE kept (id int)');
      await session.query('INSERT INTO kept VALUES (1)');
      assert.equal(await session.cancel(), 'idle', 'nothing runs: nothing to cancel');
      // Minutes of work for PGlite: only the cancel ends it.
      const long = session.query('SELECT count(*) FROM generate_series(1, 2000000000) AS g, generate_series(1, 1000) AS h').catch((e: unknown) => e);
      assert.equal(await session.cancel(), 'cancelled');
      const error = (await long) as Error & { code?: string };
      assert.equal(error.code, '57014');
      assert.match(error.message, /canceling statement/);
      assert.deepEqual((await session.query('SELECT count(*)::int AS n FROM kept')).rows, [{ n: 1 }], 'started again from its data directory');
    } finally {
      await session.close();
    }
    // In memory there is nothing to start again from: the session says it ended.
    const memory = await open(undefined);
    const running = memory.query('SELECT count(*) FROM generate_series(1, 2000000000) AS g, generate_series(1, 1000) AS h').catch((e: unknown) => e);
    assert.equal(await memory.cancel(), 'cancelled');
    assert.equal(((await running) as { code?: string }).code, '57014');
    await assert.rejects(memory.query('SELECT 1'), /stopped to cancel a statement/);
    await memory.close();
  });

  it('says so when the worker cannot start PostgreSQL, and leaves no worker behind', async () => {
    await assert.rejects(openPgliteInWorker(WORKER, undefined, { module: 'no-such-pglite-module' }), /no-such-pglite-module/);
  });
});
