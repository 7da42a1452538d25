// `pg-architect lsp --stdio` serves the same language server as the VS Code extension.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { LspClient, ROOT, ensureServerBuilt } from '../helpers/lsp-client';

describe('pg-architect lsp --stdio', function () {
  this.timeout(60_000);
  let client: LspClient | undefined;
  after(async () => {
    if (client?.running) await client.stop();
  });

  it('initializes, publishes diagnostics and exits cleanly', async () => {
    ensureServerBuilt();
    client = await LspClient.start({ command: [process.execPath, join(ROOT, 'bin', 'pg-architect.js'), 'lsp', '--stdio'] });
    assert.equal(client.initializeResult.serverInfo?.name, 'pg-architect');
    client.open('file:///cli/q.sql', 'CREATE INDEX i ON orders (a);\nSELECT * FRM t;');
    const codes = (await client.waitForDiagnostics('file:///cli/q.sql')).map((d) => d.code);
    assert.deepEqual(codes, ['require-concurrent-index-creation', 'syntax-error']);
    assert.equal(await client.stop(), 0);
  });
});
