// Connection commands against a real PostgreSQL started by this test, with the password in SecretStorage; the
// status bar follows the connection; Explain Analyze then runs on the server.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { startCluster, type TestCluster } from '../../helpers/postgres';
import { WORKSPACE } from './helpers';

interface Api {
  readonly activeConnection: () => string | undefined;
  readonly connectionStatus: () => string;
}

describe('connections in VS Code', function () {
  let cluster: TestCluster | undefined;
  let api: Api;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) {
      if (process.env.CI === 'true') throw new Error(started.unavailable);
      this.skip();
    }
    cluster = started;
    cluster.psql('CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL); INSERT INTO customers SELECT g, g || \'@example.com\' FROM generate_series(1, 1000) g; ANALYZE customers;');
    const extension = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.pg-architect'));
    assert.ok(extension);
    api = (await extension.activate()) as Api;
    await vscode.workspace.getConfiguration('pgArchitect').update(
      'connections',
      [{ name: 'e2e', host: cluster.host, port: cluster.port, user: cluster.user, database: 'postgres', sslmode: 'disable' }],
      vscode.ConfigurationTarget.Global,
    );
  });

  after(async () => {
    await vscode.commands.executeCommand('pgArchitect.disconnect');
    await vscode.workspace.getConfiguration('pgArchitect').update('connections', undefined, vscode.ConfigurationTarget.Global);
    cluster?.stop();
  });

  it('reports a wrong password as such', async () => {
    assert.equal(await vscode.commands.executeCommand('pgArchitect.setPassword', 'e2e', 'wrong-password'), true);
    // Test Connection asks again after a rejected stored password; cancel that prompt by closing it.
    const result = vscode.commands.executeCommand<string>('pgArchitect.testConnection', 'e2e');
    await new Promise((r) => setTimeout(r, 1500));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await result, 'cancelled');
  });

  it('tests and connects with the password from SecretStorage; the status bar shows it', async () => {
    await vscode.commands.executeCommand('pgArchitect.setPassword', 'e2e', cluster!.password);
    assert.equal(await vscode.commands.executeCommand('pgArchitect.testConnection', 'e2e'), 'ok');
    assert.equal(await vscode.commands.executeCommand('pgArchitect.connect', 'e2e'), true);
    assert.equal(api.activeConnection(), 'e2e');
    assert.match(api.connectionStatus(), /e2e/);
    // The settings hold no password.
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('pgArchitect').get('connections')).includes(cluster!.password));
  });

  it('runs Explain Analyze on the connected server', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: "SELECT * FROM customers WHERE email LIKE '1%';" });
    await vscode.window.showTextDocument(doc);
    const outcome = await vscode.commands.executeCommand<{ plan?: { analyzed: boolean; root: { relationName?: string } } }>('pgArchitect.explainAnalyze');
    assert.equal(outcome?.plan?.analyzed, true);
    assert.equal(outcome?.plan?.root.relationName, 'customers');
  });

  it('disconnects back to the embedded database', async () => {
    await vscode.commands.executeCommand('pgArchitect.disconnect');
    assert.equal(api.activeConnection(), undefined);
    assert.match(api.connectionStatus(), /embedded/);
    assert.ok(WORKSPACE());
  });
});
