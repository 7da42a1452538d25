// Connection commands against a real PostgreSQL started by this test, with the password in SecretStorage; the
// status bar follows the connection; Explain Analyze then runs on the server. A connection added from
// DATABASE_URL keeps its password in SecretStorage only; afterwards no password (right or wrong) is in the
// extension's output channel (the file VS Code writes it to), settings.json, the settings the language server is
// sent, or any log or state file of the editor session. While connected, the language server gets the database's
// schema (introspected by the extension, sent without any connection detail) and forgets it on disconnect.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { startCluster, type TestCluster } from '../../helpers/postgres';
import { codeOf, diagnosticsOf, waitFor, WORKSPACE } from './helpers';

const WRONG_PASSWORD = 'e2e-wr0ng-s3cret';

/** A query on a large table only the database has: no migration of the e2e workspace creates it. */
const DATABASE_ONLY = 'SELECT * FROM audit_trail WHERE actor_id = 7;\n';

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The editor session's folder (user data, server data, logs): where the harness writes the report. */
function sessionFolder(): string {
  const report = process.env.PGA_E2E_REPORT;
  if (!report) throw new Error('PGA_E2E_REPORT is not set: run the e2e suites through scripts/e2e.mjs or scripts/e2e-electron.mjs');
  return dirname(report);
}

/** Files under the session's user data and server data folders (the browser profile and the report excluded). */
function sessionFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      try {
        const s = statSync(path);
        if (s.isDirectory()) walk(path);
        else if (s.isFile() && s.size < 50 * 1024 * 1024) out.push(path);
      } catch {
        // removed while walking
      }
    }
  };
  for (const sub of ['user', 'server-data']) walk(join(sessionFolder(), sub));
  return out;
}

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch {
    return Buffer.alloc(0);
  }
}

/** The file VS Code writes the extension's output channel to (newest, if several). */
function outputChannelFile(): string | undefined {
  return sessionFiles()
    .filter((p) => basename(p).endsWith('PostgreSQL Architect.log') && basename(dirname(p)).startsWith('output_logging_'))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
}

