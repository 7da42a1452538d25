// When the server lints: requests that arrive before the parser is loaded or before the debounced lint wait
// for it, a burst of edits is linted once for its last version, and each workspace folder has its own settings.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type CodeAction } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';
import { codes, RULE } from './known';
import { tempWorkspace } from './workspace';

describe('lsp: scheduling', function () {
  this.timeout(120_000);
  const clients: LspClient[] = [];
  after(async () => Promise.all(clients.map((c) => c.kill())));
  const start = async (folders: string[]): Promise<LspClient> => {
    const c = await LspClient.start({ workspaceFolders: folders });
    clients.push(c);
    return c;
  };

  it('answers a code action sent right after initialize and open (waiting for the parser and the lint)', async () => {
    const dir = tempWorkspace();
    const client = await start([dir]);
    const uri = pathToFileURL(join(dir, 'first.sql')).href;
    client.open(uri, 'CREATE INDEX i ON t (a);');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      context: { diagnostics: [] },
    });
    assert.ok(actions.some((a) => a.title === 'Add CONCURRENTLY' && a.diagnostics?.[0].code === RULE));
  });

  it('lints a burst of edits once for the last version, not once per keystroke', async () => {
    const dir = tempWorkspace();
    const client = await start([dir]);
    const uri = pathToFileURL(join(dir, 'typing.sql')).href;
    client.open(uri, '');
    await client.waitForDiagnostics(uri, 1);
    const typed = 'CREATE INDEX i ON t (a);';
    for (const ch of typed) {
      const end = client.document(uri).positionAt(client.document(uri).getText().length);
      client.change(uri, [{ range: { start: end, end }, text: ch }]);
    }
    const last = 1 + typed.length;
    assert.deepEqual(codes(await client.waitForDiagnostics(uri, last)), [RULE]);
    const versions = (client.published.get(uri) ?? []).map((p) => p.version);
    assert.ok(versions.length < typed.length, `one publish per edit: ${versions.join(', ')}`);
  });

  it('reads pg-architect.json of the workspace folder a document is in', async () => {
    const a = tempWorkspace({ 'pg-architect.json': JSON.stringify({ rules: { [RULE]: 'error' } }) });
    const b = tempWorkspace({ 'pg-architect.json': JSON.stringify({ rules: { [RULE]: 'info' } }) });
    const client = await start([a, b]);
    const severity = async (dir: string): Promise<unknown> => {
      const uri = pathToFileURL(join(dir, 'sub', 'm.sql')).href;
      client.open(uri, 'CREATE INDEX i ON t (a);');
      return (await client.waitForDiagnostics(uri)).find((d) => d.code === RULE)?.severity;
    };
    assert.equal(await severity(a), DiagnosticSeverity.Error);
    assert.equal(await severity(b), DiagnosticSeverity.Information);
  });
});
