// Find references, rename and workspace symbols over the real protocol: a folder of Flyway migrations and query
// files (only some open, one with unsaved edits), the repository's examples/ folder, and a pg_dump schema from the
// corpus. Renames are applied to the files' texts and checked by parsing them again.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Location, Position, Range, SymbolInformation, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from '../../core/parse/document';
import { DEFAULT_CAPABILITIES, LspClient, ROOT } from '../helpers/lsp-client';

const CAPABILITIES = {
  ...DEFAULT_CAPABILITIES,
  workspace: { ...DEFAULT_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] } },
  textDocument: { ...DEFAULT_CAPABILITIES.textDocument, rename: { prepareSupport: true } },
};

const FILES: Record<string, string> = {
  'db/migration/V1__init.sql': `CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status text NOT NULL DEFAULT 'new'
);
CREATE INDEX orders_status_idx ON orders (status);
`,
  'db/migration/V2__touch.sql': `ALTER TABLE orders ADD COLUMN total numeric;
CREATE FUNCTION set_status(p_id bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE orders SET status = 'done' WHERE id = p_id;
  EXECUTE 'UPDATE orders SET status = ''x''';
END $$;
`,
  'queries/report.sql': `SELECT o.id, o.status, c.email
FROM orders o JOIN customers c ON c.id = o.customer_id
WHERE o.status <> 'done';
`,
  'queries/fix.sql': `UPDATE orders SET status = 'new' WHERE status IS NULL;
SELECT set_status(1), now();
`,
};

/** The text at a location: the open document's (client copy) or the file's on disk. */
function textAt(client: LspClient, location: Location): string {
  let text: string;
  try {
    text = client.document(location.uri).getText();
  } catch {
    text = readFileSync(fileURLToPath(location.uri), 'utf8');
  }
  const d = TextDocument.create(location.uri, 'sql', 0, text);
  return text.slice(d.offsetAt(location.range.start), d.offsetAt(location.range.end));
}

/** Applies a WorkspaceEdit to the texts it names (open documents' client copy, else the disk's). */
function applyEdit(client: LspClient, edit: WorkspaceEdit): Map<string, string> {
  const out = new Map<string, string>();
  const created = new Set<string>();
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      assert.equal(change.kind, 'create');
      created.add(change.uri);
      continue;
    }
    const uri = change.textDocument.uri;
    if (created.has(uri)) {
      out.set(uri, TextDocument.applyEdits(TextDocument.create(uri, 'sql', 0, ''), change.edits));
      continue;
    }
    let document: TextDocument;
    try {
      document = client.document(uri);
      assert.equal(change.textDocument.version, document.version, `version of open ${uri}`);
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      assert.equal(change.textDocument.version, null, `no version for ${uri}, not open`);
      document = TextDocument.create(uri, 'sql', 0, readFileSync(fileURLToPath(uri), 'utf8'));
    }
    out.set(uri, TextDocument.applyEdits(document, change.edits));
  }
  return out;
}

function tokens(text: string): string[] {
  return parseDocument(text).statements.flatMap((s) => s.tokens().map((t) => t.text));
}

