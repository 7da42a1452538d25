// The health report and `tune --db` against a real PostgreSQL: a database built with one of each problem, where
// each check must find exactly its problem, a clean database where nothing is found, a role without superuser
// for which every check still runs (or says why it is skipped), every statement read-only under a statement
// timeout, the fixes applied in rolled-back transactions, a second cluster with wal_level minimal and no
// pg_stat_statements library, and the CLI's text, JSON and SARIF output.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { HEALTH_CHECKS, runHealthChecks, type HealthFinding, type HealthOptions, type HealthReport } from '../../core/advisor/health';
import { connectPostgres } from '../../core/db/postgres-session';
import type { Session } from '../../core/db/session';
import { stringValues, tagOf, walkAst } from '../../core/parse/ast';
import { parseStatementText } from '../../core/parse/parser';
import { formatHealthSarif } from '../../cli/formats/health';
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

/** The finding of a check for one object. */
function finding(report: HealthReport, check: string, object: string): HealthFinding {
  const f = report.findings.find((x) => x.check === check && x.object === object);
  assert.ok(f, `${check} reports ${object}: ${JSON.stringify(report.findings.filter((x) => x.check === check).map((x) => x.object))}`);
  return f;
}

/** Functions whose effects a rolled-back READ ONLY transaction would not stop. */
const SIDE_EFFECTS = /^(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile|pg_switch_wal|pg_create_.*|pg_drop_.*|pg_stat_reset.*|pg_stat_statements_reset|pg_advisory.*|pg_promote|pg_wal_replay_.*|pg_log_backend_memory_contexts|pg_notify|pg_replication_origin_.*|pg_logical_emit_message|nextval|setval|set_config|lo_.*|dblink.*)$/;