/** Runs a command that may prompt; a prompt left open (a password it did not find) is closed and reported. */
async function withoutPrompt<T>(what: string, run: Thenable<T>, ms = 20_000): Promise<T> {
  const timedOut = Symbol('timed out');
  const result = await Promise.race([run, pause(ms).then(() => timedOut)]);
  if (result === timedOut) {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    throw new Error(`${what} did not finish within ${ms} ms: it was waiting for input`);
  }
  return result as T;
}

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
    cluster.psql('CREATE TABLE audit_trail (id bigint PRIMARY KEY, actor_id bigint NOT NULL); INSERT INTO audit_trail SELECT g, g % 10 FROM generate_series(1, 200000) g; ANALYZE audit_trail;');
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
    assert.equal(await vscode.commands.executeCommand('pgArchitect.setPassword', 'e2e', WRONG_PASSWORD), true);
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

  it('gives the language server the database’s schema: no unknown-table, the unindexed filter, hover with row estimates', async () => {
    // Sent on connect, without being asked.
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: DATABASE_ONLY });
    await vscode.window.showTextDocument(doc);
    const diagnostics = await diagnosticsOf(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'unindexed-filter-on-large-table'), 'the unindexed filter on audit_trail');
    assert.deepEqual(diagnostics.filter((d) => codeOf(d) === 'unknown-table'), []);
    assert.match(diagnostics.find((d) => codeOf(d) === 'unindexed-filter-on-large-table')!.message, /^"audit_trail" has ~200,000 rows in database "e2e"/);
    const hover = await waitFor('a hover with the database’s row estimate', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(0, 17));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return /from database `e2e`/.test(text) ? text : undefined;
    });
    assert.match(hover, /~200,000 rows/);
    // And read again on request.
    const outcome = await vscode.commands.executeCommand<{ sent: boolean; relations?: number }>('pgArchitect.refreshDatabaseSchema');
    assert.equal(outcome?.sent, true, JSON.stringify(outcome));
    assert.equal(outcome?.relations, 2);
  });

  it('adds a connection from DATABASE_URL: the password goes to SecretStorage, never into settings', async () => {
    process.env.DATABASE_URL = `postgres://postgres:${encodeURIComponent(cluster!.password)}@${cluster!.host}:${cluster!.port}/postgres?sslmode=disable`;
    try {
      const adding = vscode.commands.executeCommand('pgArchitect.addConnection');
      // The first pick lists "Enter a connection string..." then what was discovered: DATABASE_URL.
      await pause(1500);
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      // The name (default: the database's) and the access (Read-write first).
      await pause(1000);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await pause(1000);
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const profile = await waitFor('the profile added from DATABASE_URL in the settings', () =>
        (vscode.workspace.getConfiguration('pgArchitect').get<Record<string, unknown>[]>('connections') ?? []).find((p) => p.name === 'postgres'),
      );
      assert.deepEqual({ host: profile.host, port: profile.port, user: profile.user, database: profile.database, sslmode: profile.sslmode }, { host: cluster!.host, port: cluster!.port, user: 'postgres', database: 'postgres', sslmode: 'disable' });
      assert.ok(!('password' in profile), `the profile has a password field: ${JSON.stringify(profile)}`);
      // "Saved connection ... Connect": not connecting now.
      await vscode.commands.executeCommand('notifications.clearAll');
      await Promise.race([adding, pause(5000)]);
    } finally {
      delete process.env.DATABASE_URL;
    }
    // The password went to SecretStorage: Test Connection needs no prompt.
    assert.equal(await withoutPrompt('Test Connection of the added profile', vscode.commands.executeCommand('pgArchitect.testConnection', 'postgres')), 'ok');
  });

  it('disconnects back to the embedded database, and the schema features back to the workspace', async () => {
    await vscode.commands.executeCommand('pgArchitect.disconnect');
    assert.equal(api.activeConnection(), undefined);
    assert.match(api.connectionStatus(), /embedded/);
    assert.ok(WORKSPACE());
    const doc = vscode.workspace.textDocuments.find((d) => d.getText() === DATABASE_ONLY);
    assert.ok(doc, 'the query on audit_trail is still open');
    const diagnostics = await diagnosticsOf(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'unknown-table'), 'unknown-table once the database is gone');
    assert.deepEqual(diagnostics.filter((d) => codeOf(d) === 'unindexed-filter-on-large-table'), []);
  });

  it('leaves no password in the output channel, settings.json, the language server settings, logs or state files', async () => {
    const target = `postgres@${cluster!.host}:${cluster!.port}/postgres`;
    // The output channel as VS Code stores it, once it holds this suite's connection lines.
    const output = await waitFor('the output channel file with the connection lines', () => {
      const file = outputChannelFile();
      const text = file ? read(file).toString('utf8') : '';
      return text.includes(`Disconnected from ${target}.`) ? text : undefined;
    });
    assert.ok(output.includes(`Connected to ${target} (PostgreSQL ${cluster!.version}).`), output);
    // The pgArchitect section the language client sends the server for workspace/configuration.
    const section = JSON.stringify(vscode.workspace.getConfiguration().get('pgArchitect'));
    assert.match(section, /"connections":\[\{"name":"e2e"/);
    assert.doesNotMatch(section, /"password"/i);
    // settings.json as written to disk: the profiles are there, no password.
    const settings = sessionFiles().filter((p) => basename(p) === 'settings.json');
    assert.ok(settings.some((p) => read(p).toString('utf8').includes('"pgArchitect.connections"')), `no settings.json with the profiles among ${settings.join(', ')}`);
    const secrets = [cluster!.password, encodeURIComponent(cluster!.password), WRONG_PASSWORD];
    for (const secret of secrets) assert.ok(!output.includes(secret), `the output channel shows ${secret}`);
    // Every file of the editor session: logs, settings, global and workspace state.
    const files = sessionFiles();
    assert.ok(files.length > 0);
    for (const file of files) {
      const bytes = read(file);
      for (const secret of secrets) assert.ok(!bytes.includes(secret), `${file} holds the password ${secret}`);
    }
  });
});