describe('lsp: find references, rename and workspace symbols', function () {
  this.timeout(120_000);
  let client: LspClient;
  let dir: string;
  const uriOf = (name: string): string => pathToFileURL(join(dir, name)).href;
  const short = (uri: string): string => uri.slice(pathToFileURL(dir).href.length + 1);

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pg-architect-refs-'));
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    client = await LspClient.start({ workspaceFolders: [dir], capabilities: CAPABILITIES });
    client.open(uriOf('queries/report.sql'), FILES['queries/report.sql']);
  });
  after(async () => {
    await client?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function positionOf(name: string, marked: string): Position {
    const text = FILES[name];
    const at = text.indexOf(marked.replace('|', ''));
    assert.ok(at >= 0, marked);
    return TextDocument.create('x', 'sql', 0, text).positionAt(at + marked.indexOf('|'));
  }

  async function references(name: string, marked: string, includeDeclaration = true): Promise<string[]> {
    const locations = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf(name) }, position: positionOf(name, marked), context: { includeDeclaration } });
    return locations.map((l) => `${short(l.uri)}:${l.range.start.line} ${textAt(client, l)}`);
  }

  it('announces references, rename with prepareRename, and workspace symbols', () => {
    const caps = client.initializeResult.capabilities;
    assert.equal(caps.referencesProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.equal(caps.workspaceSymbolProvider, true);
  });

  it('finds a table in every file, open or not, with or without its declaration', async () => {
    const all = await references('queries/report.sql', 'FROM or|ders o');
    assert.deepEqual(all, [
      'db/migration/V1__init.sql:1 orders',
      'db/migration/V1__init.sql:6 orders',
      'db/migration/V2__touch.sql:0 orders',
      'db/migration/V2__touch.sql:3 orders',
      'queries/fix.sql:0 orders',
      'queries/report.sql:1 orders',
    ]);
    const uses = await references('queries/report.sql', 'FROM or|ders o', false);
    assert.deepEqual(uses, all.filter((l) => l !== 'db/migration/V1__init.sql:1 orders'));
  });

  it('finds a column through an alias, in migrations, a PL/pgSQL body and DML, but not in dynamic SQL', async () => {
    const found = await references('queries/report.sql', 'o.sta|tus, c.email');
    assert.deepEqual(found, [
      'db/migration/V1__init.sql:4 status',
      'db/migration/V1__init.sql:6 status',
      'db/migration/V2__touch.sql:3 status',
      'queries/fix.sql:0 status',
      'queries/fix.sql:0 status',
      'queries/report.sql:0 status',
      'queries/report.sql:2 status',
    ]);
  });

  it('follows unsaved edits of open documents', async () => {
    const uri = uriOf('queries/fix.sql');
    client.open(uri, FILES['queries/fix.sql']);
    client.setText(uri, `${FILES['queries/fix.sql']}DELETE FROM orders WHERE status = 'gone';\n`);
    const found = await references('queries/report.sql', 'o.sta|tus, c.email');
    assert.deepEqual(found.filter((l) => l.startsWith('queries/fix.sql')), ['queries/fix.sql:0 status', 'queries/fix.sql:0 status', 'queries/fix.sql:2 status']);
  });

  it('prepares a rename on a name and refuses keywords, built-ins, aliases and dynamic SQL with the reason', async () => {
    const prepare = (name: string, marked: string): Promise<{ range: Range; placeholder: string } | null> => {
      // Editors ask about open documents only.
      try {
        client.document(uriOf(name));
      } catch {
        client.open(uriOf(name), FILES[name]);
      }
      return client.request('textDocument/prepareRename', { textDocument: { uri: uriOf(name) }, position: positionOf(name, marked) });
    };
    const ok = await prepare('queries/report.sql', 'o.sta|tus, c.email');
    assert.deepEqual(ok, { range: { start: positionOf('queries/report.sql', 'o.|status, c.email'), end: positionOf('queries/report.sql', 'o.status|, c.email') }, placeholder: 'status' });
    await assert.rejects(prepare('queries/report.sql', 'SEL|ECT'), /SQL keyword/);
    await assert.rejects(prepare('queries/fix.sql', 'no|w()'), /built-in function/);
    await assert.rejects(prepare('queries/report.sql', 'c|.email'), /alias of public\.customers/);
    await assert.rejects(prepare('db/migration/V2__touch.sql', "EXECUTE 'UPDATE ord|ers"), /string literals/);
    client.close(uriOf('db/migration/V2__touch.sql'));
  });

  it('renames a column that migrations create with a new migration: the applied ones stay as they are, the queries follow', async () => {
    const uri = uriOf('queries/report.sql');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf('queries/report.sql', 'o.sta|tus, c.email'), newName: 'State' });
    const texts = applyEdit(client, edit);
    assert.deepEqual([...texts.keys()].map(short).sort(), ['db/migration/V3__rename_orders_status_to_state.sql', 'queries/fix.sql', 'queries/report.sql']);
    const v3 = texts.get(uriOf('db/migration/V3__rename_orders_status_to_state.sql'))!;
    assert.match(v3, /^ALTER TABLE public\.orders RENAME COLUMN status TO "State";$/m);
    // set_status's body is a string PostgreSQL does not re-read on a rename: it is redefined with the new name.
    assert.match(v3, /CREATE OR REPLACE FUNCTION set_status\(p_id bigint\)[\s\S]*UPDATE orders SET "State" = 'done'/);
    for (const s of parseDocument(v3).statements) assert.equal(s.syntaxError, undefined, s.text);
    assert.match(texts.get(uriOf('queries/report.sql'))!, /o\."State"/);
    // Flyway has no down migrations: the undo is not written anywhere.
    assert.doesNotMatch(v3, /RENAME COLUMN "State" TO status/);
  });

  it('with pgArchitect.rename.migrations = "edit", renames a column everywhere: each file still parses and only the column\'s names changed', async () => {
    const uri = uriOf('queries/report.sql');
    client.settings = { rename: { migrations: 'edit' } };
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: positionOf('queries/report.sql', 'o.sta|tus, c.email'), newName: 'State' }).finally(() => (client.settings = {}));
    const texts = applyEdit(client, edit);
    assert.deepEqual([...texts.keys()].map(short).sort(), ['db/migration/V1__init.sql', 'db/migration/V2__touch.sql', 'queries/fix.sql', 'queries/report.sql']);
    for (const [changed, text] of texts) {
      const before = changed === uriOf('queries/fix.sql') ? client.document(changed).getText() : FILES[short(changed)];
      for (const s of parseDocument(text).statements) assert.equal(s.syntaxError, undefined, `${short(changed)}: ${s.text}`);
      const a = tokens(before);
      const b = tokens(text);
      assert.equal(b.length, a.length);
      const diff = a.flatMap((t, i) => (t === b[i] ? [] : [`${t}->${b[i]}`]));
      // Outside routine bodies every change is status -> "State"; the body changed in its UPDATE only.
      for (const d of diff) assert.ok(d === 'status->"State"' || /^\$\$/.test(d), d);
    }
    const v2 = texts.get(uriOf('db/migration/V2__touch.sql'))!;
    assert.match(v2, /UPDATE orders SET "State" = 'done'/);
    assert.match(v2, /EXECUTE 'UPDATE orders SET status = ''x'''/);
    assert.match(texts.get(uriOf('queries/fix.sql'))!, /DELETE FROM orders WHERE "State" = 'gone'/);
    assert.match(texts.get(uriOf('db/migration/V1__init.sql'))!, /ON orders \("State"\)/);
  });

  it('refuses a rename to a name the table already has', async () => {
    const request = client.request('textDocument/rename', { textDocument: { uri: uriOf('queries/report.sql') }, position: positionOf('queries/report.sql', 'o.sta|tus, c.email'), newName: 'total' });
    await assert.rejects(request, /already has a column "total"/);
  });

  it('refuses a rename that a JOIN ... USING list would not survive, saying where it is', async () => {
    const join = uriOf('queries/join.sql');
    client.open(join, 'SELECT email FROM orders JOIN customers USING (id);\n');
    const request = client.request('textDocument/rename', { textDocument: { uri: uriOf('queries/report.sql') }, position: positionOf('queries/report.sql', 'o.i|d'), newName: 'order_id' });
    await assert.rejects(request, /USING \(id\) at .*queries\/join\.sql:1/);
    client.close(join);
  });

  it('lists workspace symbols for a query, located where they are defined', async () => {
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'ord' });
    const names = symbols.map((s) => `${s.containerName}.${s.name}`);
    assert.equal(names[0], 'public.orders');
    assert.ok(names.includes('public.orders_status_idx'));
    assert.ok(!names.includes('public.customers'));
    const orders = symbols[0];
    assert.equal(short(orders.location.uri), 'db/migration/V1__init.sql');
    assert.equal(textAt(client, orders.location), 'orders');
    const fn = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'setstat' });
    assert.deepEqual(fn.map((s) => s.name), ['set_status']);
  });

  it('answers every position of malformed and unusual SQL with a result or a refusal, and keeps running', async () => {
    const uri = uriOf('queries/odd.sql');
    const text = [
      'SELECT o.id FROM orders o WHERE;',
      'SELECT "unterminated FROM orders;',
      "CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT count(*) FROM orders WHERE status = 'x'); END $$;",
      'DO $$ BEGIN PERFORM 1 FROM orders; END $$;',
      'ALTER TABLE orders RENAME COLUMN status TO status2;',
      '\\set x 1',
      'SELECT :x FROM orders;',
      '',
    ].join('\n');
    client.open(uri, text);
    const document = client.document(uri);
    for (let offset = 0; offset <= text.length; offset += 3) {
      const position = document.positionAt(offset);
      const found = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
      assert.ok(Array.isArray(found));
      for (const l of found) assert.ok(/^"?[a-z_][a-z0-9_]*"?$/i.test(textAt(client, l)), textAt(client, l));
      try {
        const prepared = await client.request<{ range: Range; placeholder: string } | null>('textDocument/prepareRename', { textDocument: { uri }, position });
        if (prepared) assert.equal(document.getText(prepared.range).replace(/"/g, ''), prepared.placeholder);
      } catch (e) {
        assert.ok(e instanceof Error && e.message.length > 10, String(e));
      }
    }
    assert.ok(client.running);
    client.close(uri);
  });

  it('skips statements too large for schema features, and answers on them with nothing', async () => {
    const uri = uriOf('queries/huge.sql');
    const huge = `SELECT ${Array.from({ length: 12_000 }, (_, i) => `o.status AS s${i}`).join(', ')} FROM orders o;\n`;
    assert.ok(huge.length > 100_000);
    client.open(uri, huge);
    const found = await references('queries/report.sql', 'o.sta|tus, c.email');
    assert.ok(!found.some((l) => l.startsWith('queries/huge.sql')));
    const inside = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: { line: 0, character: 10 }, context: { includeDeclaration: true } });
    assert.deepEqual(inside, []);
    client.close(uri);
  });
});

