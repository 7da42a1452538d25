// `pg-architect trace --db`: the migrations applied to a real server's throwaway database (PostgreSQL 15 here),
// everything in one transaction rolled back at the end; a database that already has tables is refused unless --yes.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';
import { runCli } from '../unit/cli/run-cli';
import type { ProjectTrace } from '../../core/trace/model';

const FILES: Record<string, string> = {
  '00001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id integer PRIMARY KEY, status text NOT NULL);\n',
  '00002_change.sql': '-- +goose Up\nALTER TABLE orders ALTER COLUMN id TYPE bigint;\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ADD CONSTRAINT orders_fk FOREIGN KEY (missing) REFERENCES orders (id);\nALTER TABLE orders ADD CONSTRAINT orders_status_known CHECK (status <> \'\');\n',
  '00003_concurrently.sql': '-- +goose NO TRANSACTION\n-- +goose Up\nCREATE INDEX CONCURRENTLY orders_note_idx ON orders (note);\n',
};

describe('trace on a server database (--db)', function () {
  this.timeout(180_000);
  let cluster: TestCluster | undefined;
  let dir: string;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started as TestCluster;
    cluster.psql('CREATE DATABASE shadow');
    cluster.psql('CREATE DATABASE busy');
    cluster.psql('CREATE TABLE customers (id bigint PRIMARY KEY)', 'busy');
    dir = mkdtempSync(join(tmpdir(), 'pga-trace-db-'));
    mkdirSync(join(dir, 'db'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, 'db', name), text);
  });
  after(() => cluster?.stop());

  it('applies the history on the server, observes what it did, and leaves the database as it was', () => {
    const r = runCli(['trace', dir, '--db', cluster!.url('shadow'), '--format', 'json'], dir);
    assert.equal(r.status, 1, r.stderr);
    const trace = JSON.parse(r.stdout) as ProjectTrace;
    assert.match(trace.postgres, new RegExp(`^PostgreSQL ${cluster!.version}\\.`));
    assert.match(trace.target, /shadow, in a transaction rolled back at the end$/);
    const statements = trace.migrations.flatMap((m) => m.statements);
    const change = statements.find((s) => /ALTER COLUMN id TYPE bigint/.test(s.head))!;
    assert.equal(change.outcome, 'applied');
    assert.ok(change.rewritten.includes('public.orders'), JSON.stringify(change));
    // One transaction for the whole run: the table created by 00001 is still locked from its CREATE.
    assert.ok(change.alreadyHeld?.some((l) => l.mode === 'AccessExclusiveLock' && l.relation === 'public.orders'), JSON.stringify(change));
    const fk = statements.find((s) => /orders_fk/.test(s.head))!;
    assert.equal(fk.outcome, 'failed');
    assert.equal(fk.code, '42703');
    assert.equal(statements.find((s) => /CONCURRENTLY/.test(s.head))?.outcome, 'not-checked', 'CONCURRENTLY cannot run inside the rolled-back transaction');
    // The server's scan counters tell the CHECK's validating read too.
    assert.deepEqual(statements.find((s) => /orders_status_known/.test(s.head))?.scanned, ['public.orders']);
    assert.equal(cluster!.psql("SELECT count(*) FROM pg_class WHERE relname = 'orders'", 'shadow').trim(), '0', 'rolled back');
  });

  it('refuses a database that already has tables, unless --yes', () => {
    const refused = runCli(['trace', dir, '--db', cluster!.url('busy')], dir);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /already has 1 table: .*Use a throwaway or shadow database, or add --yes\./);
    const allowed = runCli(['trace', dir, '--db', cluster!.url('busy'), '--yes'], dir);
    assert.equal(allowed.status, 1, allowed.stderr);
    assert.match(allowed.stdout, /REWROTE public\.orders/);
    assert.equal(cluster!.psql("SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'", 'busy').trim(), 'customers');
  });
});
