// The index advisor on a real PostgreSQL 15 workload read from pg_stat_statements (the library preloaded, HypoPG
// installed): a workload whose missing index is known — many calls of a filter on an unindexed column, from two
// different statements — gets exactly that index, once, with verified before/after costs weighted by calls;
// utility statements, DDL and a statement that no longer plans are skipped with their reasons; nothing changes
// (rows, indexes, hypothetical indexes, prepared statements); once the index exists nothing is recommended.
// Also: generic plans of $n statements on 15 (PREPARE), the CLI, and the messages when the extension is
// missing or its library not loaded.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { adviseFromPgStatStatements, adviseIndexes, type WorkloadAdvice, type WorkloadItem, type WorkloadResult } from '../../core/advisor/indexes';
import { connectPostgres } from '../../core/db/postgres-session';
import type { Session } from '../../core/db/session';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

const ROOT = join(__dirname, '..', '..');

const SCHEMA = `
  CREATE EXTENSION pg_stat_statements;
  CREATE EXTENSION hypopg;
  CREATE TABLE visits (id bigint PRIMARY KEY, user_id int NOT NULL, page text NOT NULL, at timestamptz NOT NULL);
  INSERT INTO visits SELECT g, g % 10000, '/p/' || (g % 50), timestamptz '2025-01-01' + g * interval '1 second' FROM generate_series(1, 100000) g;
  CREATE TABLE gone (id int);
  ANALYZE;`;

const BY_USER = 'SELECT * FROM visits WHERE user_id = $1';
const BY_USER_AND_PAGE = 'SELECT * FROM visits v WHERE v.user_id = $1 AND v.page <> $2';
const BY_ID = 'SELECT * FROM visits WHERE id = $1';
const FROM_GONE = 'SELECT * FROM gone WHERE id = $1';
const INDEX_SQL = 'CREATE INDEX CONCURRENTLY IF NOT EXISTS visits_user_id_idx ON public.visits (user_id);';

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', join(ROOT, 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function connect(cluster: TestCluster, database = 'postgres', app = 'pga-workload-test'): Promise<Session> {
  const connected = await connectPostgres({ host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database, sslmode: 'disable', applicationName: app });
  if ('failure' in connected) throw new Error(connected.failure.message);
  return connected.session;
}

function advised(result: WorkloadResult): Exclude<WorkloadResult, { unavailable: string }> {
  assert.ok(!('unavailable' in result), 'unavailable' in result ? result.unavailable : '');
  return result;
}

const itemFor = (advice: WorkloadAdvice, sql: string): WorkloadItem | undefined => advice.items.find((i) => i.statement.query === sql);

