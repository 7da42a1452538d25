// The embedded default database (PGlite, PostgreSQL 18): the workspace's schema replayed (DDL only), reused
// across starts, rebuilt when an earlier file changes; EXPLAIN through the same runner as a real server.
import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbedded } from '../../core/db/embedded';
import { runExplain } from '../../core/db/explain-runner';
import type { SchemaFile } from '../../core/db/schema-replay';
import { folder, runCli } from '../unit/cli/run-cli';

const V1: SchemaFile = {
  path: 'migrations/001_shop.sql',
  text: `CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total bigint NOT NULL);
INSERT INTO customers (email) VALUES ('seed@example.com');
DO $$ BEGIN RAISE EXCEPTION 'DO blocks are not replayed'; END $$;`,
};
const V2: SchemaFile = { path: 'migrations/002_index.sql', text: 'CREATE INDEX orders_customer_id_idx ON orders (customer_id);' };

describe('embedded PostgreSQL (PGlite)', function () {
  this.timeout(180_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'pga-embedded-'));

  it('replays the schema (DDL only) and explains a query on it', async () => {
    const db = await openEmbedded(dataDir, [V1]);
    try {
      assert.equal(db.session.serverVersion, 18);
      assert.equal(db.filesApplied, 1);
      assert.deepEqual(db.problems, []);
      const seeded = await db.session.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
      assert.equal(seeded.rows[0].n, 0, 'INSERTs of schema files are not run');
      const outcome = await runExplain(db.session, { sql: 'SELECT * FROM orders WHERE customer_id = 7', analyze: false });
      assert.ok('plan' in outcome, JSON.stringify(outcome));
      assert.equal(outcome.plan.root.relationName, 'orders');
      assert.match(outcome.options, /SETTINGS/);
    } finally {
      await db.session.close();
    }
  });

  it('reuses the data directory: nothing re-applied when nothing changed, new files applied on top', async () => {
    const again = await openEmbedded(dataDir, [V1]);
    assert.deepEqual([again.filesApplied, again.rebuilt], [0, false]);
    await again.session.close();
    const more = await openEmbedded(dataDir, [V1, V2]);
    try {
      assert.deepEqual([more.filesApplied, more.rebuilt], [1, false]);
      const plan = await runExplain(more.session, { sql: 'SELECT * FROM orders WHERE customer_id = 7', analyze: false });
      assert.ok('plan' in plan);
    } finally {
      await more.session.close();
    }
  });

  it('rebuilds the schema when an earlier file changed', async () => {
    const changed: SchemaFile = { path: V1.path, text: V1.text.replace('total bigint NOT NULL', 'total bigint NOT NULL, note text') };
    const db = await openEmbedded(dataDir, [changed, V2]);
    try {
      assert.deepEqual([db.filesApplied, db.rebuilt], [2, true]);
      const cols = await db.session.query<{ n: number }>("SELECT count(*)::int AS n FROM information_schema.columns WHERE table_name = 'orders' AND column_name = 'note'");
      assert.equal(cols.rows[0].n, 1);
    } finally {
      await db.session.close();
    }
  });

  it('refuses what it must, asks for confirmation and parameters, and never keeps data changes', async () => {
    const db = await openEmbedded(dataDir, [V1, V2]);
    try {
      await db.session.query("INSERT INTO customers (email) VALUES ('a@example.com'), ('b@example.com')");
      const vacuum = await runExplain(db.session, { sql: 'VACUUM customers', analyze: true });
      assert.ok('refused' in vacuum && /VACUUM/.test(vacuum.refused));
      const unconfirmed = await runExplain(db.session, { sql: 'DELETE FROM customers', analyze: true });
      assert.ok('refused' in unconfirmed && unconfirmed.needs === 'confirmation');
      const confirmed = await runExplain(db.session, { sql: 'DELETE FROM customers', analyze: true, allowDataChanges: true });
      assert.ok('plan' in confirmed, JSON.stringify(confirmed));
      assert.equal(confirmed.plan.root.nodeType, 'ModifyTable');
      assert.equal(confirmed.plan.analyzed, true);
      const left = await db.session.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
      assert.equal(left.rows[0].n, 2, 'EXPLAIN ANALYZE DELETE was rolled back');
      const generic = await runExplain(db.session, { sql: 'SELECT * FROM orders WHERE customer_id = $1', analyze: false });
      assert.ok('plan' in generic && generic.generic, JSON.stringify(generic));
      // Bound values would be folded into the plan (`customer_id = NULL` plans as One-Time Filter: false).
      assert.match(JSON.stringify(generic.plan.root), /customer_id = \$1/);
      const needs = await runExplain(db.session, { sql: 'SELECT * FROM orders WHERE customer_id = $1', analyze: true });
      assert.ok('refused' in needs && needs.needs === 'parameters');
      const bound = await runExplain(db.session, { sql: 'SELECT * FROM orders WHERE customer_id = $1', analyze: true, parameters: ['42'] });
      assert.ok('plan' in bound && !bound.generic, JSON.stringify(bound));
    } finally {
      await db.session.close();
    }
  });

  it('the CLI replays --schema files and folders as given, and says which paths gave nothing', () => {
    const dir = folder({
      'db/schema.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY, owner text);',
      'extra/later.sql': 'CREATE INDEX accounts_owner_idx ON accounts (owner);',
      'q.sql': "SELECT * FROM accounts WHERE owner = 'x';",
    });
    const cache = { XDG_CACHE_HOME: join(dir, 'cache') };
    const run = runCli(['explain', 'q.sql', '--format', 'json', '--schema', 'db/schema.sql', '--schema', 'extra', '--schema', 'missing.sql'], dir, cache);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /--schema missing\.sql: no such file or folder/);
    assert.match(run.stderr, /2 schema files applied/);
    assert.match(run.stdout, /accounts_owner_idx/, 'the plan uses the index of the second path');
  });

  it('explain --timing: the embedded database\'s start and its schema named apart, the first run applying what a later run reuses', () => {
    const dir = folder({ 'db/schema.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY, owner text);', 'q.sql': "SELECT * FROM accounts WHERE owner = 'x';" });
    const cache = { XDG_CACHE_HOME: join(dir, 'cache') };
    const phase = (stderr: string, name: RegExp): number => Number(new RegExp(`^  ${name.source} +([\\d,]+) ms +\\d+ %$`, 'm').exec(stderr)?.[1].replace(/,/g, '') ?? NaN);
    const first = runCli(['explain', 'q.sql', '--format', 'json', '--schema', 'db', '--timing'], dir, cache);
    assert.equal(first.status, 0, first.stderr);
    assert.ok(JSON.parse(first.stdout).length === 1, 'the report on stdout is unchanged');
    for (const name of [/start-up \(Node\.js, loading pg-architect[^)]*\)/, /starting the embedded PostgreSQL/, /its schema \(1 of 1 file applied\)/, /EXPLAIN and its analysis/]) {
      assert.ok(phase(first.stderr, name) >= 0, `${name} in\n${first.stderr}`);
    }
    const again = runCli(['explain', 'q.sql', '--format', 'json', '--schema', 'db', '--timing'], dir, cache);
    assert.ok(phase(again.stderr, /its schema \(0 of 1 file applied\)/) >= 0, again.stderr);
  });

  it('explain --advise: the index advisor on the same embedded database, in the text and in the JSON', () => {
    const dir = folder({
      'db/schema.sql': 'CREATE TABLE accounts (id bigint PRIMARY KEY, owner text, created_at timestamptz);',
      'q.sql': "SELECT * FROM accounts WHERE owner = 'x' ORDER BY created_at LIMIT 5;\nCREATE TABLE nope (id int);",
    });
    const cache = { XDG_CACHE_HOME: join(dir, 'cache') };
    const json = runCli(['explain', 'q.sql', '--advise', '--format', 'json', '--schema', 'db'], dir, cache);
    assert.equal(json.status, 0, json.stderr);
    const [first] = JSON.parse(json.stdout) as { indexAdvice?: { route: string; candidates: { sql: string }[]; notes: string[] } }[];
    assert.equal(first.indexAdvice?.route, 'rollback');
    assert.ok(first.indexAdvice.candidates.some((c) => /ON public\.accounts \(owner\b/.test(c.sql)), JSON.stringify(first.indexAdvice));
    assert.ok(first.indexAdvice.notes.some((n) => /no rows or no statistics/.test(n)), 'empty tables are named as the reason nothing is verified');
    const text = runCli(['explain', 'q.sql', '--advise', '--schema', 'db'], dir, cache);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /^Index advisor:\n {2}on embedded PostgreSQL/m);
  });
});
