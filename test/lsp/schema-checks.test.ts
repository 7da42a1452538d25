// The schema-aware checks over the real protocol, on a folder of Flyway migrations: unknown functions, ambiguous
// columns and type mismatches in a query with their quick fixes (one per candidate for an ambiguous name), and the
// foreign key / index checks judged across migrations - an index a later migration adds resolves the finding in
// the earlier file, an unsaved DROP INDEX in a later migration brings it back, a key a later migration adds is
// reported there, and nothing is reported twice by the per-file rules.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { lintText } from '../../core/lint';
import { LspClient } from '../helpers/lsp-client';

const V1 = `CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customers (id),
  status text NOT NULL,
  paid boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
`;
const V2 = 'CREATE INDEX orders_customer_idx ON orders (customer_id, status);\n';
const V3 = `CREATE TABLE notes (id bigint PRIMARY KEY, customer_id bigint NOT NULL, body text);
ALTER TABLE notes ADD CONSTRAINT notes_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);
CREATE INDEX orders_customer_again ON orders (customer_id, status);
`;

describe('lsp: schema-aware checks on a migrations folder', function () {
  this.timeout(60_000);
  let client: LspClient;
  let dir: string;
  let n = 0;
  const migration = (name: string): string => pathToFileURL(join(dir, 'db', 'migration', name)).href;
  const queryUri = (): string => pathToFileURL(join(dir, 'queries', `q-${++n}.sql`)).href;

  before(async function () {
    this.timeout(120_000);
    dir = mkdtempSync(join(tmpdir(), 'pg-architect-checks-'));
    const files: Record<string, string> = {
      'db/migration/V1__init.sql': V1,
      'db/migration/V2__index.sql': V2,
      'db/migration/V3__notes.sql': V3,
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

  /** Diagnostics of the current version once `ok` holds for them. */
  async function diagnosticsWhen(uri: string, ok: (ds: readonly Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    const version = client.document(uri).version;
    const received = (client.published.get(uri) ?? []).filter((p) => p.version === version).at(-1);
    if (received && ok(received.diagnostics)) return received.diagnostics;
    return client.nextDiagnostics(uri, (p) => p.version === version && ok(p.diagnostics));
  }
  const has = (code: string) => (ds: readonly Diagnostic[]) => ds.some((d) => d.code === code);

  async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
  }

  it('reports an unknown function with "did you mean", and its fix clears it', async () => {
    const uri = queryUri();
    client.open(uri, 'SELECT lowr(name) FROM customers;\n');
    const diagnostic = (await diagnosticsWhen(uri, has('unknown-function'))).find((d) => d.code === 'unknown-function')!;
    assert.equal(diagnostic.message, 'Function "lowr" does not exist in the workspace schema or among PostgreSQL\'s built-in functions. Did you mean "lower"?');
    assert.deepEqual(diagnostic.range, { start: { line: 0, character: 7 }, end: { line: 0, character: 11 } });
    assert.match(diagnostic.codeDescription?.href ?? '', /docs\/rules\/unknown-function\.md$/);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } });
    assert.match((hover?.contents as MarkupContent | undefined)?.value ?? '', /\*\*unknown-function\*\* — A call to a function that neither/);
    const fix = (await actionsFor(uri, diagnostic)).find((a) => a.title === 'Change to "lower"');
    assert.ok(fix?.edit);
    client.setText(uri, client.editedText(uri, fix.edit));
    assert.deepEqual((await diagnosticsWhen(uri, (ds) => !has('unknown-function')(ds))).filter((d) => d.code === 'unknown-function'), []);
  });

  it('reports an ambiguous column with one qualifying fix per table, and leaves USING joins alone', async () => {
    const uri = queryUri();
    client.open(uri, 'SELECT o.id, created_at FROM orders o JOIN customers c ON c.id = o.customer_id;\nSELECT id, name FROM customers JOIN (SELECT customer_id AS id FROM orders) x USING (id);\n');
    const diagnostics = (await diagnosticsWhen(uri, has('ambiguous-column'))).filter((d) => d.code === 'ambiguous-column');
    assert.deepEqual(diagnostics.map((d) => [d.range.start.line, d.message]), [[0, 'Column reference "created_at" is ambiguous: it could be o.created_at or c.created_at.']]);
    const actions = await actionsFor(uri, diagnostics[0]);
    const titles = actions.map((a) => a.title).filter((t) => t.startsWith('Qualify'));
    assert.deepEqual(titles, ['Qualify as o.created_at', 'Qualify as c.created_at']);
    const text = client.editedText(uri, actions.find((a) => a.title === 'Qualify as c.created_at')!.edit!);
    assert.ok(text.startsWith('SELECT o.id, c.created_at FROM orders o'));
  });

  it('reports a comparison PostgreSQL has no operator for, with the cast fix, and not implicit casts', async () => {
    const uri = queryUri();
    client.open(uri, "SELECT id FROM orders WHERE paid = 1 AND status = 'new' AND id = 42 AND created_at > '2024-01-01';\n");
    const diagnostics = (await diagnosticsWhen(uri, has('type-mismatch'))).filter((d) => d.code === 'type-mismatch');
    assert.deepEqual(diagnostics.map((d) => d.message), ['operator does not exist: boolean = integer. PostgreSQL compares values of these types only after an explicit cast.']);
    const fix = (await actionsFor(uri, diagnostics[0])).find((a) => a.title.startsWith('Cast 1 to boolean'));
    assert.ok(fix?.edit);
    client.setText(uri, client.editedText(uri, fix.edit));
    assert.deepEqual((await diagnosticsWhen(uri, (ds) => !has('type-mismatch')(ds))).filter((d) => d.code === 'type-mismatch'), []);
    assert.match(client.document(uri).getText(), /paid = 1::boolean/);
  });

  it('judges foreign keys and indexes across migrations, once, on the file that creates them', async () => {
    // The per-file rule alone would report V1's key: V2's index is another file's.
    assert.equal(lintText(V1).findings.filter((f) => f.ruleId === 'foreign-key-missing-index').length, 1);
    const v1 = migration('V1__init.sql');
    client.open(v1, V1);
    const v1Diagnostics = await client.waitForDiagnostics(v1);
    assert.deepEqual(v1Diagnostics.filter((d) => ['foreign-key-missing-index', 'redundant-index'].includes(String(d.code))), []);

    const v3 = migration('V3__notes.sql');
    client.open(v3, V3);
    const v3Diagnostics = await diagnosticsWhen(v3, (ds) => has('foreign-key-missing-index')(ds) && has('redundant-index')(ds));
    assert.deepEqual(
      v3Diagnostics.filter((d) => ['foreign-key-missing-index', 'redundant-index', 'foreign-key-type-mismatch'].includes(String(d.code))).map((d) => [d.code, d.range.start.line, d.message]),
      [
        ['foreign-key-missing-index', 1, 'Foreign key notes (customer_id) has no index starting with its columns: deleting from customers scans notes.'],
        ['redundant-index', 2, 'index orders_customer_again on orders has the same key as index orders_customer_idx: one of them is redundant.'],
      ],
    );
    const fkDiagnostic = v3Diagnostics.find((d) => d.code === 'foreign-key-missing-index')!;
    const add = (await actionsFor(v3, fkDiagnostic)).find((a) => a.title.startsWith('Add CREATE INDEX'));
    assert.equal(add?.title, 'Add CREATE INDEX notes_customer_id_idx ON notes (customer_id)');

    // An unsaved DROP INDEX in a later migration: V1's key has no index any more.
    client.setText(v3, `${V3}DROP INDEX orders_customer_idx;\nDROP INDEX orders_customer_again;\n`);
    const again = await diagnosticsWhen(v1, has('foreign-key-missing-index'));
    assert.deepEqual(again.filter((d) => d.code === 'foreign-key-missing-index').map((d) => [d.range.start.line, d.message]), [
      [3, 'Foreign key orders (customer_id) has no index starting with its columns: deleting from customers scans orders.'],
    ]);
    client.close(v3);
    client.close(v1);
  });
});
