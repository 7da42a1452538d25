// Fixes respect migration history: in a migration that may have run (not the newest one), the index a foreign key
// needs is offered as a new migration (CONCURRENTLY, in the folder's convention) before editing the old file; in the
// newest migration the fix edits it in place. The new migration draws no finding of its own.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { DEFAULT_CAPABILITIES, LspClient } from '../helpers/lsp-client';
import { tempWorkspace } from './workspace';

const RULE = 'foreign-key-missing-index';
const FILES: Record<string, string> = {
  'V1__customers.sql': 'CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL);\n',
  'V2__orders.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));\n',
  'V3__payments.sql': 'CREATE TABLE payments (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));\n',
};

describe('lsp: fixes in migrations that may have run', function () {
  this.timeout(120_000);
  let client: LspClient;
  let dir: string;
  const uriOf = (name: string): string => pathToFileURL(join(dir, 'db', 'migration', name)).href;

  before(async () => {
    dir = tempWorkspace();
    mkdirSync(join(dir, 'db', 'migration'), { recursive: true });
    for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, 'db', 'migration', name), text);
    const workspace = { ...DEFAULT_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] } };
    client = await LspClient.start({ workspaceFolders: [dir], capabilities: { ...DEFAULT_CAPABILITIES, workspace } });
  });
  after(() => client?.kill());

  async function fixesIn(name: string): Promise<CodeAction[]> {
    const uri = uriOf(name);
    client.open(uri, FILES[name]);
    const diagnostic = (await client.waitForDiagnostics(uri)).find((d) => d.code === RULE);
    assert.ok(diagnostic, `a ${RULE} finding in ${name}`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], triggerKind: 1 } });
    return actions.filter((a) => a.diagnostics?.[0]?.code === RULE && !a.title.startsWith('Ignore'));
  }

  it('in an older migration: a new migration first, editing the old one second and not preferred', async () => {
    const actions = await fixesIn('V2__orders.sql');
    assert.deepEqual(actions.map((a) => a.title), [
      'Add CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id) in a new migration',
      'Add CREATE INDEX orders_customer_id_idx ON orders (customer_id) in this migration (only if it has not run anywhere)',
    ]);
    assert.equal(actions[0].isPreferred, true);
    assert.notEqual(actions[1].isPreferred, true);
    const [, create, text] = actions[0].edit?.documentChanges as [TextDocumentEdit, CreateFile, TextDocumentEdit];
    const created = uriOf('V4__add_index_orders_customer_id_idx.sql');
    assert.equal(create.uri, created);
    assert.equal(text.edits[0].newText, 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_idx ON orders (customer_id);\n');
    // The new migration as Flyway will run it: nothing to report.
    client.open(created, text.edits[0].newText);
    assert.deepEqual((await client.waitForDiagnostics(created)).map((d) => d.code), []);
  });

  it('in the newest migration: edited in place', async () => {
    const actions = await fixesIn('V3__payments.sql');
    assert.deepEqual(actions.map((a) => a.title), ['Add CREATE INDEX payments_customer_id_idx ON payments (customer_id)']);
  });
});
