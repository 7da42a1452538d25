// The connected database's catalog in the language server, over the real protocol: a catalog introspected from
// a real database (PGlite, ANALYZEd rows) is sent as the client sends it (pgArchitect/databaseCatalog), and the
// server merges it with the workspace's migrations: completion offers tables only the database has, hover shows
// row estimates and sizes, unknown-table stops firing for them, unindexed-filter-on-large-table fires for a
// large table without a fitting index and not with one, and a disconnect returns to the workspace-only view.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { CompletionItem, CompletionList, Diagnostic, Hover, Location, MarkupContent, Position } from 'vscode-languageserver-protocol/node';
import { DATABASE_CATALOG_NOTIFICATION, type DatabaseCatalogParams } from '../../core/catalog/database-snapshot';
import { introspectCatalog } from '../../core/catalog/introspect/introspect';
import { serializeCatalog } from '../../core/catalog/serialize';
import { LspClient } from '../helpers/lsp-client';

const UNINDEXED = 'unindexed-filter-on-large-table';

// What the workspace's migrations say: V1 is applied to the database, V2 is not yet.
const V1 = 'CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);\n';
const V2 = 'ALTER TABLE customers ADD COLUMN nickname text;\n';

// The database: V1 applied, plus tables no migration in this workspace describes.
const DATABASE = `
CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO customers SELECT g, 'c' || g || '@example.com' FROM generate_series(1, 50) g;
CREATE TABLE page_views (id bigint PRIMARY KEY, account_id bigint NOT NULL, path text);
INSERT INTO page_views SELECT g, g % 97, '/p/' || (g % 13) FROM generate_series(1, 5000) g;
CREATE TABLE sessions (id bigint PRIMARY KEY, account_id bigint NOT NULL, started_at timestamptz);
INSERT INTO sessions SELECT g, g % 89, now() FROM generate_series(1, 5000) g;
CREATE INDEX sessions_account_idx ON sessions (account_id);
ANALYZE;
`;

