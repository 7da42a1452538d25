// Schema-aware editor features over the real protocol, on a workspace folder of Flyway migrations: the server
// builds the workspace catalog (migration order, ALTERs in later files, unsaved text of open migrations), then
// completes columns after an alias, hovers tables and columns, goes to their definitions, lists symbols and
// folding ranges, and reports unknown columns with a quick fix that makes the diagnostic go away.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  MarkupContent,
  Position,
} from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';

const V1 = `-- The first schema.
CREATE TABLE customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email text NOT NULL UNIQUE,
  name text
);

CREATE TABLE orders (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status text NOT NULL DEFAULT 'new'
);
`;
const V2 = `ALTER TABLE orders ADD COLUMN total numeric(12,2) NOT NULL DEFAULT 0;
CREATE INDEX orders_customer_idx ON orders (customer_id, status);
`;
const V3 = `CREATE SCHEMA billing;
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, order_id bigint REFERENCES orders);
`;

describe('lsp: schema-aware features on a migrations folder', function () {
  let client: LspClient;
  let dir: string;
  let n = 0;
  const migration = (name: string): string => pathToFileURL(join(dir, 'db', 'migration', name)).href;
  const freshUri = (): string => pathToFileURL(join(dir, 'queries', `q-${++n}.sql`)).href;

  before(async function () {
    this.timeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'pg-architect-schema-'));
    const files: Record<string, string> = {
      'db/migration/V1__init.sql': V1,
      'db/migration/V2__order_totals.sql': V2,
      'db/migration/V3__billing.sql': V3,
      'queries/.keep.sql': '',
      // Excluded by pg-architect.json: its table must not reach the catalog.
      'db/legacy/V1__old.sql': 'CREATE TABLE legacy_things (id int);\n',
      'pg-architect.json': JSON.stringify({ exclude: ['db/legacy/**'] }),
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => {
    await client?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Opens `text` with `|` marking the cursor; returns the URI and the cursor position. */
  function openAt(text: string): { uri: string; position: Position } {
    const uri = freshUri();
    const at = text.indexOf('|');
    const document = client.open(uri, text.replace('|', ''));
    return { uri, position: document.positionAt(at) };
  }

  async function completionLabels(uri: string, position: Position): Promise<string[]> {
    const result = await client.request<CompletionList | CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position });
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    return items.map((i) => i.label);
  }

  async function hoverText(uri: string, position: Position): Promise<string> {
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
    return (hover?.contents as MarkupContent | undefined)?.value ?? '';
  }

  /** Diagnostics of the current version once they include (or, with `absent`, exclude) `code`. */
  async function diagnosticsWith(uri: string, code: string, absent = false): Promise<Diagnostic[]> {
    const version = client.document(uri).version;
    const ok = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.code === code) !== absent;
    const received = (client.published.get(uri) ?? []).filter((p) => p.version === version).at(-1);
    if (received && ok(received.diagnostics)) return received.diagnostics;
    return client.nextDiagnostics(uri, (p) => p.version === version && ok(p.diagnostics));
  }

  it('completes the columns of an aliased table, including one added by a later migration', async () => {
    const { uri, position } = openAt('SELECT o.| FROM orders o;\n');
    const labels = await completionLabels(uri, position);
    assert.deepEqual(labels, ['id', 'customer_id', 'status', 'total']);
  });

  it('completes while the statement does not parse yet, and offers tables after FROM', async () => {
    const mid = openAt('SELECT * FROM orders o JOIN customers c ON c.|');
    assert.deepEqual(await completionLabels(mid.uri, mid.position), ['id', 'email', 'name']);
    const from = openAt('SELECT * FROM |');
    const labels = await completionLabels(from.uri, from.position);
    for (const name of ['customers', 'orders', 'billing']) assert.ok(labels.includes(name), `${name} in ${labels.join(', ')}`);
    assert.ok(!labels.includes('legacy_things'), 'excluded files are not applied');
    const qualified = openAt('SELECT * FROM billing.|');
    assert.deepEqual(await completionLabels(qualified.uri, qualified.position), ['invoices']);
  });

  it('hovers a table with its columns, keys, indexes and references, before the statement hover', async () => {
    const { uri, position } = openAt('SELECT * FROM ord|ers;\n');
    await client.waitForDiagnostics(uri);
    const value = await hoverText(uri, position);
    assert.match(value, /^\*\*table\*\* `public\.orders`/);
    assert.match(value, /\| 🔑 id \| `bigint NOT NULL GENERATED ALWAYS AS IDENTITY` \|/);
    assert.match(value, /\| total \| `numeric\(12,2\) NOT NULL DEFAULT 0` \|/);
    assert.match(value, /\*\*Primary key:\*\* \(id\)/);
    assert.match(value, /orders_customer_idx.*\(customer_id, status\)/);
    assert.match(value, /\(customer_id\) → public\.customers \(id\)/);
    assert.match(value, /\*\*Referenced by:\*\*\n- billing\.invoices \(order_id\)/);
  });

  it('hovers a column: type, nullability, default and the indexes that contain it', async () => {
    const { uri, position } = openAt('SELECT o.sta|tus FROM orders o;\n');
    await client.waitForDiagnostics(uri);
    const value = await hoverText(uri, position);
    assert.match(value, /\*\*column\*\* `public\.orders\.status`/);
    assert.match(value, /`text` — NOT NULL/);
    assert.match(value, /Default: `'new'`/);
    assert.match(value, /orders_customer_idx.* — column 2/);
  });

  it('goes to the CREATE TABLE of a table and the ADD COLUMN of a column, across files', async () => {
    const table = openAt('SELECT o.total FROM or|ders o;\n');
    const [at] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: table.uri }, position: table.position });
    assert.equal(at?.uri, migration('V1__init.sql'));
    assert.deepEqual(at.range, { start: { line: 7, character: 13 }, end: { line: 7, character: 19 } });
    const column = openAt('SELECT o.tot|al FROM orders o;\n');
    const [col] = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: column.uri }, position: column.position });
    assert.equal(col?.uri, migration('V2__order_totals.sql'));
    assert.equal(col.range.start.line, 0);
  });

  it('reports an unknown column with "did you mean" and a quick fix that removes the diagnostic', async () => {
    const uri = freshUri();
    client.open(uri, 'SELECT o.totl, c.email\nFROM orders o JOIN customers c ON c.id = o.customer_id;\n');
    const diagnostic = (await diagnosticsWith(uri, 'unknown-column')).find((d) => d.code === 'unknown-column');
    assert.ok(diagnostic);
    assert.equal(diagnostic.message, 'Column "totl" does not exist in "public.orders". Did you mean "total"?');
    assert.deepEqual(diagnostic.range, { start: { line: 0, character: 9 }, end: { line: 0, character: 13 } });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    const fix = actions.find((a) => a.title === 'Change to "total"');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.equal(fix.isPreferred, true);
    const text = client.editedText(uri, fix.edit);
    assert.equal(text, 'SELECT o.total, c.email\nFROM orders o JOIN customers c ON c.id = o.customer_id;\n');
    client.setText(uri, text);
    const after = await diagnosticsWith(uri, 'unknown-column', true);
    assert.deepEqual(after.filter((d) => String(d.code).startsWith('unknown-')), []);
  });

  it('reports unknown tables and INSERT count mismatches, but not names the workspace cannot know', async () => {
    const uri = freshUri();
    client.open(uri, [
      'SELECT * FROM ordrs;',
      'INSERT INTO orders (customer_id, status) VALUES (1, \'new\', 3);',
      'SELECT * FROM pg_class, information_schema.tables, analytics.events;',
      'WITH recent AS (SELECT * FROM orders) SELECT recent.total FROM recent;',
      'CREATE TEMP TABLE scratch (a int); SELECT a FROM scratch;',
      'SELECT * FROM generate_series(1, 3) g;',
      '',
    ].join('\n'));
    const diagnostics = (await diagnosticsWith(uri, 'unknown-table')).filter((d) => ['unknown-table', 'unknown-column', 'insert-column-count'].includes(String(d.code)));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start.line, d.message]), [
      ['unknown-table', 0, 'Table "ordrs" does not exist in the workspace schema. Did you mean "orders"?'],
      ['insert-column-count', 1, 'INSERT has more expressions (3) than target columns (2).'],
    ]);
  });

  it('follows unsaved edits of an open migration', async () => {
    const uri = migration('V2__order_totals.sql');
    client.open(uri, V2);
    client.setText(uri, `${V2}ALTER TABLE orders ADD COLUMN discount numeric;\n`);
    const query = openAt('SELECT o.| FROM orders o;\n');
    let labels: string[] = [];
    for (let attempt = 0; attempt < 100 && !labels.includes('discount'); attempt++) {
      labels = await completionLabels(query.uri, query.position);
      if (!labels.includes('discount')) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(labels, ['id', 'customer_id', 'status', 'total', 'discount']);
    client.close(uri);
  });

  it('picks up a migration created on disk when the client reports it', async () => {
    const path = join(dir, 'db', 'migration', 'V4__shipments.sql');
    writeFileSync(path, 'CREATE TABLE shipments (id bigint PRIMARY KEY, order_id bigint REFERENCES orders, shipped_at timestamptz);\n');
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path).href, type: 1 }] });
    const query = openAt('SELECT s.| FROM shipments s;\n');
    let labels: string[] = [];
    for (let attempt = 0; attempt < 100 && labels.length === 0; attempt++) {
      labels = await completionLabels(query.uri, query.position);
      if (labels.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(labels, ['id', 'order_id', 'shipped_at']);
  });

  it('lists the tables, columns and indexes of a file as symbols, and folds its statements', async () => {
    const uri = migration('V1__init.sql');
    client.open(uri, V1);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols.map((s) => [s.name, s.children?.map((c) => c.name)]), [
      ['customers', ['id', 'email', 'name']],
      ['orders', ['id', 'customer_id', 'status']],
    ]);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[1, 5], [7, 11]]);
    client.close(uri);
  });
});
