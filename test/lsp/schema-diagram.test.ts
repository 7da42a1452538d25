// The schema diagram's data over LSP (workspace/executeCommand pgArchitect.server.schemaDiagram), from the real
// language server on a migration folder: the graph after the last migration with the points to pick, a point
// of the history, two points compared, and clear answers for bad arguments.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { DATABASE_CATALOG_NOTIFICATION, type DatabaseCatalogParams } from '../../core/catalog/database-snapshot';
import { introspectCatalog } from '../../core/catalog/introspect/introspect';
import { serializeCatalog } from '../../core/catalog/serialize';
import type { SchemaGraph } from '../../core/schema-diagram/graph';
import { LspClient } from '../helpers/lsp-client';

type Answer = { graph?: SchemaGraph; points?: { value: string; label: string }[]; error?: string };

describe('schema diagram through workspace/executeCommand', function () {
  this.timeout(120_000);
  let client: LspClient;
  let project: string;

  before(async () => {
    project = mkdtempSync(join(tmpdir(), 'pga-schema-cmd-'));
    mkdirSync(join(project, 'migrations'));
    writeFileSync(join(project, 'migrations', '001_customers.sql'), 'CREATE TABLE customers (id bigint PRIMARY KEY, email text);\n');
    writeFileSync(join(project, 'migrations', '002_orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));\n');
    writeFileSync(join(project, 'migrations', '003_email.sql'), 'ALTER TABLE customers ALTER COLUMN email SET NOT NULL;\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n');
    client = await LspClient.start({ workspaceFolders: [project], cwd: project });
  });
  after(async () => {
    if (client?.running) await client.stop();
  });

  const diagram = (args: unknown): Promise<Answer> => client.request<Answer>('workspace/executeCommand', { command: 'pgArchitect.server.schemaDiagram', arguments: [args] });

  it('is announced, and answers the schema after the last migration with the points of its history', async () => {
    assert.ok(client.initializeResult.capabilities.executeCommandProvider?.commands.includes('pgArchitect.server.schemaDiagram'));
    const r = await diagram({});
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual(r.graph?.nodes.map((n) => n.id), ['public.customers', 'public.orders']);
    const edge = r.graph?.edges[0];
    assert.deepEqual([edge?.from, edge?.to, edge?.indexed, edge?.optional], ['public.orders', 'public.customers', true, true]);
    assert.deepEqual(r.points?.map((p) => p.label), ['empty (before the first migration)', 'after migrations/001_customers.sql', 'after migrations/002_orders.sql', 'after migrations/003_email.sql', 'after the last migration']);
    // Locations are the files' URIs: the editor opens them.
    const orders = r.graph?.nodes.find((n) => n.id === 'public.orders');
    assert.equal(orders?.location?.file, pathToFileURL(join(project, 'migrations', '002_orders.sql')).toString());
    assert.equal(orders?.history?.length, 2);
  });

  it('draws a point of the history and two points compared', async () => {
    const { points } = await diagram({});
    const second = points!.find((p) => p.label.endsWith('002_orders.sql'))!.value;
    const at = await diagram({ at: second });
    assert.equal(at.graph?.edges[0].indexed, false, 'before 003 no index serves the key');
    assert.deepEqual(at.graph?.nodes.find((n) => n.id === 'public.orders')?.badges.map((b) => b.ruleId), ['foreign-key-missing-index']);
    const compared = await diagram({ from: second, at: 'end' });
    assert.deepEqual(compared.graph?.compared, { from: 'after migrations/002_orders.sql', to: 'after the last migration' });
    const email = compared.graph?.nodes.find((n) => n.id === 'public.customers')?.columns.find((c) => c.name === 'email');
    assert.deepEqual([email?.change, email?.was], ['altered', 'now NOT NULL']);
  });

  it('draws the connected database\'s schema (row estimates included) and compares it with the migrations', async () => {
    // A real database, read as the client reads one, whose schema went further than the migrations: a column added
    // by hand, a table the migrations do not have, and rows.
    const db = await PGlite.create();
    let params: DatabaseCatalogParams;
    try {
      await db.exec(`CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, vip boolean);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));
CREATE INDEX orders_customer_idx ON orders (customer_id);
CREATE TABLE audit (at timestamptz);
INSERT INTO customers SELECT g, 'c' || g FROM generate_series(1, 300) g;
ANALYZE;`);
      const { catalog } = await introspectCatalog(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
      params = { database: { name: 'staging', serverVersion: 18, readAt: new Date().toISOString(), catalog: serializeCatalog(catalog) } };
    } finally {
      await db.close();
    }
    await client.notify(DATABASE_CATALOG_NOTIFICATION, params);
    const answer = async (args: unknown): Promise<Answer> => {
      // The notification is handled asynchronously: ask until the database is known.
      for (let i = 0; i < 50; i++) {
        const r = await diagram(args);
        if (!r.error) return r;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return diagram(args);
    };
    const live = await answer({ at: 'database' });
    assert.equal(live.error, undefined, live.error);
    assert.deepEqual(live.points?.at(-1), { value: 'database', label: 'database staging' });
    assert.deepEqual(live.graph?.source, { kind: 'database', label: 'database staging' });
    assert.equal(live.graph?.nodes.find((n) => n.id === 'public.customers')?.rowEstimate, 300);
    assert.ok(live.graph?.nodes.find((n) => n.id === 'public.audit')?.badges.some((b) => b.ruleId === 'require-primary-key'));
    // The migrations against the database: what the database has that they do not.
    const drift = await answer({ from: 'end', at: 'database' });
    assert.equal(drift.graph?.nodes.find((n) => n.id === 'public.audit')?.change, 'added');
    assert.equal(drift.graph?.nodes.find((n) => n.id === 'public.customers')?.columns.find((c) => c.name === 'vip')?.change, 'added');
    await client.notify(DATABASE_CATALOG_NOTIFICATION, { database: null });
  });

  it('answers bad arguments with a message and keeps serving', async () => {
    assert.match((await diagram({ at: 'nope.sql' })).error ?? '', /not a schema file of the project/);
    assert.match((await diagram({ at: 42 })).error ?? '', /takes one argument/);
    assert.match((await diagram({ at: 'database' })).error ?? '', /no database connected/);
    assert.equal((await diagram({ uri: pathToFileURL(join(project, 'migrations', '001_customers.sql')).toString() })).graph?.nodes.length, 2);
  });
});