describe('lsp: the connected database’s catalog', function () {
  this.timeout(120_000);
  let client: LspClient;
  let dir: string;
  let database: DatabaseCatalogParams;
  let n = 0;
  const freshUri = (): string => pathToFileURL(join(dir, 'queries', `q-${++n}.sql`)).href;

  before(async function () {
    dir = mkdtempSync(join(tmpdir(), 'pg-architect-database-'));
    const files: Record<string, string> = {
      'db/migration/V1__customers.sql': V1,
      'db/migration/V2__nickname.sql': V2,
      'queries/.keep.sql': '',
      // A threshold below the tables' 5,000 rows (the default is 100,000).
      'pg-architect.json': JSON.stringify({ rules: { [UNINDEXED]: { severity: 'info', minRows: 1000 } } }),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const db = await PGlite.create();
    try {
      await db.exec(DATABASE);
      const { catalog, problems } = await introspectCatalog(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
      assert.deepEqual(problems, []);
      assert.equal(catalog.relation({ schema: 'public', name: 'page_views' })?.rowEstimate, 5000);
      const version = (await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0].v;
      database = { database: { name: 'pglite-test', serverVersion: Math.floor(Number(version) / 10000), readAt: new Date().toISOString(), catalog: serializeCatalog(catalog) } };
    } finally {
      await db.close();
    }
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function openAt(text: string): { uri: string; position: Position } {
    const uri = freshUri();
    const at = text.indexOf('|');
    const document = client.open(uri, text.replace('|', ''));
    return { uri, position: document.positionAt(at) };
  }

  async function completionLabels(uri: string, position: Position): Promise<string[]> {
    const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position });
    return (Array.isArray(result) ? result : (result?.items ?? [])).map((i) => i.label);
  }

  async function hoverText(uri: string, position: Position): Promise<string> {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    return (hover?.contents as MarkupContent | undefined)?.value ?? '';
  }

  /** The diagnostics of the current version once `accept` holds for them (received already or still to come). */
  async function diagnosticsWhere(uri: string, accept: (ds: readonly Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const version = client.document(uri).version;
    const received = (client.published.get(uri) ?? []).filter((p) => p.version === version).at(-1);
    if (received && accept(received.diagnostics)) return received.diagnostics;
    return client.nextDiagnostics(uri, (p) => p.version === version && accept(p.diagnostics));
  }
  const codes = (ds: readonly Diagnostic[], code: string): Diagnostic[] => ds.filter((d) => d.code === code);

  const QUERIES = [
    'SELECT * FROM page_views WHERE account_id = 7;',
    'SELECT * FROM sessions WHERE account_id = 7;',
    'SELECT c.nickname, c.email FROM customers c WHERE c.email = $1;',
    '',
  ].join('\n');

  it('without a database: tables only the database has are unknown, and nothing is called large', async () => {
    const uri = freshUri();
    client.open(uri, QUERIES);
    const ds = await diagnosticsWhere(uri, (d) => codes(d, 'unknown-table').length === 2);
    assert.deepEqual(codes(ds, 'unknown-table').map((d) => d.message), [
      'Table "page_views" does not exist in the workspace schema.',
      'Table "sessions" does not exist in the workspace schema.',
    ]);
    assert.deepEqual(codes(ds, UNINDEXED), []);
    const from = openAt('SELECT * FROM |');
    assert.ok(!(await completionLabels(from.uri, from.position)).includes('page_views'));
  });

  it('with the database: completion, hover with row estimates, no unknown-table, and the unindexed filter', async () => {
    const uri = freshUri();
    client.open(uri, QUERIES);
    await client.waitForDiagnostics(uri);
    await client.notify(DATABASE_CATALOG_NOTIFICATION, database);

    const ds = await diagnosticsWhere(uri, (d) => codes(d, 'unknown-table').length === 0 && codes(d, UNINDEXED).length > 0);
    // page_views: 5,000 rows and no index on account_id; sessions has one; customers is small.
    const unindexed = codes(ds, UNINDEXED);
    assert.equal(unindexed.length, 1, JSON.stringify(ds));
    assert.deepEqual(unindexed[0].range, { start: { line: 0, character: 14 }, end: { line: 0, character: 24 } });
    assert.equal(unindexed[0].severity, 3);
    assert.match(unindexed[0].message, /^"page_views" has ~5,000 rows in database "pglite-test" and this query filters or joins it on account_id, but no index starts with account_id/);
    // The column of a migration not applied yet still counts.
    assert.deepEqual(codes(ds, 'unknown-column'), []);
    // Hovering the finding explains it, with its documentation page.
    const findingHover = await hoverText(uri, unindexed[0].range.start);
    assert.match(findingHover, /\*\*unindexed-filter-on-large-table\*\* — A query filters or joins a large table/);
    assert.match(findingHover, /\[More…\]\(file:.*unindexed-filter-on-large-table\.md\)/);

    const from = openAt('SELECT * FROM |');
    const labels = await completionLabels(from.uri, from.position);
    for (const name of ['page_views', 'sessions', 'customers']) assert.ok(labels.includes(name), `${name} in ${labels.join(', ')}`);
    const columns = openAt('SELECT c.| FROM customers c;');
    assert.deepEqual(await completionLabels(columns.uri, columns.position), ['id', 'email', 'nickname']);

    const table = openAt('SELECT * FROM page_vi|ews;');
    const tableHover = await hoverText(table.uri, table.position);
    assert.match(tableHover, /^\*\*table\*\* `public\.page_views`/);
    assert.match(tableHover, /~5,000 rows, [\d.]+ kB, from database `pglite-test`/);
    assert.match(tableHover, /page_views_pkey.*\(primary key\)/);
    const column = openAt('SELECT s.account|_id FROM sessions s;');
    const columnHover = await hoverText(column.uri, column.position);
    assert.match(columnHover, /\*\*Indexes containing it \(database `pglite-test`\):\*\*\n- `sessions_account_idx`: `\(account_id\)` — leading column/);
    const bare = openAt('SELECT p.account|_id FROM page_views p;');
    assert.match(await hoverText(bare.uri, bare.position), /No index contains this column in database `pglite-test`\./);

    // Tables both have still lead to their migration.
    const defined = openAt('SELECT * FROM custo|mers;');
    const [at] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: defined.uri }, position: defined.position });
    assert.equal(at?.uri, pathToFileURL(join(dir, 'db', 'migration', 'V1__customers.sql')).href);
    const nowhere = openAt('SELECT * FROM page_vi|ews;');
    assert.deepEqual(await client.request<Location[]>('textDocument/definition', { textDocument: { uri: nowhere.uri }, position: nowhere.position }), []);

    assert.ok(client.logs.some((l) => /Database catalog of "pglite-test" \(PostgreSQL \d+, read .*\): 3 relation\(s\), 4 index\(es\)/.test(l.message)), client.logs.map((l) => l.message).join('\n'));
  });

  it('keeps what it has when the client sends something malformed, and does not crash', async () => {
    await client.notify(DATABASE_CATALOG_NOTIFICATION, { database: { name: 'broken', readAt: 'now', catalog: { format: 99 } } });
    await client.notify(DATABASE_CATALOG_NOTIFICATION, { nonsense: true });
    const from = openAt('SELECT * FROM |');
    assert.ok((await completionLabels(from.uri, from.position)).includes('page_views'));
    assert.ok(client.running);
    assert.ok(client.logs.some((l) => l.message.includes('Ignoring a database catalog the client sent: "database.catalog": unsupported catalog format 99')));
  });

  it('after a disconnect (null): back to the workspace-only view', async () => {
    const uri = freshUri();
    client.open(uri, QUERIES);
    await diagnosticsWhere(uri, (d) => codes(d, UNINDEXED).length === 1);
    await client.notify(DATABASE_CATALOG_NOTIFICATION, { database: null });
    const ds = await diagnosticsWhere(uri, (d) => codes(d, 'unknown-table').length === 2);
    assert.deepEqual(codes(ds, UNINDEXED), []);
    const from = openAt('SELECT * FROM |');
    assert.ok(!(await completionLabels(from.uri, from.position)).includes('page_views'));
    const table = openAt('SELECT * FROM custo|mers;');
    const hover = await hoverText(table.uri, table.position);
    assert.match(hover, /^\*\*table\*\* `public\.customers`/);
    assert.doesNotMatch(hover, /rows|from database/);
    assert.ok(client.logs.some((l) => l.message.includes('Database "pglite-test" disconnected')));
  });
});
