// A large document is analysed a slice at a time (server/analysis-slices.ts): the server answers other requests
// while it works, and drops an analysis whose document changed meanwhile instead of finishing it for a version
// nobody sees. Both are checked by order of events, not by time.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';
import { mixedScript } from '../helpers/large-sql';
import { tempWorkspace } from './workspace';

describe('lsp: a large document is analysed in slices', function () {
  this.timeout(180_000);
  let client: LspClient;
  let dir: string;
  /** ~1 MB of mixed DDL and queries: its analysis takes many slices on any machine. */
  const large = mixedScript(20_000);

  before(async () => {
    dir = tempWorkspace();
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  it('answers another document\'s hover before the large one\'s analysis is published', async () => {
    const small = pathToFileURL(join(dir, 'small.sql')).href;
    client.open(small, 'CREATE TABLE accounts (id bigint PRIMARY KEY);\nSELECT id FROM accounts;\n');
    await client.waitForDiagnostics(small, 1);
    const uri = pathToFileURL(join(dir, 'large.sql')).href;
    const events: string[] = [];
    const analysed = client.waitForDiagnostics(uri, 1).then((d) => {
      events.push('large analysed');
      return d;
    });
    client.open(uri, large);
    // After the open reached the server: its analysis has started by the time the hover is read.
    await client.nextDiagnostics(uri, (p) => p.version === undefined);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: { line: 1, character: 16 } });
    events.push('hover answered');
    assert.ok(hover, 'the hover has an answer');
    const diagnostics = await analysed;
    assert.ok(diagnostics.length > 100, `the large document has its findings (${diagnostics.length})`);
    assert.deepEqual(events, ['hover answered', 'large analysed']);
  });

  it('drops the analysis of a version the document has moved past', async () => {
    const uri = pathToFileURL(join(dir, 'edited.sql')).href;
    client.open(uri, large);
    // The edit arrives while version 1 is being analysed.
    await client.nextDiagnostics(uri, (p) => p.version === undefined);
    const edited = client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '-- edited\n' }]);
    await client.waitForDiagnostics(uri, edited.version);
    const versions = (client.published.get(uri) ?? []).map((p) => p.version);
    assert.ok(!versions.includes(1), `no analysis of version 1 was published: ${versions.map((v) => v ?? 'head').join(', ')}`);
  });
});
