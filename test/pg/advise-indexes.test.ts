// The index advisor against a real PostgreSQL with 200k rows: it recommends exactly the index the data calls for
// (equality, equality + range, ORDER BY ... LIMIT), verified by the planner with HypoPG and with a real
// CREATE INDEX that is rolled back (no index remains), nothing where an index does not pay (low selectivity)
// or where an existing index already serves; the CLI, on the server and on the embedded database with imported
// statistics.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adviseIndexes, type AdviseOptions, type StatementAdvice } from '../../core/advisor/indexes';
import { connectPostgres } from '../../core/db/postgres-session';
import type { Session } from '../../core/db/session';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

const ROOT = join(__dirname, '..', '..');

const SCHEMA = `
  CREATE TABLE orders (
    id bigint PRIMARY KEY,
    customer_id bigint NOT NULL,
    region text NOT NULL,
    status text NOT NULL,
    flag boolean NOT NULL,
    created_at timestamptz NOT NULL,
    total numeric NOT NULL,
    note text NOT NULL
  );
  CREATE INDEX orders_region_created_at_idx ON orders (region, created_at);`;

const DATA = `
  INSERT INTO orders
  SELECT g, g % 20000, 'r' || (g % 1000), CASE WHEN g % 100 = 0 THEN 'pending' ELSE 'done' END, g % 2 = 0,
         timestamptz '2025-01-01' - g * interval '1 minute', g % 977,
         CASE WHEN g % 1000 = 0 THEN 'gift wrap #' ELSE 'order #' END || g
    FROM generate_series(1, 200000) g;
  ANALYZE orders;`;

const EQUALITY = 'SELECT * FROM orders WHERE customer_id = 4242';
const EQUALITY_RANGE = "SELECT * FROM orders WHERE created_at > timestamptz '2024-11-01' AND customer_id = 4242";
const ORDER_LIMIT = 'SELECT * FROM orders ORDER BY created_at DESC LIMIT 10';
const LOW_SELECTIVITY = 'SELECT * FROM orders WHERE flag';
const COVERED = "SELECT * FROM orders WHERE region = 'r7'";

function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', join(ROOT, 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const recommended = (a: StatementAdvice) => a.outcomes.filter((o) => o.status === 'recommended');
const columns = (a: StatementAdvice): string[][] => recommended(a).map((o) => o.candidate.columns.map((c) => c.column));