describe('lsp: references in the examples folder', function () {
  this.timeout(120_000);
  let client: LspClient;
  const examples = join(ROOT, 'examples');

  before(async () => {
    client = await LspClient.start({ workspaceFolders: [examples], capabilities: CAPABILITIES });
  });
  after(async () => client?.kill());

  it('finds orders across examples/migrations and examples/queries, and not in index names', async () => {
    const uri = pathToFileURL(join(examples, 'queries', 'reports.sql')).href;
    const text = readFileSync(fileURLToPath(uri), 'utf8');
    client.open(uri, text);
    const position = client.document(uri).positionAt(text.indexOf('FROM orders o') + 'FROM or'.length);
    const locations = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
    for (const l of locations) assert.equal(textAt(client, l), 'orders');
    const files = [...new Set(locations.map((l) => l.uri.slice(pathToFileURL(examples).href.length + 1)))].sort();
    assert.deepEqual(files, ['migrations/001_create_shop.sql', 'migrations/002_orders_fulfilment.sql', 'queries/functions.sql', 'queries/reports.sql']);
    // 002 names orders in seven statements (one REFERENCES orders among them); 003 only has an index named orders_status_idx.
    assert.equal(locations.filter((l) => l.uri.endsWith('002_orders_fulfilment.sql')).length, 7);
  });
});

