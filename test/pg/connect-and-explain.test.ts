// Connections and EXPLAIN against a real PostgreSQL: each failure gives its own clear message without the
// password, nothing is left open (pg_stat_activity), cancellation and timeouts stop the query on the server,
// EXPLAIN ANALYZE of DML never changes data, and statistics restore into the embedded database.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectPostgres, type ConnectionOptions } from '../../core/db/postgres-session';
import { runExplain } from '../../core/db/explain-runner';
import { openEmbedded, relationSizer } from '../../core/db/embedded';
import { importStatistics } from '../../core/db/import-statistics';
import type { Session } from '../../core/db/session';
import { freePort, startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

const APP = 'pga-connect-test';

describe('connections and explain on a real PostgreSQL', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;
  let options: ConnectionOptions;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    options = { host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: 'postgres', sslmode: 'disable', applicationName: APP };
    cluster.psql(`CREATE TABLE accounts (id bigint PRIMARY KEY, plan text NOT NULL, balance int NOT NULL);
      INSERT INTO accounts SELECT g, CASE WHEN g % 10 = 0 THEN 'pro' ELSE 'free' END, g % 1000 FROM generate_series(1, 50000) g;
      ANALYZE accounts;`);
  });
  after(() => cluster?.stop());

  /** Our sessions still on the server: none may be left behind, and none idle in a transaction. */
  function leftovers(): string {
    return cluster!.psql(`SELECT count(*) FILTER (WHERE state LIKE 'idle in transaction%') || '/' || count(*) FROM pg_stat_activity WHERE application_name = '${APP}' AND pid <> pg_backend_pid()`).trim();
  }

  async function connect(extra: Partial<ConnectionOptions> = {}): Promise<Session> {
    const r = await connectPostgres({ ...options, ...extra });
    if ('failure' in r) throw new Error(r.failure.message);
    return r.session;
  }

  it('connects and reports the server version', async () => {
    const s = await connect();
    assert.equal(s.serverVersion, cluster!.version);
    await s.close();
    assert.equal(leftovers(), '0/0');
  });

  it('wrong password: its own message, without the password', async () => {
    const r = await connectPostgres({ ...options, password: 'not-the-password-42' });
    assert.ok('failure' in r);
    assert.equal(r.failure.kind, 'wrong-password');
    assert.ok(!r.failure.message.includes('not-the-password-42'));
    assert.match(r.failure.message, /Wrong password for postgres@127\.0\.0\.1:\d+\/postgres/);
  });

  it('unknown host, refused port, missing database: each its own message', async () => {
    const host = await connectPostgres({ ...options, host: 'no-such-host.invalid', connectTimeoutMs: 5000 });
    assert.ok('failure' in host && host.failure.kind === 'unknown-host', JSON.stringify(host));
    const refused = await connectPostgres({ ...options, port: await freePort() });
    assert.ok('failure' in refused && refused.failure.kind === 'refused', JSON.stringify(refused));
    const missing = await connectPostgres({ ...options, database: 'no_such_database' });
    assert.ok('failure' in missing && missing.failure.kind === 'no-database', JSON.stringify(missing));
  });

  it('a server that requires SSL: the message says so', async function () {
    // A certificate for the server, then only hostssl in pg_hba.conf.
    const dir = mkdtempSync(join(tmpdir(), 'pga-ssl-'));
    const openssl = spawnSync('openssl', ['req', '-new', '-x509', '-days', '2', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'server.key'), '-out', join(dir, 'server.crt')], { encoding: 'utf8' });
    if (openssl.status !== 0) skipOrFail(this, `openssl is needed to make a test certificate: ${openssl.stderr}`);
    const owner = statSync(cluster!.dataDir);
    for (const f of ['server.key', 'server.crt']) {
      writeFileSync(join(cluster!.dataDir, f), spawnSync('cat', [join(dir, f)]).stdout, { mode: 0o600 });
      chownSync(join(cluster!.dataDir, f), owner.uid, owner.gid);
    }
    const hba = join(cluster!.dataDir, 'pg_hba.conf');
    writeFileSync(hba, 'local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\n');
    chownSync(hba, owner.uid, owner.gid);
    cluster!.psql('ALTER SYSTEM SET ssl = on');
    cluster!.psql('SELECT pg_reload_conf()');
    await new Promise((r) => setTimeout(r, 500));
    try {
      const plain = await connectPostgres({ ...options, sslmode: 'disable' });
      assert.ok('failure' in plain && plain.failure.kind === 'ssl-required', JSON.stringify(plain));
      const tls = await connectPostgres({ ...options, sslmode: 'require' });
      assert.ok('session' in tls, JSON.stringify(tls));
      await tls.session.close();
    } finally {
      writeFileSync(hba, 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n');
      chownSync(hba, owner.uid, owner.gid);
      cluster!.psql('ALTER SYSTEM RESET ssl');
      cluster!.psql('SELECT pg_reload_conf()');
      await new Promise((r) => setTimeout(r, 500));
    }
  });

  it('EXPLAIN ANALYZE of DML runs in a rolled-back transaction: data unchanged, nothing left open', async () => {
    const s = await connect();
    try {
      const before = cluster!.psql("SELECT count(*) || ':' || sum(balance) FROM accounts WHERE plan = 'pro'").trim();
      const out = await runExplain(s, { sql: "UPDATE accounts SET balance = balance + 100 WHERE plan = 'pro'", analyze: true, allowDataChanges: true });
      assert.ok('plan' in out, JSON.stringify(out));
      assert.equal(out.plan.root.nodeType, 'ModifyTable');
      const del = await runExplain(s, { sql: 'DELETE FROM accounts', analyze: true, allowDataChanges: true });
      assert.ok('plan' in del);
      assert.equal(cluster!.psql("SELECT count(*) || ':' || sum(balance) FROM accounts WHERE plan = 'pro'").trim(), before);
      assert.equal(cluster!.psql('SELECT count(*) FROM accounts').trim(), '50000');
      assert.equal(leftovers(), '0/1', 'our session is idle, not in a transaction');
    } finally {
      await s.close();
    }
  });

  it('$n and psql :\'name\' parameters without values: a generic plan, nothing left prepared or open', async () => {
    const s = await connect();
    try {
      // The generic plan comes from PREPARE / EXPLAIN EXECUTE on every version; $2 alone cannot be typed (retried as text).
      const numbered = await runExplain(s, { sql: 'SELECT * FROM accounts WHERE id = $1 OR $2 IS NULL', analyze: false });
      assert.ok('plan' in numbered, JSON.stringify(numbered));
      assert.equal(numbered.plan.analyzed, false);
      assert.equal(numbered.generic, true, 'the outcome says the plan is generic on every version');
      assert.doesNotMatch(numbered.options, /ANALYZE/);
      assert.match(JSON.stringify(numbered.plan.root), /\$1/, 'the plan keeps the parameter, not a value');
      const named = await runExplain(s, { sql: "SELECT id, balance FROM accounts WHERE plan = :'plan' AND balance > :min_balance;", analyze: false });
      assert.ok('plan' in named, JSON.stringify(named));
      assert.match(JSON.stringify(named.plan.root), /\$1/);
      const dml = await runExplain(s, { sql: 'UPDATE accounts SET balance = $2 WHERE id = $1', analyze: false });
      assert.ok('plan' in dml && dml.plan.root.nodeType === 'ModifyTable', JSON.stringify(dml));
      const broken = await runExplain(s, { sql: 'SELECT * FROM no_such_table WHERE id = $1', analyze: false });
      assert.ok('failure' in broken && /no_such_table/.test(broken.failure.message), JSON.stringify(broken));

      const prepared = await s.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_prepared_statements');
      assert.equal(prepared.rows[0].n, 0, 'every prepared statement was deallocated');
      const mode = await s.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');
      assert.equal(mode.rows[0].plan_cache_mode, 'auto', 'force_generic_plan stayed inside the transaction');
      assert.equal(leftovers(), '0/1', 'our session is idle, not in a transaction');

      const analyze = await runExplain(s, { sql: "SELECT * FROM accounts WHERE plan = :'plan'", analyze: true });
      assert.ok('refused' in analyze && analyze.needs === 'parameters', JSON.stringify(analyze));
      assert.equal(analyze.refused, 'The statement has 1 parameter(s): give values to run EXPLAIN ANALYZE.');
      const bound = await runExplain(s, { sql: "SELECT * FROM accounts WHERE plan = :'plan'", analyze: true, parameters: ['pro'] });
      assert.ok('plan' in bound && bound.generic === false, 'with values the plan is not generic');
      assert.ok('plan' in bound && bound.plan.analyzed, JSON.stringify(bound));
      assert.equal(leftovers(), '0/1');
    } finally {
      await s.close();
    }
  });

  it('a read-only profile runs EXPLAIN ANALYZE in a READ ONLY transaction', async () => {
    const s = await connect();
    try {
      const out = await runExplain(s, { sql: 'DELETE FROM accounts WHERE id = 1', analyze: true, allowDataChanges: true, readOnly: true });
      assert.ok('failure' in out && out.failure.kind === 'read-only', JSON.stringify(out));
      assert.equal(cluster!.psql('SELECT count(*) FROM accounts WHERE id = 1').trim(), '1');
    } finally {
      await s.close();
    }
  });

  it('a statement timeout stops the query on the server', async () => {
    const s = await connect();
    try {
      const out = await runExplain(s, { sql: 'SELECT pg_sleep(10)', analyze: true, timeoutMs: 300 });
      assert.ok('failure' in out && out.failure.kind === 'statement-timeout', JSON.stringify(out));
      assert.equal(cluster!.psql(`SELECT count(*) FROM pg_stat_activity WHERE application_name = '${APP}' AND state = 'active'`).trim(), '0');
      assert.equal(leftovers(), '0/1');
    } finally {
      await s.close();
    }
  });

  it('cancel stops the running EXPLAIN ANALYZE on the server', async () => {
    const s = await connect();
    try {
      const running = runExplain(s, { sql: 'SELECT pg_sleep(30)', analyze: true });
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(cluster!.psql(`SELECT count(*) FROM pg_stat_activity WHERE application_name = '${APP}' AND query LIKE 'EXPLAIN%pg_sleep%' AND state = 'active'`).trim(), '1');
      const started = Date.now();
      await s.cancel();
      const out = await running;
      assert.ok('failure' in out && out.failure.kind === 'cancelled', JSON.stringify(out));
      assert.ok(Date.now() - started < 25_000, 'returned long before pg_sleep(30) would end');
      assert.equal(leftovers(), '0/1');
    } finally {
      await s.close();
    }
    assert.equal(leftovers(), '0/0');
  });

  it('the server killed in the middle of an EXPLAIN ANALYZE: a clear message', async function () {
    const doomed = await startCluster();
    if ('unavailable' in doomed) skipOrFail(this, doomed.unavailable);
    try {
      const r = await connectPostgres({ host: doomed.host, port: doomed.port, user: doomed.user, password: doomed.password, database: 'postgres', sslmode: 'disable' });
      assert.ok('session' in r);
      const running = runExplain(r.session, { sql: 'SELECT pg_sleep(30)', analyze: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
      doomed.stop();
      const out = await running;
      assert.ok('failure' in out && out.failure.kind === 'connection-lost', JSON.stringify(out));
      await r.session.close();
    } finally {
      doomed.stop();
    }
  });

  it('restores the server\'s statistics into the embedded database, so its estimates match', async () => {
    const s = await connect();
    const dataDir = mkdtempSync(join(tmpdir(), 'pga-stats-'));
    const embedded = await openEmbedded(dataDir, [
      { path: 'schema.sql', text: 'CREATE TABLE accounts (id bigint PRIMARY KEY, plan text NOT NULL, balance int NOT NULL);' },
    ]);
    try {
      const query = { sql: "SELECT * FROM accounts WHERE plan = 'pro'", analyze: false };
      const server = await runExplain(s, query);
      const before = await runExplain(embedded.session, query);
      assert.ok('plan' in server && 'plan' in before);
      const report = await importStatistics(s, embedded.session, relationSizer(dataDir));
      assert.ok(report.relations >= 2 && report.columns >= 3, JSON.stringify(report));
      const after = await runExplain(embedded.session, query);
      assert.ok('plan' in after);
      const serverRows = server.plan.root.planRows ?? 0;
      assert.ok(Math.abs((before.plan.root.planRows ?? 0) - serverRows) > serverRows / 2, 'without statistics the estimate is far off');
      assert.ok(Math.abs((after.plan.root.planRows ?? 0) - serverRows) <= serverRows * 0.1, `after: ${after.plan.root.planRows} vs server ${serverRows}`);
      const count = await embedded.session.query<{ n: number }>('SELECT count(*)::int AS n FROM accounts');
      assert.equal(count.rows[0].n, 0, 'no row was copied');
    } finally {
      await s.close();
      await embedded.session.close();
    }
  });

  it('the CLI says a plan is generic, in text and JSON, when the statement has parameters and no values were given', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pga-generic-'));
    const file = join(dir, 'query.sql');
    writeFileSync(file, 'SELECT * FROM accounts WHERE id = $1;\nSELECT * FROM accounts WHERE id = 7;\n');
    const cli = (args: readonly string[]): { status: number | null; stdout: string; stderr: string } =>
      spawnSync(process.execPath, ['-r', 'tsx/cjs', join(__dirname, '..', '..', 'cli', 'main.ts'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const json = cli(['explain', file, '--db', cluster!.url(), '--format', 'json']);
    assert.equal(json.status, 0, json.stderr);
    const outputs = JSON.parse(json.stdout) as { line: number; genericPlan: boolean; note?: string }[];
    assert.deepEqual(outputs.map((o) => [o.line, o.genericPlan]), [[1, true], [2, false]]);
    assert.match(outputs[0].note ?? '', /^Generic plan: planned without parameter values/);
    assert.equal(outputs[1].note, undefined);
    const text = cli(['explain', file, '--db', cluster!.url()]);
    assert.equal(text.status, 0, text.stderr);
    assert.equal(text.stdout.match(/Generic plan: planned without parameter values/g)?.length, 1, text.stdout);
  });
});
