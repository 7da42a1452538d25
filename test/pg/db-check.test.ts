// The health report and `tune --db` against a real PostgreSQL: a database built with one of each problem, where
// each check must find exactly its problem, a clean database where nothing is found, a role without superuser
// for which every check still runs, and the CLI's text, JSON and SARIF output.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { runHealthChecks, type HealthOptions, type HealthReport } from '../../core/advisor/health';
import { connectPostgres } from '../../core/db/postgres-session';
import type { Session } from '../../core/db/session';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

const ROOT = join(__dirname, '..', '..');

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', join(ROOT, 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The objects a check reported, sorted. */
function objects(report: HealthReport, check: string): string[] {
  const outcome = report.checks.find((c) => c.id === check);
  assert.ok(outcome, `check ${check} ran`);
  assert.notEqual(outcome.status, 'error', `${check}: ${outcome.error}`);
  return report.findings.filter((f) => f.check === check).map((f) => f.object).sort();
}

const SCHEMA = `
  CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
  INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
  -- clean: its foreign key is indexed and the index is used
  CREATE TABLE clean_items (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), sku text NOT NULL);
  CREATE INDEX clean_items_customer_id_idx ON clean_items (customer_id);
  INSERT INTO clean_items SELECT g, 1 + g % 100, 'sku' || g FROM generate_series(1, 1000) g;
`;

const PROBLEMS = `
  CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), note text);
  CREATE TABLE events (id bigint PRIMARY KEY, kind text, created_at timestamptz);
  CREATE INDEX events_kind_a ON events (kind);
  CREATE INDEX events_kind_b ON events (kind);
  CREATE TABLE shipments (id bigint PRIMARY KEY, region text, created_at timestamptz);
  CREATE INDEX shipments_region ON shipments (region);
  CREATE INDEX shipments_region_created ON shipments (region, created_at);
  CREATE TABLE audit_log (at timestamptz, message text);
  CREATE TABLE tickets (id serial PRIMARY KEY, title text);
  SELECT setval('tickets_id_seq', 1900000000);
  CREATE SEQUENCE invoice_numbers;
  CREATE TABLE invoices (id integer PRIMARY KEY DEFAULT nextval('invoice_numbers'));
  SELECT setval('invoice_numbers', 1200000000);
  CREATE TABLE dupes (id int PRIMARY KEY, v int);
  INSERT INTO dupes VALUES (1, 1), (2, 1);
  CREATE TABLE locked_table (id bigint PRIMARY KEY);
  CREATE TABLE history (id bigint PRIMARY KEY, payload text NOT NULL);
  INSERT INTO history SELECT g, repeat('x', 100) FROM generate_series(1, 100000) g;
  DELETE FROM history WHERE id % 5 <> 0;
`;