const DUMP = join(ROOT, '..', 'shared', 'corpus', 'dumps', 'devrimgunduz__pagila__structure.sql');

describe('lsp: references and rename in a pg_dump schema (pagila)', function () {
  this.timeout(300_000);
  let client: LspClient;
  let dir: string;

  before(async function () {
    if (!existsSync(DUMP)) {
      console.log(`    (skipped: corpus dump ${DUMP} is absent)`);
      this.skip();
    }
    dir = mkdtempSync(join(tmpdir(), 'pg-architect-refs-dump-'));
    // A schema dump and a query file, as a project keeps them.
    writeFileSync(join(dir, 'structure.sql'), readFileSync(DUMP, 'utf8'));
    writeFileSync(join(dir, 'rentals.sql'), 'SELECT f.title, count(*) FROM public.film f JOIN public.inventory i ON i.film_id = f.film_id GROUP BY f.title;\n');
    client = await LspClient.start({ workspaceFolders: [dir], capabilities: CAPABILITIES });
  });
  after(async () => {
    await client?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('finds film.film_id in the dump (tables, views, routine bodies) and the query file, and renames it consistently', async () => {
    const uri = pathToFileURL(join(dir, 'rentals.sql')).href;
    const text = readFileSync(join(dir, 'rentals.sql'), 'utf8');
    client.open(uri, text);
    const position = client.document(uri).positionAt(text.indexOf('= f.film_id') + '= f.film'.length);
    const locations = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } });
    for (const l of locations) assert.equal(textAt(client, l), 'film_id');
    const dumpUri = pathToFileURL(join(dir, 'structure.sql')).href;
    const inDump = locations.filter((l) => l.uri === dumpUri);
    assert.ok(inDump.length > 10, `${inDump.length} in the dump`);
    assert.equal(locations.filter((l) => l.uri === uri).length, 1, 'i.film_id is inventory\'s');

    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position, newName: 'movie_id' });
    const texts = applyEdit(client, edit);
    const dump = texts.get(dumpUri)!;
    assert.deepEqual(parseDocument(dump).statements.filter((s) => s.syntaxError).map((s) => s.text.slice(0, 80)), []);
    const edits = ((edit.documentChanges ?? []) as TextDocumentEdit[]).find((c) => c.textDocument.uri === dumpUri)!.edits;
    assert.equal(edits.length, inDump.length);
    assert.match(dump, /CREATE TABLE public\.film \(\n\s+movie_id integer/);
    assert.match(dump, /CREATE TABLE public\.inventory \(\n\s+inventory_id integer[^;]*\n\s+film_id /);
    assert.equal(texts.get(uri), text.replace('= f.film_id', '= f.movie_id'));
  });
});
