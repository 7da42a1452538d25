// Hardening, item 2: what the rollback around EXPLAIN cannot undo. Under EXPLAIN ANALYZE of a SELECT a wrapper
// around dblink_exec committed a row elsewhere, one around pg_terminate_backend ended another session,
// pg_stat_reset() reset the statistics, a replication slot stayed behind, INSERT advanced a sequence; plain
// EXPLAIN ran an IMMUTABLE function with a side effect while planning. Each is tried on a real server: without a
// confirmation nothing happens and the refusal names the function; ordinary volatile built-ins and functions that
// only read need no confirmation.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initParser } from '../../core/parse/parser';
import { connectPostgres } from '../../core/db/postgres-session';
import { runExplain, type ExplainOutcome } from '../../core/db/explain-runner';
import { harmlessVolatile, knownEffect } from '../../core/knowledge/function-effects';
import type { Session } from '../../core/db/session';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

const ROOT = join(__dirname, '..', '..');

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', 'tsx/cjs', join(ROOT, 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function refusal(outcome: ExplainOutcome): string {
  assert.ok('refused' in outcome, `expected a refusal, got ${JSON.stringify(outcome).slice(0, 300)}`);
  assert.equal(outcome.needs, 'confirmation', outcome.refused);
  return outcome.refused;
}

function planned(outcome: ExplainOutcome): void {
  assert.ok('plan' in outcome, `expected a plan, got ${JSON.stringify(outcome).slice(0, 500)}`);
}

