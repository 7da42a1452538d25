// The migrations applied to the embedded PostgreSQL behind the editor (server/migration-proof.ts): after the rule
// findings, PostgreSQL's refusal arrives as a migration-refused error at the statement (the rest of the history still
// applied), and the hover says what PostgreSQL did: the lock, held to the COMMIT, and the rewrite. A fix re-runs it.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';
import { tempWorkspace } from './workspace';

const FILES: Record<string, string> = {
  '00001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id integer PRIMARY KEY, status text NOT NULL);\n',
  '00002_change.sql': '-- +goose Up\nALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES orders (id);\nALTER TABLE orders ALTER COLUMN id TYPE bigint;\nALTER TABLE orders ADD COLUMN note text;\n',
};

describe('lsp: the migrations applied to the embedded PostgreSQL', function () {
  this.timeout(120_000);
  let client: LspClient;
  let dir: string;
  const uriOf = (name: string): string => pathToFileURL(join(dir, 'db', name)).href;
  const refused = (d: readonly Diagnostic[]): Diagnostic[] => d.filter((x) => x.code === 'migration-refused');

  before(async () => {
    dir = tempWorkspace();
    mkdirSync(join(dir, 'db'));
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, 'db', name), text);
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(() => client?.kill());

  it('reports what PostgreSQL refused, at the statement, with its own message', async () => {
    const uri = uriOf('00002_change.sql');
    client.open(uri, FILES['00002_change.sql']);
    const diagnostics = refused(await client.nextDiagnostics(uri, (p) => refused(p.diagnostics).length > 0));
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].range.start.line, 1);
    assert.equal(diagnostics[0].severity, 1);
    assert.match(diagnostics[0].message, /^PostgreSQL 18\.\d+ \(PGlite [\d.]+\) refused this statement when the migrations were applied in order: column "customer_id" referenced in foreign key constraint does not exist \(42703\)$/);
  });

  it('hovers what PostgreSQL did: the lock held to the COMMIT, the rewrite', async () => {
    const uri = uriOf('00002_change.sql');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 30 } });
    const text = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(text, /\*\*Observed\*\* in PostgreSQL 18[^:]*: ACCESS EXCLUSIVE on `public\.orders`, held to the COMMIT at line 4; \*\*rewrote\*\* `public\.orders`/);
  });

  it('runs again after the fix (unsaved text): the refusal is gone, the statement observed as applied', async () => {
    const uri = uriOf('00002_change.sql');
    const fixed = FILES['00002_change.sql'].replace('FOREIGN KEY (customer_id)', 'FOREIGN KEY (id)');
    client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, text: fixed }]);
    // Until the run on the new text ends, the old observation is not shown; then the constraint is observed applied.
    let observed = '';
    for (let i = 0; i < 120 && !/SHARE ROW EXCLUSIVE on `public\.orders`/.test(observed); i++) {
      await new Promise((r) => setTimeout(r, 250));
      const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 30 } });
      observed = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    }
    assert.match(observed, /\*\*Observed\*\* in PostgreSQL 18[^:]*: SHARE ROW EXCLUSIVE on `public\.orders`, held to the COMMIT at line 4 \(the migration holds ACCESS EXCLUSIVE on it from line 3\)/);
    assert.deepEqual(refused(await client.waitForDiagnostics(uri)), []);
  });
});

describe('lsp: an observation that contradicts a rule\'s prediction wins', function () {
  this.timeout(120_000);
  let client: LspClient;
  let dir: string;
  const files: Record<string, string> = {
    '00001_users.sql': "-- +goose Up\nCREATE DOMAIN email AS text CHECK (VALUE LIKE '%@%');\nCREATE TABLE users (id bigint PRIMARY KEY, email email NOT NULL, seen timestamp);\n",
    // A domain to its own base type is a relabel (no rewrite); bigint to integer is a rewrite; timestamp to
    // timestamptz is none in the embedded run's UTC session only, so the rule's caveat stands.
    '00002_plain.sql': '-- +goose Up\nALTER TABLE users ALTER COLUMN email TYPE text;\nALTER TABLE users ALTER COLUMN id TYPE integer;\nALTER TABLE users ALTER COLUMN seen TYPE timestamptz;\n',
  };

  before(async () => {
    dir = tempWorkspace();
    mkdirSync(join(dir, 'db'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'db', name), text);
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(() => client?.kill());

  it('a rewrite PostgreSQL did not do is information saying so; the one it did, and one that depends on the TimeZone, stay warnings', async () => {
    const uri = pathToFileURL(join(dir, 'db', '00002_plain.sql')).href;
    client.open(uri, files['00002_plain.sql']);
    const typeChanges = (d: readonly Diagnostic[]): Diagnostic[] => d.filter((x) => x.code === 'changing-column-type');
    const observed = (d: readonly Diagnostic[]): boolean => typeChanges(d).some((x) => /^Observed in /.test(x.message));
    const published = typeChanges(await client.nextDiagnostics(uri, (p) => observed(p.diagnostics)));
    const [domain, integer, zone] = [1, 2, 3].map((line) => published.find((d) => d.range.start.line === line));
    assert.equal(domain?.severity, 3, JSON.stringify(published));
    assert.match(domain!.message, /^Observed in PostgreSQL 18\.\d+ \(PGlite [\d.]+\): no rewrite here\. .* The rule predicted: Changing users\.email to text rewrites the table/);
    assert.equal(integer?.severity, 2, JSON.stringify(published));
    assert.match(integer!.message, /^Changing users\.id to integer rewrites the table/);
    assert.equal(zone?.severity, 2, JSON.stringify(published));
    assert.match(zone!.message, /^Changing users\.seen to timestamptz rewrites the table.*unless the session TimeZone is UTC/);
  });
});