const SCHEMA = `
  REVOKE CREATE ON SCHEMA public FROM PUBLIC;  -- PostgreSQL 15's default, on older servers too
  CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL);
  INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 100) g;
  -- clean: its foreign key is indexed and the index is used
  CREATE TABLE clean_items (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), sku text NOT NULL);
  CREATE INDEX clean_items_customer_id_idx ON clean_items (customer_id);
  INSERT INTO clean_items SELECT g, 1 + g % 100, 'sku' || g FROM generate_series(1, 1000) g;
  -- clean: an API table behind row-level security, a SECURITY DEFINER function with its own search_path
  CREATE TABLE api_notes (id bigint PRIMARY KEY, body text NOT NULL);
  ALTER TABLE api_notes ENABLE ROW LEVEL SECURITY;
  CREATE POLICY api_notes_read ON api_notes FOR SELECT TO anon USING (true);
  GRANT SELECT ON api_notes TO anon;
  CREATE FUNCTION note_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS 'SELECT count(*) FROM api_notes';
  -- clean: partitioned by time, with partitions for now and the weeks ahead and a DEFAULT partition
  CREATE TABLE readings (id bigint, taken_at timestamptz NOT NULL, PRIMARY KEY (id, taken_at)) PARTITION BY RANGE (taken_at);
  CREATE TABLE readings_current PARTITION OF readings FOR VALUES FROM (now() - interval '1 month') TO (now() + interval '2 months');
  CREATE TABLE readings_default PARTITION OF readings DEFAULT;
  -- a past year, itself partitioned by month: its range rightly ends in the past
  CREATE TABLE readings_2020 PARTITION OF readings FOR VALUES FROM ('2020-01-01') TO ('2021-01-01') PARTITION BY RANGE (taken_at);
  CREATE TABLE readings_2020_01 PARTITION OF readings_2020 FOR VALUES FROM ('2020-01-01') TO ('2020-02-01');
  CREATE TABLE readings_2020_rest PARTITION OF readings_2020 DEFAULT;
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
  -- security: a table the anonymous API role may read and change without RLS, one granted to PUBLIC, policies
  -- RLS ignores, a superuser's SECURITY DEFINER function without search_path, CREATE on public for PUBLIC, an
  -- extension in public
  CREATE TABLE api_profiles (id bigint PRIMARY KEY, email text);
  GRANT SELECT, UPDATE ON api_profiles TO anon;
  CREATE TABLE shared_docs (id bigint PRIMARY KEY, body text);
  GRANT SELECT ON shared_docs TO PUBLIC;
  CREATE TABLE moderated (id bigint PRIMARY KEY, author text);
  CREATE POLICY moderated_own ON moderated USING (author = current_user);
  CREATE FUNCTION unsafe_count() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM api_notes';
  GRANT CREATE ON SCHEMA public TO PUBLIC;
  CREATE EXTENSION pg_stat_statements;
  -- partitioning: no partition for now, none for the coming week (with a DEFAULT), a list without DEFAULT, and two
  -- tables large enough (for this test's threshold) with a creation time and a tenant column
  CREATE TABLE metrics (id bigint, recorded_at timestamptz NOT NULL, PRIMARY KEY (id, recorded_at)) PARTITION BY RANGE (recorded_at);
  CREATE TABLE metrics_old PARTITION OF metrics FOR VALUES FROM (now() - interval '60 days') TO (now() - interval '30 days');
  CREATE TABLE daily_logs (id bigint, day date NOT NULL, PRIMARY KEY (id, day)) PARTITION BY RANGE (day);
  CREATE TABLE daily_logs_recent PARTITION OF daily_logs FOR VALUES FROM (current_date - 1) TO (current_date + 2);
  CREATE TABLE daily_logs_default PARTITION OF daily_logs DEFAULT;
  CREATE TABLE regions (id bigint, region text NOT NULL, PRIMARY KEY (id, region)) PARTITION BY LIST (region);
  CREATE TABLE regions_eu PARTITION OF regions FOR VALUES IN ('eu');
  CREATE TABLE measurements (id bigint PRIMARY KEY, recorded_at timestamptz NOT NULL, tenant_id bigint NOT NULL, value float8);
  INSERT INTO measurements SELECT g, now() - g * interval '1 minute', g % 10, g FROM generate_series(1, 30000) g;
  CREATE TABLE tenant_documents (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, body text);
  INSERT INTO tenant_documents SELECT g, g % 10, repeat('d', 40) FROM generate_series(1, 30000) g;
`;