describe('index advisor on the pg_stat_statements workload of a real PostgreSQL', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;
  let advisor: Session;

  const snapshot = (): string => cluster!.psql("SELECT md5(string_agg(v::text, ',' ORDER BY id)) FROM visits v").trim();
  const indexes = (): string => cluster!.psql("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes WHERE schemaname = 'public'").trim();

  before(async function () {
    const started = await startCluster({ settings: { shared_preload_libraries: "'pg_stat_statements'" } });
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    const lib = join(cluster.binDir, '..', 'lib');
    if (!existsSync(join(lib, 'pg_stat_statements.so')) || !existsSync(join(lib, 'hypopg.so'))) skipOrFail(this, 'pg_stat_statements and HypoPG are needed for this server (Debian: postgresql-contrib, postgresql-15-hypopg)');
    cluster.psql(SCHEMA);
    cluster.psql('SELECT pg_stat_statements_reset()');
    // The workload, as an application sends it: parameters through the extended protocol.
    const app = await connect(cluster, 'postgres', 'pga-workload-app');
    try {
      for (let i = 0; i < 300; i++) await app.query(BY_USER, [i * 7]);
      for (let i = 0; i < 100; i++) await app.query(BY_USER_AND_PAGE, [i * 3, '/p/1']);
      for (let i = 0; i < 50; i++) await app.query(BY_ID, [i + 1]);
      for (let i = 0; i < 5; i++) await app.query(FROM_GONE, [i]);
      for (let i = 0; i < 3; i++) await app.query("SET work_mem = '8MB'");
      await app.query('CREATE TEMP TABLE scratch (x int)');
    } finally {
      await app.close();
    }
    cluster.psql('DROP TABLE gone');
    advisor = await connect(cluster);
  });

  after(async () => {
    await advisor?.close();
    cluster?.stop();
  });

  it('plans $n statements without values on PostgreSQL 15 (PREPARE with a generic plan), even an untyped $2', async () => {
    for (const sql of [BY_USER, 'SELECT * FROM visits WHERE user_id = $1 AND $2 IS NULL']) {
      const a = await adviseIndexes(advisor, sql);
      assert.equal(a.refused, undefined, a.refused);
      assert.equal(a.route, 'hypopg');
      const best = a.outcomes.find((o) => o.status === 'recommended');
      assert.equal(best?.sql, INDEX_SQL, JSON.stringify(a, null, 1));
      assert.ok(best.costAfter! <= a.costBefore! * 0.5, `${a.costBefore} -> ${best.costAfter}`);
    }
    const rolledBack = await adviseIndexes(advisor, BY_USER, { route: 'rollback', allowCreateIndex: true });
    assert.equal(rolledBack.outcomes.find((o) => o.status === 'recommended')?.sql, INDEX_SQL, JSON.stringify(rolledBack, null, 1));
    const prepared = await advisor.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements');
    assert.equal(prepared.rows[0].n, 0, 'every prepared statement was deallocated');
    assert.equal(indexes(), 'visits_pkey');
  });

  it('recommends the missing index once for the two statements it serves, weighted by their calls, changing nothing', async () => {
    const rowsBefore = snapshot();
    const advice = advised(await adviseFromPgStatStatements(advisor, { top: 500 }));
    assert.deepEqual(advice.indexes.map((i) => i.sql), [INDEX_SQL], JSON.stringify(advice.indexes, null, 1));
    const [index] = advice.indexes;
    assert.equal(index.route, 'hypopg');
    assert.deepEqual(index.statements.map((b) => [b.statement.query, b.statement.calls]), [[BY_USER, 300], [BY_USER_AND_PAGE, 100]]);
    for (const b of index.statements) {
      assert.ok(b.costBefore >= 100 && b.costAfter <= b.costBefore * 0.5, `${b.statement.query}: ${b.costBefore} -> ${b.costAfter}`);
      assert.equal(b.gainPerCall, b.costBefore - b.costAfter);
    }
    const expected = index.statements.reduce((sum, b) => sum + b.statement.calls * b.gainPerCall, 0);
    assert.ok(Math.abs(index.weightedGain - expected) < 1e-6 && index.weightedGain > 0);
    assert.ok((index.sizeBytes ?? 0) > 0);

    // The primary key already serves the lookup by id: advised, nothing recommended.
    const byId = itemFor(advice, BY_ID);
    assert.ok(byId && 'advice' in byId, JSON.stringify(byId));
    assert.deepEqual(byId.advice.outcomes.filter((o) => o.status === 'recommended'), []);
    // What cannot be planned is skipped, with why.
    const skipped = (sql: RegExp): string => {
      const item = advice.items.find((i) => sql.test(i.statement.query));
      assert.ok(item && 'skipped' in item, `${sql}: ${JSON.stringify(item)}`);
      return item.skipped;
    };
    assert.match(skipped(/^SELECT \* FROM gone/), /EXPLAIN failed: .*gone.* does not exist/);
    assert.match(skipped(/^SET work_mem/), /SET is not a query/);
    assert.match(skipped(/^CREATE TEMP TABLE/), /CREATE is not a query/);
    assert.match(skipped(/^SELECT pg_stat_statements_reset/), /reads no table/);
    // Heaviest first.
    const times = advice.items.map((i) => i.statement.totalTimeMs);
    assert.deepEqual(times, [...times].sort((a, b) => b - a));

    assert.equal(snapshot(), rowsBefore, 'no row changed');
    assert.equal(indexes(), 'visits_pkey', 'no index was created');
    const hypothetical = await advisor.query<{ n: number }>('SELECT count(*)::int AS n FROM hypopg_list_indexes');
    assert.equal(hypothetical.rows[0].n, 0, 'the hypothetical indexes were reset');
    const prepared = await advisor.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements');
    assert.equal(prepared.rows[0].n, 0);
  });

  it('--top and --min-calls choose the statements', async () => {
    const top = advised(await adviseFromPgStatStatements(advisor, { top: 1 }));
    assert.deepEqual(top.items.map((i) => i.statement.query), [BY_USER]);
    assert.deepEqual(top.source, { top: 1, minCalls: 1 });
    const frequent = advised(await adviseFromPgStatStatements(advisor, { minCalls: 100 }));
    assert.ok(frequent.items.every((i) => i.statement.calls >= 100), JSON.stringify(frequent.items.map((i) => [i.statement.calls, i.statement.query])));
    assert.ok(itemFor(frequent, BY_USER) && itemFor(frequent, BY_USER_AND_PAGE));
  });

  it('the CLI: JSON grouped by index, text with the statements it serves; usage errors', () => {
    const json = cli(['advise-indexes', '--db', cluster!.url(), '--from-pg-stat-statements', '--top', '500', '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const out = JSON.parse(json.stdout) as { source: { top: number; minCalls: number }; indexes: { sql: string; statements: { query: string; calls: number }[] }[]; statements: { query: string; skipped?: string }[] };
    assert.deepEqual(out.source, { view: 'pg_stat_statements', top: 500, minCalls: 1 });
    assert.deepEqual(out.indexes.map((i) => [i.sql, i.statements.map((s) => s.calls)]), [[INDEX_SQL, [300, 100]]]);
    assert.ok(out.statements.some((s) => s.query.startsWith('SET work_mem') && /not a query/.test(s.skipped ?? '')));
    const text = cli(['advise-indexes', '--db', cluster!.url(), '--from-pg-stat-statements', '--min-calls', '100']);
    assert.equal(text.status, 0, text.stderr);
    assert.ok(text.stdout.includes(INDEX_SQL), text.stdout);
    assert.match(text.stdout, /serves 2 statements \(400 calls\)/);
    const noDb = cli(['advise-indexes', '--from-pg-stat-statements']);
    assert.equal(noDb.status, 2);
    assert.match(noDb.stderr, /needs --db/);
    const withFile = cli(['advise-indexes', '--db', cluster!.url(), '--from-pg-stat-statements', 'queries.sql']);
    assert.equal(withFile.status, 2);
    assert.match(withFile.stderr, /give no file/);
  });

  it('says how to install the extension where it is missing', async () => {
    cluster!.psql('CREATE DATABASE no_statements');
    const other = await connect(cluster!, 'no_statements');
    try {
      const result = await adviseFromPgStatStatements(other);
      assert.ok('unavailable' in result);
      assert.match(result.unavailable, /CREATE EXTENSION pg_stat_statements/);
      assert.match(result.unavailable, /shared_preload_libraries = 'pg_stat_statements'/);
    } finally {
      await other.close();
    }
    const r = cli(['advise-indexes', '--db', cluster!.url('no_statements'), '--from-pg-stat-statements']);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /CREATE EXTENSION pg_stat_statements/);
  });

  it('recommends nothing once the index exists', async () => {
    cluster!.psql('CREATE INDEX visits_user_id_idx ON visits (user_id)');
    const advice = advised(await adviseFromPgStatStatements(advisor, { top: 500 }));
    assert.deepEqual(advice.indexes, []);
    const byUser = itemFor(advice, BY_USER);
    assert.ok(byUser && 'advice' in byUser);
    assert.deepEqual(byUser.advice.covered.map((c) => c.existing), ['visits_user_id_idx']);
    assert.equal(indexes(), 'visits_pkey,visits_user_id_idx');
  });
});

describe('index advisor on pg_stat_statements when the server does not load its library', function () {
  this.timeout(120_000);
  let cluster: TestCluster | undefined;

  before(async function () {
    const started = await startCluster({ settings: { shared_preload_libraries: "''" } });
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    if (!existsSync(join(cluster.binDir, '..', 'lib', 'pg_stat_statements.so'))) skipOrFail(this, 'pg_stat_statements is not installed for this server (Debian: postgresql-contrib)');
    cluster.psql('CREATE EXTENSION pg_stat_statements');
  });
  after(() => cluster?.stop());

  it('says to add it to shared_preload_libraries', async () => {
    const session = await connect(cluster!);
    try {
      const result = await adviseFromPgStatStatements(session);
      assert.ok('unavailable' in result, JSON.stringify(result));
      assert.match(result.unavailable, /installed but not loaded: .*shared_preload_libraries = 'pg_stat_statements'/);
    } finally {
      await session.close();
    }
  });
});
