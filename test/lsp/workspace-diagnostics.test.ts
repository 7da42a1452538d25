// Workspace diagnostics over the real protocol: files nobody opened get the engine's findings from disk, a
// closed document goes back to them, Lint Workspace answers with a summary, and the setting turns it off.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';

const FILES: Record<string, string> = {
  'db/migrations/00001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, status text NOT NULL);\n-- +goose Down\nDROP TABLE orders;\n',
  'db/migrations/00002_index.sql': '-- +goose Up\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n-- +goose Down\nDROP INDEX orders_status_idx;\n',
  'queries/report.sql': 'SELECT id FROM orderz;\n',
};

describe('lsp: workspace diagnostics', function () {
  this.timeout(120_000);
  let dir: string;
  const uriOf = (name: string): string => pathToFileURL(join(dir, name)).href;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'pga-workspace-diag-'));
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('publishes the findings of files that are not open, and Lint Workspace sums them up', async () => {
    const client = await LspClient.start({ workspaceFolders: [dir] });
    try {
      const query = await client.waitForDiagnostics(uriOf('queries/report.sql'));
      assert.deepEqual(query.map((d) => d.code), ['unknown-table']);
      const index = await client.waitForDiagnostics(uriOf('db/migrations/00002_index.sql'));
      assert.ok(index.some((d) => d.code === 'ban-concurrent-index-creation-in-transaction'), JSON.stringify(index));
      const summary = await client.request<{ files: number; errors: number; warnings: number }>('workspace/executeCommand', { command: 'pgArchitect.server.lintWorkspace', arguments: [] });
      assert.equal(summary.files, 3);
      assert.ok(summary.errors >= 1 && summary.warnings >= 1, JSON.stringify(summary));
      // Opened, the document's own analysis speaks; closed, the file's findings from disk come back.
      const uri = uriOf('queries/report.sql');
      client.open(uri, 'SELECT id FROM orders;\n');
      assert.deepEqual(await client.waitForDiagnostics(uri), []);
      const back = client.nextDiagnostics(uri, (p) => p.diagnostics.length > 0);
      client.close(uri);
      assert.deepEqual((await back).map((d) => d.code), ['unknown-table']);
    } finally {
      await client.kill();
    }
  });

  it('publishes nothing for files that are not open when the setting is off', async () => {
    const client = await LspClient.start({ workspaceFolders: [dir], settings: { workspaceDiagnostics: false } });
    try {
      const uri = uriOf('db/migrations/00001_orders.sql');
      client.open(uri, FILES['db/migrations/00001_orders.sql']);
      await client.waitForDiagnostics(uri);
      // The catalog was built (the open file got its analysis after it); the closed files got nothing.
      for (let waited = 0; !client.logs.some((l) => l.message.startsWith('Workspace catalog of')); waited += 100) {
        assert.ok(waited < 60_000, 'the workspace catalog was never built');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(client.published.get(uriOf('queries/report.sql')), undefined);
    } finally {
      await client.kill();
    }
  });
});
