// In an untrusted workspace the extension lints but opens no connection (run by scripts/e2e.mjs in a second,
// trust-enabled session).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, diagnosticsOf, openSql } from './helpers';

describe('untrusted workspace', () => {
  it('is untrusted here', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still lints', async () => {
    const editor = await openSql('CREATE INDEX i ON orders (customer_id);\n');
    await diagnosticsOf(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'require-concurrent-index-creation'));
  });

  it('opens no database connection', async () => {
    await vscode.workspace.getConfiguration('pgArchitect').update('connections', [{ name: 'anywhere', host: '127.0.0.1', port: 1, sslmode: 'disable' }], vscode.ConfigurationTarget.Global);
    try {
      assert.equal(await vscode.commands.executeCommand('pgArchitect.testConnection', 'anywhere'), 'other');
    } finally {
      await vscode.workspace.getConfiguration('pgArchitect').update('connections', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('refuses the health report, saying the workspace is not trusted', async () => {
    const outcome = await vscode.commands.executeCommand<{ refused?: string }>('pgArchitect.healthReport');
    assert.match(outcome?.refused ?? '', /not trusted/);
  });
});