describe('db-check and tune --db on a real PostgreSQL', function () {
  this.timeout(300_000);
  let cluster: TestCluster | undefined;
  const clients: Client[] = [];

  before(async function () {
    // No autovacuum: the vacuum and statistics checks must see exactly what the test did. A healthy cluster
    // otherwise: WAL archived (to nowhere), passwords that expire, no superuser but the bootstrap one.
    const started = await startCluster({ settings: { autovacuum: 'off', archive_mode: 'on', archive_command: "'true'" } });
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    cluster.psql("CREATE ROLE anon NOLOGIN; ALTER ROLE postgres VALID UNTIL '2999-12-31'");
    for (const db of ['clean', 'health']) {
      cluster.psql(`CREATE DATABASE ${db}`);
      cluster.psql(SCHEMA, db);
    }
    cluster.psql('CREATE SCHEMA extensions; CREATE EXTENSION pg_stat_statements SCHEMA extensions', 'clean');
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
    cluster.psql('CREATE ROLE checker LOGIN PASSWORD \'checker-pw\' VALID UNTIL \'2999-12-31\'; GRANT CONNECT ON DATABASE health TO checker;');
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
    assert.equal(report.checks.length, HEALTH_CHECKS.length);
  });

  it('top-queries is skipped, saying why, where pg_stat_statements is not installed', async () => {
    const report = await check('postgres', { only: ['top-queries'] });
    assert.deepEqual(report.checks.map((c) => c.status), ['skipped']);
    assert.match(report.checks[0].skipped ?? '', /not installed in this database: CREATE EXTENSION pg_stat_statements/);
    const text = cli(['db-check', '--db', cluster!.url('postgres'), '--check', 'top-queries']);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^ {2}skipped {2}top-queries: pg_stat_statements is not installed/m);
    const sarif = JSON.parse(formatHealthSarif(report, '0.0.0'));
    assert.equal(sarif.runs[0].invocations[0].executionSuccessful, true);
    assert.deepEqual(sarif.runs[0].invocations[0].toolExecutionNotifications.map((n: { level: string }) => n.level), ['note']);
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
      // Cluster-wide problems, after the clean database's report. WAL archiving that fails from now on:
      cluster!.psql("ALTER SYSTEM SET archive_command = 'false'");
      cluster!.psql('SELECT pg_reload_conf()');
      await sleep(300);
      cluster!.psql('CREATE TABLE archive_trigger AS SELECT 1 AS x; SELECT pg_switch_wal();');
      for (let i = 0; i < 100; i++) {
        if (cluster!.psql('SELECT failed_count > 0 AND last_failed_time > COALESCE(last_archived_time, \'-infinity\') FROM pg_stat_archiver').trim() === 't') break;
        await sleep(200);
      }
      // A replication slot nobody reads, holding 2.5 MB of WAL, and a second one created after that WAL (a
      // physical slot starts at the last checkpoint's redo point).
      cluster!.psql("CHECKPOINT; SELECT pg_create_physical_replication_slot('stale_standby', true)");
      cluster!.psql("CREATE TABLE wal_filler AS SELECT g, repeat('w', 100) AS pad FROM generate_series(1, 20000) g");
      cluster!.psql("CHECKPOINT; SELECT pg_create_physical_replication_slot('fresh_standby', true)");
      // A second superuser, and a login role whose password never expires.
      cluster!.psql("CREATE ROLE ops_admin LOGIN SUPERUSER; CREATE ROLE app_login LOGIN PASSWORD 'app-pw'");
      // The top statement: pg_sleep, three times, on statistics reset just before.
      cluster!.psql('SELECT pg_stat_statements_reset()', 'health');
      for (let i = 0; i < 3; i++) cluster!.psql('SELECT pg_sleep(0.2)', 'health');
      await sleep(1500);
      report = await check('health', {
        thresholds: {
          bloatMinWastedBytes: 1024 * 1024, idleInTransactionSeconds: 1, longRunningSeconds: 1, lockWaitSeconds: 1, cacheHitMinBlocks: 1e15,
          topQueryMinTotalMs: 500, slowQueryCalls: 3, slotRetainedWalBytes: 1024 * 1024, partitionCandidateBytes: 1024 * 1024,
        },
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

    it('a role without superuser: every check runs or says why not, with a note about what it cannot see', async () => {
      const s = await session('health', 'checker', 'checker-pw');
      try {
        const r = await runHealthChecks(s);
        assert.deepEqual(r.checks.filter((c) => c.status === 'error'), []);
        assert.match(r.notes.join(' '), /pg_monitor/);
        assert.deepEqual(r.checks.filter((c) => c.status === 'skipped').map((c) => c.id), ['password-no-expiry']);
        assert.match(r.checks.find((c) => c.id === 'password-no-expiry')?.skipped ?? '', /only to superusers \(pg_authid/);
        // What a non-superuser can see of the security problems is the same.
        assert.deepEqual(r.findings.filter((f) => f.check === 'rls-disabled-exposed').map((f) => f.object).sort(), objects(report, 'rls-disabled-exposed'));
        assert.deepEqual(r.findings.filter((f) => f.check === 'superuser-roles').map((f) => f.object), ['ops_admin']);
      } finally {
        await s.close();
      }
    });

    it('top queries from pg_stat_statements: pg_sleep first, a slow query with its normalized text to explain', () => {
      const top = report.findings.filter((f) => f.check === 'top-queries');
      assert.ok(top.length >= 1, JSON.stringify(report.checks.find((c) => c.id === 'top-queries')));
      assert.equal(top[0].query, 'SELECT pg_sleep($1)');
      assert.equal(top[0].severity, 'warning', 'mean 200 ms over 3 calls, with slowQueryCalls = 3');
      assert.match(top[0].object, /^queryid -?\d+$/);
      assert.match(top[0].message, /^#1 by total time \(\d+(\.\d+)?% of this database's statement time\): (6\d\d ms|[\d.]+ s) over 3 calls, mean 2\d\d ms, 3 rows \(1 per call\), run by postgres: SELECT pg_sleep\(\$1\)$/);
    });

    it('security: RLS off on exposed tables, ignored policies, SECURITY DEFINER without search_path, PUBLIC privileges, extensions in public, roles', () => {
      assert.deepEqual(objects(report, 'rls-disabled-exposed'), ['public.api_profiles', 'public.shared_docs']);
      const profiles = finding(report, 'rls-disabled-exposed', 'public.api_profiles');
      assert.equal(profiles.severity, 'critical');
      assert.match(profiles.message, /anon \(SELECT, UPDATE\)/);
      assert.match(finding(report, 'rls-disabled-exposed', 'public.shared_docs').message, /PUBLIC \(SELECT\).*anon \(SELECT\)|anon \(SELECT\).*PUBLIC \(SELECT\)/);
      assert.deepEqual(objects(report, 'policy-without-rls'), ['public.moderated']);
      assert.deepEqual(objects(report, 'security-definer-search-path'), ['public.unsafe_count()']);
      const definer = finding(report, 'security-definer-search-path', 'public.unsafe_count()');
      assert.equal(definer.severity, 'critical', 'a superuser\'s function every role may execute');
      assert.match(definer.fix ?? '', /^ALTER FUNCTION public\.unsafe_count\(\) SET search_path = pg_catalog, pg_temp;/);
      assert.deepEqual(objects(report, 'public-privileges'), ['public', 'public.shared_docs']);
      assert.equal(finding(report, 'public-privileges', 'public').fix, 'REVOKE CREATE ON SCHEMA public FROM PUBLIC;');
      assert.deepEqual(objects(report, 'extension-in-public'), ['pg_stat_statements']);
      assert.equal(finding(report, 'extension-in-public', 'pg_stat_statements').severity, 'warning', 'PUBLIC may create in public here');
      assert.deepEqual(objects(report, 'superuser-roles'), ['ops_admin']);
      assert.deepEqual(objects(report, 'password-no-expiry'), ['app_login']);
      assert.equal(finding(report, 'password-no-expiry', 'app_login').severity, 'info');
    });

    it('durability: failing WAL archiving, an inactive slot retaining WAL and one that holds little yet', () => {
      assert.deepEqual(objects(report, 'wal-level'), []);
      const archiving = finding(report, 'wal-archiving', 'archive_command');
      assert.equal(archiving.severity, 'warning');
      assert.match(archiving.message, /^WAL archiving is failing: \d+ failures since .*, the last at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(segment [0-9A-F]{24}\)/);
      assert.deepEqual(objects(report, 'wal-archiving'), ['archive_command'], 'archive_mode is on');
      assert.deepEqual(objects(report, 'replication-slots'), ['fresh_standby', 'stale_standby']);
      const stale = finding(report, 'replication-slots', 'stale_standby');
      assert.equal(stale.severity, 'warning');
      assert.match(stale.message, /^Physical replication slot stale_standby is inactive and retains [\d.]+ MB of WAL \(wal_status reserved\)/);
      assert.equal(stale.fix, "SELECT pg_drop_replication_slot('stale_standby');  -- only if no replica or subscriber will use it again");
      assert.equal(finding(report, 'replication-slots', 'fresh_standby').severity, 'info');
    });

    it('partitioning: no partition for now or the week ahead, no DEFAULT, and large tables with a time or tenant column', () => {
      assert.deepEqual(objects(report, 'partition-ahead'), ['public.daily_logs', 'public.metrics']);
      assert.equal(finding(report, 'partition-ahead', 'public.metrics').severity, 'critical', 'no partition for now() and no DEFAULT');
      const logs = finding(report, 'partition-ahead', 'public.daily_logs');
      assert.equal(logs.severity, 'warning');
      assert.match(logs.message, /no partition covers 7 days from now/);
      assert.deepEqual(objects(report, 'partition-default'), ['public.metrics', 'public.regions']);
      assert.deepEqual(objects(report, 'partitioning-candidates'), ['public.measurements', 'public.tenant_documents']);
      assert.match(finding(report, 'partitioning-candidates', 'public.measurements').fix ?? '', /PARTITION BY RANGE \(recorded_at\)/);
      assert.match(finding(report, 'partitioning-candidates', 'public.tenant_documents').fix ?? '', /PARTITION BY HASH \(tenant_id\)/);
    });

    it('the fixes of the new checks apply (in transactions rolled back) and do what they say', async () => {
      const c = new Client({ host: cluster!.host, port: cluster!.port, user: 'postgres', password: cluster!.password, database: 'health' });
      await c.connect();
      const inTransaction = async (sql: string, then?: () => Promise<void>): Promise<void> => {
        await c.query('BEGIN');
        try {
          await c.query(sql);
          await then?.();
        } finally {
          await c.query('ROLLBACK');
        }
      };
      const count = async (sql: string): Promise<number> => Number((await c.query<{ n: string }>(sql)).rows[0].n);
      try {
        const checks = ['rls-disabled-exposed', 'policy-without-rls', 'security-definer-search-path', 'public-privileges', 'extension-in-public', 'superuser-roles', 'password-no-expiry', 'partition-default'];
        for (const f of report.findings.filter((x) => checks.includes(x.check))) {
          assert.ok(f.fix, `${f.check} ${f.object} has a fix`);
          await inTransaction(f.fix).catch((e: Error) => assert.fail(`${f.check} ${f.object}: ${e.message}\n${f.fix}`));
        }
        // The next partitions take rows written now and a week ahead.
        for (const table of ['public.metrics', 'public.daily_logs']) {
          const fix = finding(report, 'partition-ahead', table).fix ?? '';
          const column = table === 'public.metrics' ? 'recorded_at' : 'day';
          await inTransaction(fix, async () => {
            await c.query(`INSERT INTO ${table} (id, ${column}) VALUES (1, now()), (2, now() + interval '7 days')`);
            if (table === 'public.daily_logs') assert.equal(await count('SELECT count(*) AS n FROM public.daily_logs_default'), 0, 'none went to the DEFAULT partition');
          });
        }
        // The partitioning sketches build a partitioned copy that takes every row.
        for (const table of ['measurements', 'tenant_documents']) {
          const fix = finding(report, 'partitioning-candidates', `public.${table}`).fix ?? '';
          await inTransaction(fix, async () => {
            await c.query(`INSERT INTO public.${table}_partitioned SELECT * FROM public.${table}`);
            assert.equal(await count(`SELECT count(*) AS n FROM public.${table}_partitioned`), 30000);
            assert.ok((await count(`SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'public.${table}_partitioned'::regclass`)) >= 4);
          });
        }
      } finally {
        await c.end();
      }
    });

    it('every statement is a read-only SELECT in BEGIN READ ONLY ... ROLLBACK, under SET LOCAL statement_timeout', async () => {
      const s = await session('health');
      const log: string[] = [];
      const inside: { statementTimeout: string; readOnly: string }[] = [];
      const recording: Session = {
        ...s,
        async query<Row>(sql: string, params?: readonly unknown[]) {
          log.push(sql);
          const result = await s.query<Row>(sql, params);
          // Right after the transaction is set up: what the server says it is.
          if (sql.startsWith('SET LOCAL lock_timeout')) {
            const [r] = (await s.query<{ st: string; ro: string }>("SELECT current_setting('statement_timeout') AS st, current_setting('transaction_read_only') AS ro")).rows;
            inside.push({ statementTimeout: r.st, readOnly: r.ro });
          }
          return result;
        },
      };
      try {
        await runHealthChecks(recording, { timeoutMs: 12_345 });
      } finally {
        await s.close();
      }
      assert.equal(inside.length, HEALTH_CHECKS.length);
      assert.deepEqual([...new Set(inside.map((x) => `${x.statementTimeout} ${x.readOnly}`))], ['12345ms on']);
      let open = false;
      let transactions = 0;
      let sinceBegin = 0;
      for (const sql of log) {
        if (sql === 'BEGIN READ ONLY') {
          assert.ok(!open, 'transactions do not nest');
          open = true;
          transactions++;
          sinceBegin = 0;
          continue;
        }
        sinceBegin++;
        if (sql === 'ROLLBACK') {
          assert.ok(open);
          open = false;
          continue;
        }
        if (open && sinceBegin === 1) assert.equal(sql, 'SET LOCAL statement_timeout = 12345');
        else if (open && sinceBegin === 2) assert.equal(sql, 'SET LOCAL lock_timeout = 2000');
        else if (/^(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT) health_probe$/.test(sql)) assert.ok(open);
        else {
          const parsed = parseStatementText(sql);
          assert.equal(parsed.error, undefined, sql);
          assert.deepEqual(parsed.stmts.map((x) => tagOf(x.stmt)), ['SelectStmt'], sql);
          const functions: string[] = [];
          walkAst(parsed.stmts[0].stmt!, (ref) => {
            if (ref.tag === 'FuncCall') functions.push(stringValues((ref.node as { funcname?: never[] }).funcname).pop()?.toLowerCase() ?? '');
            if (ref.tag === 'LockingClause' || ref.tag === 'IntoClause') assert.fail(`${ref.tag} in ${sql}`);
            return undefined;
          });
          assert.deepEqual(functions.filter((f) => SIDE_EFFECTS.test(f)), [], sql);
        }
      }
      assert.ok(!open);
      assert.equal(transactions, HEALTH_CHECKS.length);
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

describe('db-check on a cluster with wal_level minimal and pg_stat_statements not preloaded', function () {
  this.timeout(120_000);
  let cluster: TestCluster | undefined;

  before(async function () {
    const started = await startCluster({ settings: { wal_level: 'minimal', max_wal_senders: '0', archive_mode: 'off', shared_preload_libraries: "''" } });
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    // Installed but not loaded: the extension's view fails when read.
    cluster.psql('CREATE EXTENSION pg_stat_statements');
  });
  after(() => cluster?.stop());

  it('warns about wal_level, notes that archiving is off, skips top queries with the server\'s reason', async () => {
    const r = await connectPostgres({ host: cluster!.host, port: cluster!.port, user: 'postgres', password: cluster!.password, database: 'postgres', sslmode: 'disable' });
    if ('failure' in r) throw new Error(r.failure.message);
    try {
      const report = await runHealthChecks(r.session, { only: ['wal-level', 'wal-archiving', 'replication-slots', 'top-queries'] });
      assert.deepEqual(report.checks.map((c) => [c.id, c.status]), [['wal-level', 'findings'], ['wal-archiving', 'findings'], ['replication-slots', 'ok'], ['top-queries', 'skipped']]);
      assert.deepEqual(report.findings.map((f) => [f.check, f.severity, f.object]), [['wal-level', 'warning', 'wal_level'], ['wal-archiving', 'info', 'archive_mode']]);
      assert.match(report.findings[0].fix ?? '', /ALTER SYSTEM SET wal_level = 'replica';/);
      assert.match(report.checks[3].skipped ?? '', /^pg_stat_statements cannot be read here: .*shared_preload_libraries/);
    } finally {
      await r.session.close();
    }
  });
});