describe('faults: EXPLAIN never runs what the rollback cannot undo without a confirmation', function () {
  this.timeout(300_000);
  let cluster: TestCluster;
  let session: Session;
  /** dblink's connection back to this server, as the superuser over the trusted local socket. */
  let loopback: string;

  const count = (sql: string): number => Number(cluster.psql(sql).trim());
  async function connect(): Promise<Session> {
    const r = await connectPostgres({ host: cluster.host, port: cluster.port, user: cluster.user, password: cluster.password, database: 'postgres', sslmode: 'disable' });
    if ('failure' in r) throw new Error(r.failure.message);
    return r.session;
  }

  before(async function () {
    await initParser();
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started as TestCluster;
    try {
      cluster.psql('CREATE EXTENSION dblink');
    } catch (e) {
      skipOrFail(this, `the dblink extension (postgresql-contrib) is not installed: ${(e as Error).message}`);
    }
    loopback = `host=${cluster.socketDir} port=${cluster.port} dbname=postgres user=postgres`;
    cluster.psql(`
      CREATE TABLE remote_log (id int);
      CREATE TABLE orders (id serial PRIMARY KEY, note text);
      CREATE FUNCTION kill_other(pid int) RETURNS boolean LANGUAGE sql AS 'SELECT pg_terminate_backend(pid)';
      CREATE FUNCTION remote_write(v int) RETURNS int LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM dblink_exec('${loopback}', format('INSERT INTO remote_log VALUES (%s)', v));
          RETURN v;
        END $$;
      CREATE FUNCTION reset_stats() RETURNS void LANGUAGE sql AS 'SELECT pg_stat_reset()';
      CREATE FUNCTION stamp(x int) RETURNS int IMMUTABLE LANGUAGE plpgsql AS $$
        BEGIN
          PERFORM dblink_exec('${loopback}', 'INSERT INTO remote_log VALUES (' || x || ')');
          RETURN x;
        END $$;
      CREATE FUNCTION order_count() RETURNS bigint STABLE LANGUAGE sql AS 'SELECT count(*) FROM orders';
      CREATE FUNCTION notes_like(p text) RETURNS SETOF text LANGUAGE plpgsql AS $$
        BEGIN RETURN QUERY SELECT note FROM orders WHERE note LIKE p; END $$;
    `);
    session = await connect();
  });
  after(async () => {
    await session?.close();
    cluster?.stop();
  });

  it('a SQL wrapper around pg_terminate_backend: the other session survives, the refusal names the function', async () => {
    const other = await connect();
    try {
      const pid = Number((await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      const message = refusal(await runExplain(session, { sql: `SELECT kill_other(${pid})`, analyze: true }));
      assert.match(message, /pg_terminate_backend signals other sessions/);
      assert.match(message, /public\.kill_other/);
      assert.equal((await other.query<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1, 'the other session was terminated');
    } finally {
      await other.close().catch(() => undefined);
    }
  });

  it('a PL/pgSQL wrapper around dblink_exec: no row is committed over the other connection', async () => {
    const message = refusal(await runExplain(session, { sql: 'SELECT remote_write(7)', analyze: true }));
    assert.match(message, /dblink_exec runs SQL over another connection/);
    assert.match(message, /public\.remote_write/);
    assert.equal(count('SELECT count(*) FROM remote_log WHERE id = 7'), 0, 'dblink_exec committed the row');
  });

  it('pg_stat_reset through a wrapper: the statistics are not reset', async () => {
    const before = cluster.psql('SELECT coalesce(stats_reset::text, \'never\') FROM pg_stat_database WHERE datname = current_database()');
    const message = refusal(await runExplain(session, { sql: 'SELECT reset_stats()', analyze: true }));
    assert.match(message, /pg_stat_reset resets statistics/);
    assert.equal(cluster.psql('SELECT coalesce(stats_reset::text, \'never\') FROM pg_stat_database WHERE datname = current_database()'), before, 'the statistics were reset');
  });

  it('pg_create_physical_replication_slot: no slot is left keeping WAL', async () => {
    const message = refusal(await runExplain(session, { sql: "SELECT * FROM pg_create_physical_replication_slot('pga_slot', true)", analyze: true }));
    assert.match(message, /pg_create_physical_replication_slot creates a replication slot, which keeps WAL/);
    assert.equal(count('SELECT count(*) FROM pg_replication_slots'), 0, 'a replication slot was left behind');
  });

  it('INSERT into a table with a serial column names the sequence; confirmed, the plan runs', async () => {
    const sql = "INSERT INTO orders (note) VALUES ('x')";
    const message = refusal(await runExplain(session, { sql, analyze: true }));
    assert.match(message, /nextval advances sequence public\.orders_id_seq: not undone by the rollback/);
    assert.equal(count("SELECT last_value FROM orders_id_seq WHERE is_called"), 0, 'the sequence advanced without a confirmation');
    planned(await runExplain(session, { sql, analyze: true, allowDataChanges: true }));
    assert.equal(count('SELECT count(*) FROM orders'), 0, 'the insert was not rolled back');
  });

  it('plain EXPLAIN: an IMMUTABLE PL/pgSQL function with a side effect is not evaluated while planning without a confirmation', async () => {
    const sql = 'SELECT * FROM orders WHERE id = stamp(42)';
    const message = refusal(await runExplain(session, { sql, analyze: false }));
    assert.match(message, /public\.stamp \(IMMUTABLE: evaluated while planning\)/);
    assert.match(message, /dblink_exec/);
    assert.equal(count('SELECT count(*) FROM remote_log WHERE id = 42'), 0, 'planning ran the function');
    // The danger is real: confirmed, planning alone commits the row over the other connection.
    planned(await runExplain(session, { sql, analyze: false, allowDataChanges: true }));
    assert.equal(count('SELECT count(*) FROM remote_log WHERE id = 42'), 1);
  });

  it('CREATE TABLE AS, SELECT INTO and CREATE MATERIALIZED VIEW under ANALYZE need a confirmation', async () => {
    for (const sql of ['CREATE TABLE report AS SELECT * FROM orders', 'SELECT * INTO report FROM orders', 'CREATE MATERIALIZED VIEW report AS SELECT * FROM orders']) {
      assert.match(refusal(await runExplain(session, { sql, analyze: true })), /creates (table|materialized view) report/);
      assert.equal(count("SELECT count(*) FROM pg_class WHERE relname = 'report'"), 0);
      planned(await runExplain(session, { sql, analyze: true, allowDataChanges: true }));
      assert.equal(count("SELECT count(*) FROM pg_class WHERE relname = 'report'"), 0, `${sql} was not rolled back`);
    }
  });

  it('through a view and a trigger: the functions they call are named', async () => {
    cluster.psql(`
      CREATE VIEW terminating AS SELECT kill_other(0) AS killed;
      CREATE TABLE audited (id int);
      CREATE FUNCTION audit_remote() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM dblink_exec('${loopback}', 'INSERT INTO remote_log VALUES (99)'); RETURN NEW; END $$;
      CREATE TRIGGER audited_remote AFTER INSERT ON audited FOR EACH ROW EXECUTE FUNCTION audit_remote();
    `);
    assert.match(refusal(await runExplain(session, { sql: 'SELECT * FROM terminating', analyze: true })), /pg_terminate_backend .*view public\.terminating → public\.kill_other/);
    const message = refusal(await runExplain(session, { sql: 'INSERT INTO audited VALUES (1)', analyze: true }));
    assert.match(message, /dblink_exec runs SQL over another connection.*trigger audited_remote on public\.audited → public\.audit_remote/);
    // A DELETE does not fire the INSERT trigger: only the data change is confirmed.
    assert.doesNotMatch(refusal(await runExplain(session, { sql: 'DELETE FROM audited', analyze: true })), /dblink/);
    assert.equal(count('SELECT count(*) FROM remote_log WHERE id = 99'), 0);
  });

  it('precision: volatile built-ins that only read or draw random values, and user functions that only read, need no confirmation', async () => {
    for (const sql of ['SELECT now(), random(), gen_random_uuid(), clock_timestamp()', 'SELECT order_count()', "SELECT * FROM notes_like('a%')", 'SELECT count(*) FROM orders WHERE id = abs(-1)']) {
      planned(await runExplain(session, { sql, analyze: true }));
      planned(await runExplain(session, { sql, analyze: false }));
    }
    // Plain EXPLAIN does not run volatile functions: a wrapper around pg_terminate_backend is safe to plan.
    planned(await runExplain(session, { sql: 'SELECT kill_other(0)', analyze: false }));
  });

  it('every volatile built-in of this server is reviewed: harmless, or its effect named', () => {
    const volatile = cluster.psql("SELECT DISTINCT proname FROM pg_proc WHERE provolatile = 'v' AND pronamespace = 'pg_catalog'::regnamespace ORDER BY 1").trim().split('\n');
    // Reviewed, and left to the generic "not known to be harmless": pg_upgrade and initdb support, extension scripts.
    const generic = /^(binary_upgrade_|pg_extension_config_dump$|pg_import_system_collations$|pg_nextoid$|pg_stop_making_pinned_objects$)/;
    const unreviewed = volatile.filter((name) => !harmlessVolatile(name) && knownEffect(name) === undefined && !generic.test(name));
    assert.deepEqual(unreviewed, []);
    for (const name of ['pg_terminate_backend', 'pg_stat_reset', 'dblink_exec', 'nextval', 'lo_export', 'pg_advisory_lock', 'set_config', 'pg_switch_wal']) {
      assert.equal(harmlessVolatile(name), false, name);
      assert.ok(knownEffect(name), name);
    }
  });

  it('the CLI refuses without --yes, naming the function, and the other session survives', async () => {
    const other = await connect();
    try {
      const pid = Number((await other.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid);
      const file = join(mkdtempSync(join(tmpdir(), 'pga-effects-')), 'q.sql');
      writeFileSync(file, `SELECT kill_other(${pid});\n`);
      const r = cli(['explain', file, '--analyze', '--db', cluster.url()]);
      assert.equal(r.status, 2, r.stdout + r.stderr);
      assert.match(r.stderr, /pg_terminate_backend signals other sessions.*Add --yes/);
      assert.equal((await other.query<{ one: number }>('SELECT 1 AS one')).rows[0].one, 1, 'the other session was terminated');
    } finally {
      await other.close().catch(() => undefined);
    }
  });
});
