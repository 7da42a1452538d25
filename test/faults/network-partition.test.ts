// Hardening, item 7: a connection that stops forwarding in the middle of a run (a network partition) must not
// hang the CLI: --timeout is a client-side deadline too, and on expiry the query is stopped on the server
// through a second connection before the first is dropped. Ctrl-C cancels the query on the server before
// exiting. A proxy on loopback (test/helpers/tcp-proxy.ts) stands between the CLI and a real cluster and
// partitions on cue; what the server still runs is read from pg_stat_activity on the cluster itself.
// Also item 11: `db-check --timeout 0.001` gives a message, not a stack trace.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectPostgres, failureOf } from '../../core/db/postgres-session';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { skipOrFail } from '../helpers/requirements';

const ROOT = join(__dirname, '..', '..');
/** Only so that a regression fails instead of hanging the suite; nothing here asserts a duration. */
const HANG_BOUND_MS = 60_000;

interface Exit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Still running at HANG_BOUND_MS (then killed). */
  readonly hung: boolean;
}

/** The CLI in a child process (asynchronously: the proxy lives in this one and must keep running). */
function startCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, ['-r', 'tsx/cjs', join(ROOT, 'cli', 'main.ts'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  let hung = false;
  const guard = setTimeout(() => {
    hung = true;
    child.kill('SIGKILL');
  }, HANG_BOUND_MS);
  const exit = new Promise<Exit>((resolve) => {
    child.on('close', (status, signal) => {
      clearTimeout(guard);
      resolve({ status, signal, stdout, stderr, hung });
    });
  });
  return { child, exit };
}

function sqlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pga-partition-'));
  const file = join(dir, 'query.sql');
  writeFileSync(file, text);
  return file;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits for the partition; a CLI that ended before it fails the test with its output. */
async function partitionedBefore(partitioned: Promise<void>, exit: Promise<Exit>): Promise<void> {
  const first = await Promise.race([partitioned.then(() => undefined), exit]);
  if (first) assert.fail(`the CLI ended before the partition (status ${first.status}): ${first.stdout}${first.stderr}`);
}

describe('faults: a network partition or Ctrl-C never leaves the CLI hanging or the query running', function () {
  this.timeout(180_000);
  let cluster: TestCluster | undefined;
  let proxy: TcpProxy | undefined;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    cluster.psql('CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint, status text)');
    cluster.psql("INSERT INTO orders SELECT g, g % 500, 'new' FROM generate_series(1, 20000) g");
    cluster.psql('ANALYZE orders');
  });
  beforeEach(async () => {
    if (cluster) proxy = await startTcpProxy(cluster);
  });
  afterEach(async () => {
    await proxy?.close();
    // Whatever a failed test left behind must not confuse the next one.
    cluster?.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE 'pg-architect%'");
  });
  after(() => cluster?.stop());

  const viaProxy = (): string => `postgres://${cluster!.user}:${encodeURIComponent(cluster!.password)}@${proxy!.host}:${proxy!.port}/postgres?sslmode=disable`;
  const target = (): RegExp => new RegExp(`No answer from postgres@127\\.0\\.0\\.1:${proxy!.port}/postgres within \\d+(\\.\\d+)? s: the connection was dropped`);

  /** The sessions of an application on the server (pid, state, query), read on the cluster directly. */
  function backends(application: string): string {
    return cluster!.psql(`SELECT pid, state, query FROM pg_stat_activity WHERE application_name = '${application}'`).trim();
  }
  /** Waits (boundedly) until the application has no session on the server; what is left otherwise. */
  async function gone(application: string): Promise<string> {
    for (let i = 0; i < 50; i++) {
      const left = backends(application);
      if (left === '') return '';
      await sleep(200);
    }
    return backends(application);
  }
  async function until(condition: () => boolean): Promise<void> {
    for (let i = 0; i < 150 && !condition(); i++) await sleep(200);
    assert.ok(condition(), 'the condition never held');
  }
  function assertClean(r: Exit): void {
    assert.ok(!r.hung, `the CLI hung: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, 'a stack trace');
    assert.ok(!(r.stdout + r.stderr).includes(cluster!.password), 'the password was printed');
  }

  it('explain --analyze --timeout 2: partition after the query was sent; it is cancelled on the server through a new connection', async () => {
    const partitioned = proxy!.partitionWhenClientSends('EXPLAIN (ANALYZE', 'forwarded');
    const { exit } = startCli(['explain', sqlFile('SELECT pg_sleep(30);\n'), '--analyze', '--timeout', '2', '--db', viaProxy()]);
    await partitionedBefore(partitioned, exit);
    // The server runs it, and its answer will be lost.
    await until(() => /active\|EXPLAIN.*pg_sleep/.test(backends('pg-architect explain')));
    const r = await exit;
    assertClean(r);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, target());
    assert.match(r.stderr, /the query was cancelled on the server/);
    assert.equal(await gone('pg-architect explain'), '', 'the session (and its transaction) stayed on the server');
  });

  it('explain --analyze --timeout 2: a full partition (no new connection gets through) says the query may still run', async () => {
    const partitioned = proxy!.partitionWhenClientSends('EXPLAIN (ANALYZE', 'held');
    const { exit } = startCli(['explain', sqlFile('SELECT pg_sleep(30);\n'), '--analyze', '--timeout', '2', '--db', viaProxy()]);
    await partitionedBefore(partitioned, exit);
    const r = await exit;
    assertClean(r);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, target());
    assert.match(r.stderr, /could not be cancelled: the server may still run it/);
  });

  it('db-check --timeout 5: partition inside a check\'s transaction; the CLI stops with the message and nothing stays open on the server', async () => {
    const partitioned = proxy!.partitionWhenClientSends('BEGIN READ ONLY', 'forwarded');
    const { exit } = startCli(['db-check', '--timeout', '5', '--db', viaProxy()]);
    await partitionedBefore(partitioned, exit);
    // The server has the transaction open: before the fix it stayed "idle in transaction" for good.
    assert.match(backends('pg-architect db-check'), /idle in transaction/);
    const r = await exit;
    assertClean(r);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, target());
    assert.match(r.stderr, /cancelled on the server/);
    assert.equal(await gone('pg-architect db-check'), '');
  });

  it('advise-indexes --timeout 3: partition after the first EXPLAIN was sent', async () => {
    const partitioned = proxy!.partitionWhenClientSends('EXPLAIN', 'forwarded');
    const { exit } = startCli(['advise-indexes', sqlFile("SELECT * FROM orders WHERE status = 'new' AND customer_id = 7;\n"), '--timeout', '3', '--db', viaProxy()]);
    await partitionedBefore(partitioned, exit);
    const r = await exit;
    assertClean(r);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stdout + r.stderr, target());
    assert.equal(await gone('pg-architect advise-indexes'), '');
  });

  it('Ctrl-C during explain --analyze cancels the query on the server, then exits 130', async () => {
    const { child, exit } = startCli(['explain', sqlFile('SELECT pg_sleep(60);\n'), '--analyze', '--db', cluster!.url() + '?sslmode=disable']);
    await until(() => /active\|EXPLAIN.*pg_sleep/.test(backends('pg-architect explain')));
    child.kill('SIGINT');
    const r = await exit;
    assertClean(r);
    assert.equal(r.status, 130, `status ${r.status}, signal ${r.signal}: ${r.stderr}`);
    assert.match(r.stderr, /interrupted/);
    assert.equal(await gone('pg-architect explain'), '', 'the query kept running on the server');
  });

  it('a session without any timeout (the extension with statementTimeoutSeconds 0): Cancel ends a query whose connection is partitioned', async () => {
    const connected = await connectPostgres({ host: proxy!.host, port: proxy!.port, user: cluster!.user, password: cluster!.password, database: 'postgres', sslmode: 'disable', applicationName: 'pg-architect cancel' });
    assert.ok('session' in connected);
    const session = connected.session;
    try {
      const partitioned = proxy!.partitionWhenClientSends('pg_sleep', 'forwarded');
      const running = session.query('SELECT pg_sleep(30)').then(
        () => undefined,
        (e: unknown) => e,
      );
      await partitioned;
      await until(() => /active\|SELECT pg_sleep/.test(backends('pg-architect cancel')));
      await session.cancel();
      const error = await running;
      assert.match(failureOf(error)?.message ?? String(error), /the connection was dropped; the query was cancelled on the server/);
      assert.equal(await gone('pg-architect cancel'), '');
    } finally {
      await session.close();
    }
  });

  it('db-check --timeout 0.001: a clear message, no stack trace', async () => {
    const { exit } = startCli(['db-check', '--timeout', '0.001', '--db', cluster!.url() + '?sslmode=disable']);
    const r = await exit;
    assertClean(r);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^pg-architect db-check: .*timeout/m);
  });
});
