// "Fix all" over LSP (source.fixAll.pgArchitect, which editors run on save when the user turns it on): every safe
// fix of the document in one edit, the same fixes `lint --fix` applies; nothing for other kinds or a clean file.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';
import { tempWorkspace } from './workspace';

describe('lsp: fix all', function () {
  this.timeout(120_000);
  let client: LspClient;
  let dir: string;
  before(async () => {
    dir = tempWorkspace();
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  const actions = (uri: string, only: string[]): Promise<CodeAction[]> =>
    client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only } });

  it('applies every safe fix of the document in one edit, for source.fixAll and source.fixAll.pgArchitect', async () => {
    const text = 'SELECT * FROM t WHERE a = NULL;\nSELECT * FROM t WHERE b <> NULL;\nCREATE INDEX i ON t (a);\n';
    const uri = pathToFileURL(join(dir, 'fix-all.sql')).href;
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    for (const only of [['source.fixAll.pgArchitect'], ['source.fixAll'], ['source']]) {
      const [action, ...rest] = await actions(uri, only);
      assert.deepEqual(rest, [], only.join());
      assert.equal(action?.kind, 'source.fixAll.pgArchitect');
      const change = action.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
      const edits = change?.edits ?? action.edit?.changes?.[uri] ?? [];
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'sql', 1, text), edits);
      // The null comparisons, and CONCURRENTLY (safe here: the file runs outside a transaction).
      assert.equal(fixed, 'SELECT * FROM t WHERE a IS NULL;\nSELECT * FROM t WHERE b IS NOT NULL;\nCREATE INDEX CONCURRENTLY i ON t (a);\n');
    }
    assert.ok((await actions(uri, ['quickfix'])).every((a) => a.kind !== 'source.fixAll.pgArchitect'));
  });

  it('offers nothing for a file without safe fixes', async () => {
    const uri = pathToFileURL(join(dir, 'clean.sql')).href;
    client.open(uri, 'SELECT 1;\n');
    await client.waitForDiagnostics(uri);
    assert.deepEqual(await actions(uri, ['source.fixAll.pgArchitect']), []);
  });
});
