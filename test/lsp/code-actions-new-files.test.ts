// A fix that creates files (CONCURRENTLY moved to a migration of its own under goose's transaction) reaches the
// editor as one WorkspaceEdit: the document's edit, then CreateFile and the new file's text. Clients that cannot
// create files are not offered it.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { DEFAULT_CAPABILITIES, LspClient } from '../helpers/lsp-client';
import { tempWorkspace } from './workspace';

const RULE = 'require-concurrent-index-creation';
const ORDERS = '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\n';
const INDEX = '-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX orders_status_idx ON orders (status);\n';

describe('lsp: fixes that create files', function () {
  this.timeout(120_000);
  const clients: LspClient[] = [];
  after(async () => {
    for (const c of clients) await c.kill();
  });

  async function actionsIn(createFiles: boolean): Promise<{ uri: string; actions: CodeAction[] }> {
    const dir = tempWorkspace();
    mkdirSync(join(dir, 'db'));
    writeFileSync(join(dir, 'db', '00001_orders.sql'), ORDERS);
    writeFileSync(join(dir, 'db', '00002_index.sql'), INDEX);
    const workspace = { ...DEFAULT_CAPABILITIES.workspace, workspaceEdit: { documentChanges: true, ...(createFiles ? { resourceOperations: ['create' as const] } : {}) } };
    const client = await LspClient.start({ workspaceFolders: [dir], capabilities: { ...DEFAULT_CAPABILITIES, workspace } });
    clients.push(client);
    const uri = pathToFileURL(join(dir, 'db', '00002_index.sql')).href;
    client.open(uri, INDEX);
    const diagnostic = (await client.waitForDiagnostics(uri)).find((d) => d.code === RULE);
    assert.match(diagnostic?.message ?? '', /goose runs each migration in a transaction/, 'analysed in its project');
    assert.ok(diagnostic, `expected a ${RULE} finding`);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], triggerKind: 1 } });
    return { uri, actions: actions.filter((a) => a.diagnostics?.[0]?.code === RULE) };
  }

  it('creates the new migration with its text, after editing the document', async () => {
    const { uri, actions } = await actionsIn(true);
    const move = actions.find((a) => a.title.startsWith('Move it'));
    assert.ok(move?.edit?.documentChanges, actions.map((a) => a.title).join(', '));
    const [own, create, text] = move.edit.documentChanges as [TextDocumentEdit, CreateFile, TextDocumentEdit];
    assert.equal(own.textDocument.uri, uri);
    assert.deepEqual(own.edits.map((e) => e.newText), ['']);
    const created = new URL('00003_create_index_orders_status_idx_concurrently.sql', uri).href;
    assert.deepEqual(create, { kind: 'create', uri: created, options: { overwrite: false, ignoreIfExists: false } });
    assert.equal(text.textDocument.uri, created);
    assert.match(text.edits[0].newText, /^-- \+goose NO TRANSACTION\n-- \+goose Up\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders \(status\);\n/);
  });

  it('is not offered to a client that cannot create files', async () => {
    const { actions } = await actionsIn(false);
    assert.deepEqual(actions.filter((a) => a.title.startsWith('Move it')), []);
    assert.ok(actions.some((a) => a.title.startsWith('Ignore')), 'the ignore actions are still there');
  });
});