describe('index advisor on a real PostgreSQL', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;
  let session: Session;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    cluster.psql(SCHEMA + DATA);
    const connected = await connectPostgres({ host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: 'postgres', sslmode: 'disable', applicationName: 'pga-advise-test' });
    if ('failure' in connected) throw new Error(connected.failure.message);
    session = connected.session;
  });
  after(async () => {
    await session?.close();
    cluster?.stop();
  });

  const indexesLeft = (): string[] => cluster!.psql("SELECT indexname FROM pg_indexes WHERE tablename = 'orders' ORDER BY 1").trim().split('\n');
  const ORIGINAL = ['orders_pkey', 'orders_region_created_at_idx'];

  function assertGain(a: StatementAdvice): void {
    const [best] = recommended(a);
    assert.ok(best && best.costAfter !== undefined && a.costBefore !== undefined, JSON.stringify(a, null, 1));
    assert.ok(a.costBefore >= 100);
    assert.ok(best.costAfter <= a.costBefore * 0.5, `cost ${a.costBefore} -> ${best.costAfter}`);
    assert.ok(best.usedBy && /Index/.test(best.usedBy.nodeType), `used by ${best.usedBy?.nodeType}`);
    assert.ok((best.sizeBytes ?? 0) > 0, 'estimated size');
  }

  describe('real CREATE INDEX in a rolled-back transaction', () => {
    const options: AdviseOptions = { route: 'rollback', allowCreateIndex: true };

    it('equality: (customer_id), cost at least halved, nothing left behind', async () => {
      const a = await adviseIndexes(session, EQUALITY, options);
      assert.equal(a.route, 'rollback');
      assert.deepEqual(columns(a), [['customer_id']]);
      assertGain(a);
      assert.equal(recommended(a)[0].sql, 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public.orders (customer_id);');
      assert.deepEqual(indexesLeft(), ORIGINAL);
    });

    it('equality + range: (customer_id, created_at), equality first', async () => {
      const a = await adviseIndexes(session, EQUALITY_RANGE, options);
      assert.deepEqual(columns(a), [['customer_id', 'created_at']]);
      assertGain(a);
      assert.deepEqual(indexesLeft(), ORIGINAL);
    });

    it('ORDER BY ... LIMIT: (created_at), read by an Index Scan', async () => {
      const a = await adviseIndexes(session, ORDER_LIMIT, options);
      assert.deepEqual(columns(a), [['created_at']]);
      assertGain(a);
      assert.equal(recommended(a)[0].usedBy?.nodeType, 'Index Scan');
    });

    it('low selectivity (half the rows): tried and rejected, nothing recommended', async () => {
      const a = await adviseIndexes(session, LOW_SELECTIVITY, options);
      assert.ok(a.outcomes.length > 0, 'a candidate was tried');
      assert.deepEqual(recommended(a), []);
      assert.ok(a.outcomes.every((o) => o.status === 'rejected'));
      assert.match(a.notes.join('\n'), /prefers the current plan/);
      assert.deepEqual(indexesLeft(), ORIGINAL);
    });

    it('an existing index already serves the query: no candidate at all', async () => {
      const a = await adviseIndexes(session, COVERED, options);
      assert.deepEqual(a.outcomes, []);
      assert.deepEqual(a.covered.map((c) => c.existing), ['orders_region_created_at_idx']);
    });

    it('on a server, a real CREATE INDEX needs permission: otherwise the candidates are left unverified', async () => {
      const a = await adviseIndexes(session, EQUALITY, { route: 'rollback' });
      assert.equal(a.route, 'none');
      assert.ok(a.outcomes.length > 0 && a.outcomes.every((o) => o.status === 'unverified'));
      assert.match(a.notes.join('\n'), /--allow-create-index/);
    });

    it('trigram GIN for LIKE \'%x%\' when pg_trgm is installed', async () => {
      cluster!.psql('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      const a = await adviseIndexes(session, "SELECT * FROM orders WHERE note LIKE '%gift%'", options);
      assert.deepEqual(recommended(a).map((o) => o.sql), ['CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_trgm_idx ON public.orders USING gin (note gin_trgm_ops);']);
      assertGain(a);
      assert.deepEqual(indexesLeft(), ORIGINAL);
    });
  });

  describe('HypoPG', () => {
    before(function () {
      if (!existsSync(join(cluster!.binDir, '..', 'lib', 'hypopg.so'))) skipOrFail(this, 'HypoPG is not installed for this server (Debian: postgresql-15-hypopg); the rolled-back CREATE INDEX route is tested above');
      cluster!.psql('CREATE EXTENSION IF NOT EXISTS hypopg');
    });

    it('the same recommendations from hypothetical indexes, with hypopg_relation_size', async () => {
      for (const [sql, expected] of [
        [EQUALITY, [['customer_id']]],
        [EQUALITY_RANGE, [['customer_id', 'created_at']]],
        [ORDER_LIMIT, [['created_at']]],
      ] as const) {
        const a = await adviseIndexes(session, sql, {});
        assert.equal(a.route, 'hypopg', sql);
        assert.deepEqual(columns(a), expected, sql);
        assertGain(a);
        assert.equal(recommended(a)[0].route, 'hypopg');
      }
      const low = await adviseIndexes(session, LOW_SELECTIVITY, {});
      assert.deepEqual(recommended(low), []);
      const left = await session.query<{ n: number }>('SELECT count(*)::int AS n FROM hypopg_list_indexes');
      assert.equal(left.rows[0].n, 0, 'hypopg_reset ran');
      assert.deepEqual(indexesLeft(), ORIGINAL);
    });

    it('the thresholds are options', async () => {
      const a = await adviseIndexes(session, EQUALITY, { minCost: 1e9 });
      assert.deepEqual(recommended(a), []);
      assert.match(a.notes.join('\n'), /below 1000000000/);
    });
  });

  describe('the CLI', () => {
    it('advise-indexes --db: JSON with the recommendation per statement', () => {
      const dir = mkdtempSync(join(tmpdir(), 'pga-advise-'));
      const file = join(dir, 'queries.sql');
      writeFileSync(file, `${EQUALITY};\n\n${LOW_SELECTIVITY};\n`);
      const r = cli(['advise-indexes', '--db', cluster!.url(), '--format', 'json', file]);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout) as { line: number; recommendations: { sql: string; columns: string[] }[] }[];
      assert.deepEqual(out.map((s) => [s.line, s.recommendations.map((x) => x.columns)]), [[1, [['customer_id']]], [3, []]]);
      const text = cli(['advise-indexes', '--db', cluster!.url(), file]);
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, /RECOMMENDED: CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON public\.orders \(customer_id\);/);
      assert.match(text.stdout, /No index recommended for this statement/);
    });

    it('embedded database: says the tables are empty; with --import-stats-from it recommends the index', function () {
      const dir = mkdtempSync(join(tmpdir(), 'pga-advise-embedded-'));
      writeFileSync(join(dir, '001_orders.sql'), SCHEMA);
      const file = join(dir, 'query.sql.txt');
      writeFileSync(file, EQUALITY + ';\n');
      const env = { XDG_CACHE_HOME: join(dir, 'cache') };
      const empty = cli(['advise-indexes', '--schema', dir, file], env);
      assert.equal(empty.status, 0, empty.stderr);
      assert.match(empty.stdout, /on empty tables the planner rarely prefers an index/);
      assert.match(empty.stdout, /--import-stats-from/);
      const imported = cli(['advise-indexes', '--schema', dir, '--import-stats-from', cluster!.url(), '--format', 'json', file], env);
      assert.equal(imported.status, 0, imported.stderr);
      const [advice] = JSON.parse(imported.stdout) as { route: string; costBefore: number; recommendations: { columns: string[]; costAfter: number }[] }[];
      assert.equal(advice.route, 'rollback');
      assert.deepEqual(advice.recommendations.map((x) => x.columns), [['customer_id']]);
      assert.ok(advice.recommendations[0].costAfter <= advice.costBefore * 0.5);
    });
  });
});