describe('db-check and tune --db on a real PostgreSQL', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;
  const clients: Client[] = [];

  before(async function () {
    // No autovacuum: the vacuum and statistics checks must see exactly what the test did.
    const started = await startCluster({ settings: { autovacuum: 'off' } });
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    for (const db of ['clean', 'health']) {
      cluster.psql(`CREATE DATABASE ${db}`);
      cluster.psql(SCHEMA, db);
    }
    cluster.psql(PROBLEMS, 'health');
    // A failed CREATE UNIQUE INDEX CONCURRENTLY leaves an invalid index behind.
    assert.throws(() => cluster!.psql('CREATE UNIQUE INDEX CONCURRENTLY dupes_v_key ON dupes (v)', 'health'), /could not create unique index/);
    for (const db of ['clean', 'health']) {
      cluster.psql('VACUUM ANALYZE', db);
      cluster.psql('SET enable_seqscan = off; SELECT count(*) FROM clean_items WHERE customer_id = 7;', db);
    }
    // After the global ANALYZE: a table never analyzed, and one with half its tuples dead.
    cluster.psql(`CREATE TABLE imports (id bigint PRIMARY KEY, v int);
      INSERT INTO imports SELECT g, g FROM generate_series(1, 20000) g;
      CREATE TABLE counters (id bigint PRIMARY KEY, v int);
      INSERT INTO counters SELECT g, 0 FROM generate_series(1, 12000) g;
      ANALYZE counters;`, 'health');
    cluster.psql('UPDATE counters SET v = v + 1', 'health');
    cluster.psql('CREATE ROLE checker LOGIN PASSWORD \'checker-pw\'; GRANT CONNECT ON DATABASE health TO checker;');
    // Statistics reach the views asynchronously: wait until the last changes are visible.
    for (let i = 0; i < 50; i++) {
      const seen = cluster.psql("SELECT (SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'counters') || '/' || (SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'clean_items_customer_id_idx')", 'health').trim();
      const clean = cluster.psql("SELECT idx_scan FROM pg_stat_user_indexes WHERE indexrelname = 'clean_items_customer_id_idx'", 'clean').trim();
      if (seen === '12000/1' && clean === '1') break;
      await sleep(200);
    }
  });
  after(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    cluster?.stop();
  });

  async function session(database: string, user = 'postgres', password = cluster!.password): Promise<Session> {
    const r = await connectPostgres({ host: cluster!.host, port: cluster!.port, user, password, database, sslmode: 'disable', applicationName: 'pga-db-check-test' });
    if ('failure' in r) throw new Error(r.failure.message);
    return r.session;
  }

  async function check(database: string, options: HealthOptions = {}): Promise<HealthReport> {
    const s = await session(database);
    try {
      return await runHealthChecks(s, options);
    } finally {
      await s.close();
    }
  }

  it('a clean database: every check runs and finds nothing', async () => {
    const report = await check('clean');
    assert.deepEqual(report.checks.filter((c) => c.status !== 'ok'), []);
    assert.deepEqual(report.findings, []);
    assert.equal(report.serverVersion, cluster!.version);
  });

  describe('a database with one of each problem', () => {
    let report: HealthReport;
    let idlePid: number;
    let blockedPid: number;

    before(async () => {
      const connect = async (app: string): Promise<Client> => {
        const c = new Client({ host: cluster!.host, port: cluster!.port, user: 'postgres', password: cluster!.password, database: 'health', application_name: app });
        c.on('error', () => undefined);
        await c.connect();
        clients.push(c);
        return c;
      };
      // The second client holds a lock inside an open transaction and goes idle; the third waits for that lock.
      const holder = await connect('pga-holder');
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE locked_table IN ACCESS EXCLUSIVE MODE');
      idlePid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      const waiter = await connect('pga-waiter');
      blockedPid = (await waiter.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
      waiter.query('SELECT count(*) FROM locked_table').catch(() => undefined);
      await sleep(1500);
      report = await check('health', {
        thresholds: { bloatMinWastedBytes: 1024 * 1024, idleInTransactionSeconds: 1, longRunningSeconds: 1, lockWaitSeconds: 1, cacheHitMinBlocks: 1e15 },
      });
    });

    it('every check ran', () => {
      assert.deepEqual(report.checks.filter((c) => c.status === 'error'), []);
    });

    it('a foreign key without an index, with CREATE INDEX CONCURRENTLY as the fix', () => {
      assert.deepEqual(objects(report, 'fk-without-index'), ['public.orders.orders_customer_id_fkey']);
      const f = report.findings.find((x) => x.check === 'fk-without-index');
      assert.equal(f?.fix, 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON public.orders (customer_id);');
    });

    it('duplicate, redundant, unused and invalid indexes', () => {
      assert.deepEqual(objects(report, 'duplicate-indexes'), ['public.events_kind_b']);
      assert.equal(report.findings.find((x) => x.check === 'duplicate-indexes')?.fix, 'DROP INDEX CONCURRENTLY public.events_kind_b;');
      assert.deepEqual(objects(report, 'redundant-indexes'), ['public.shipments_region']);
      assert.deepEqual(objects(report, 'unused-indexes'), ['public.events_kind_a', 'public.events_kind_b', 'public.shipments_region', 'public.shipments_region_created']);
      assert.deepEqual(objects(report, 'invalid-indexes'), ['public.dupes_v_key']);
    });

    it('a table without a primary key', () => {
      assert.deepEqual(objects(report, 'missing-primary-key'), ['public.audit_log']);
    });

    it('sequences near exhaustion: critical above 80%, warning above 50%, against the integer column they feed', () => {
      assert.deepEqual(objects(report, 'sequence-exhaustion'), ['public.invoice_numbers', 'public.tickets_id_seq']);
      const tickets = report.findings.find((f) => f.object === 'public.tickets_id_seq');
      assert.equal(tickets?.severity, 'critical');
      assert.match(tickets?.message ?? '', /public\.tickets\.id \(integer\).*88\.5%/);
      assert.match(tickets?.fix ?? '', /ALTER TABLE public\.tickets ALTER COLUMN id TYPE bigint/);
      const invoices = report.findings.find((f) => f.object === 'public.invoice_numbers');
      assert.equal(invoices?.severity, 'warning', 'a bigint sequence, limited by the integer column of its DEFAULT');
      assert.match(invoices?.message ?? '', /public\.invoices\.id \(integer\).*55\.9%/);
    });

    it('table and index bloat estimates', () => {
      assert.deepEqual(objects(report, 'table-bloat'), ['public.history']);
      assert.deepEqual(objects(report, 'index-bloat'), ['public.history_pkey']);
    });

    it('vacuum behind and stale statistics', () => {
      assert.deepEqual(objects(report, 'vacuum-behind'), ['public.counters']);
      assert.deepEqual(objects(report, 'stale-statistics'), ['public.counters', 'public.imports']);
      assert.equal(report.findings.find((f) => f.check === 'stale-statistics' && f.object === 'public.imports')?.severity, 'warning', 'never analyzed');
    });

    it('an idle-in-transaction session, the session it blocks, and that one as long-running', () => {
      assert.deepEqual(objects(report, 'idle-in-transaction'), [`pid ${idlePid}`]);
      assert.deepEqual(objects(report, 'blocked-locks'), [`pid ${blockedPid}`]);
      const blocked = report.findings.find((f) => f.check === 'blocked-locks');
      assert.match(blocked?.message ?? '', new RegExp(`AccessShareLock on public\\.locked_table, blocked by pid ${idlePid} \\(postgres, idle in transaction`));
      assert.equal(blocked?.fix, `SELECT pg_terminate_backend(${idlePid});  -- the blocking session; rolls back its transaction`);
      assert.deepEqual(objects(report, 'long-running-queries'), [`pid ${blockedPid}`]);
    });

    it('nothing about the clean tables, nothing from wraparound or the cache on a fresh cluster', () => {
      assert.deepEqual(report.findings.filter((f) => /clean_items|customers/.test(f.object)), []);
      assert.deepEqual(objects(report, 'xid-wraparound'), []);
      assert.deepEqual(objects(report, 'cache-hit-ratio'), []);
    });

    it('a role without superuser: every check runs, with a note about what it cannot see', async () => {
      const s = await session('health', 'checker', 'checker-pw');
      try {
        const r = await runHealthChecks(s);
        assert.deepEqual(r.checks.filter((c) => c.status === 'error'), []);
        assert.match(r.notes.join(' '), /pg_monitor/);
      } finally {
        await s.close();
      }
    });

    it('the CLI: text, JSON and SARIF; exit 1 for critical findings', () => {
      const url = cluster!.url('health');
      const text = cli(['db-check', '--db', url, '--check', 'fk-without-index', '--check', 'sequence-exhaustion']);
      assert.equal(text.status, 1, text.stderr);
      assert.match(text.stdout, /CRITICAL {2}sequence-exhaustion {2}public\.tickets_id_seq/);
      assert.match(text.stdout, /CREATE INDEX CONCURRENTLY orders_customer_id_idx ON public\.orders \(customer_id\);/);
      const json = cli(['db-check', '--db', url, '--format', 'json', '--check', 'missing-primary-key']);
      assert.equal(json.status, 0, json.stderr);
      assert.deepEqual(JSON.parse(json.stdout).findings.map((f: { object: string }) => f.object), ['public.audit_log']);
      const sarif = cli(['db-check', '--db', url, '--format', 'sarif', '--check', 'duplicate-indexes']);
      const log = JSON.parse(sarif.stdout);
      assert.equal(log.version, '2.1.0');
      assert.equal(log.runs[0].results[0].ruleId, 'duplicate-indexes');
      assert.equal(log.runs[0].results[0].locations[0].logicalLocations[0].fullyQualifiedName, 'health/public.events_kind_b');
      const bad = cli(['db-check', '--db', url, '--threshold', 'nope=1']);
      assert.equal(bad.status, 2);
    });
  });

  describe('tune --db', () => {
    it('reads pg_settings: current against recommended, with restart or reload', () => {
      const r = cli(['tune', '--db', cluster!.url(), '--ram', '4GB', '--cpus', '4', '--format', 'json']);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      assert.equal(out.serverVersion, cluster!.version);
      const by = Object.fromEntries(out.settings.map((s: { name: string }) => [s.name, s]));
      const current = cluster!.psql('SHOW shared_buffers').trim();
      assert.equal(by.shared_buffers.current, current);
      assert.equal(by.shared_buffers.recommended, '1GB');
      assert.equal(by.shared_buffers.apply, 'restart');
      assert.equal(by.work_mem.apply, 'reload');
      assert.equal(by.max_connections.recommended, cluster!.psql('SHOW max_connections').trim(), 'the server\'s max_connections is kept');
      if (cluster!.version < 18) assert.equal(by.io_method, undefined, 'io_method is only recommended for 18');
      const text = cli(['tune', '--db', cluster!.url(), '--ram', '4GB', '--cpus', '4']);
      assert.match(text.stdout, /^shared_buffers += 1GB +# restart$/m);
    });

    it('without --ram: reads /proc/meminfo as superuser, asks for --ram otherwise', () => {
      const su = cli(['tune', '--db', cluster!.url(), '--format', 'json']);
      if (process.platform === 'linux') {
        assert.equal(su.status, 0, su.stderr);
        assert.match(JSON.parse(su.stdout).notes.join(' '), /RAM read from the server's \/proc\/meminfo/);
      }
      const url = `postgres://checker:checker-pw@${cluster!.host}:${cluster!.port}/health`;
      const plain = cli(['tune', '--db', url]);
      assert.equal(plain.status, 2);
      assert.match(plain.stderr, /give --ram/);
    });
  });
});
