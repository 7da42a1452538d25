// Configuration over LSP: pg-architect.json severities and include/exclude, reloading when the client reports
// the file changed, its problems shown on the file, and the editor's pgArchitect settings as fallbacks.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient, type LspClientOptions } from '../helpers/lsp-client';
import { codes, ours, RULE } from './known';
import { tempWorkspace } from './workspace';
const INDEX = 'CREATE INDEX i ON t (a);\n';
/** The message of the index finding. */
const message = (diagnostics: readonly Diagnostic[]): string => diagnostics.find((d) => d.code === RULE)?.message ?? '(no finding)';

describe('lsp: configuration', function () {
  this.timeout(120_000);
  const clients: LspClient[] = [];
  const start = async (options: LspClientOptions): Promise<LspClient> => {
    const c = await LspClient.start(options);
    clients.push(c);
    return c;
  };
  after(async () => Promise.all(clients.map((c) => c.kill())));

  const configChanged = (client: LspClient, dir: string): Promise<void> =>
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(join(dir, 'pg-architect.json')).href, type: FileChangeType.Changed }] });

  it('uses the severity from pg-architect.json and re-lints open documents when the file changes', async () => {
    const dir = tempWorkspace({ 'pg-architect.json': JSON.stringify({ rules: { [RULE]: 'error' } }) });
    const client = await start({ workspaceFolders: [dir] });
    const uri = pathToFileURL(join(dir, 'm.sql')).href;
    client.open(uri, INDEX);
    assert.deepEqual(ours(await client.waitForDiagnostics(uri)).map((d) => [d.code, d.severity]), [[RULE, DiagnosticSeverity.Error]]);
    assert.ok(
      client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles' && JSON.stringify(r.registerOptions).includes('**/pg-architect.json')),
      'the server registers a watcher for pg-architect.json',
    );

    writeFileSync(join(dir, 'pg-architect.json'), `// comments are allowed\n{ "rules": { "${RULE}": "hint" } }`);
    let next = client.nextDiagnostics(uri);
    await configChanged(client, dir);
    assert.deepEqual(ours(await next).map((d) => [d.code, d.severity]), [[RULE, DiagnosticSeverity.Hint]]);

    writeFileSync(join(dir, 'pg-architect.json'), JSON.stringify({ rules: { [RULE]: 'off' } }));
    next = client.nextDiagnostics(uri);
    await configChanged(client, dir);
    assert.deepEqual(codes(await next), []);
  });

  it('shows configuration problems as diagnostics on pg-architect.json and clears them once fixed', async () => {
    const config = '{\n  "rules": {\n    "no-such-rule": "error"\n  },\n  "postgresVersion": 99\n}\n';
    const dir = tempWorkspace({ 'pg-architect.json': config });
    const configUri = pathToFileURL(join(dir, 'pg-architect.json')).href;
    const client = await start({ workspaceFolders: [dir] });
    const problems = await client.waitForDiagnostics(configUri);
    assert.deepEqual(
      problems.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character, d.range.end.character]),
      [
        ['invalid-config', DiagnosticSeverity.Warning, 2, 4, 18],
        ['invalid-config', DiagnosticSeverity.Warning, 4, 2, 19],
      ],
    );
    assert.match(problems[0].message, /Unknown rule "no-such-rule"/);

    writeFileSync(join(dir, 'pg-architect.json'), '{ "postgresVersion": 15 }');
    const cleared = client.nextDiagnostics(configUri);
    await configChanged(client, dir);
    assert.deepEqual(await cleared, []);
  });

  it('keeps linting with defaults when pg-architect.json is not valid JSON', async () => {
    const dir = tempWorkspace({ 'pg-architect.json': '{ "rules": ' });
    const client = await start({ workspaceFolders: [dir] });
    const [problem] = await client.waitForDiagnostics(pathToFileURL(join(dir, 'pg-architect.json')).href);
    assert.match(problem.message, /not valid JSON/);
    const uri = pathToFileURL(join(dir, 'm.sql')).href;
    client.open(uri, INDEX);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri)), [RULE]);
  });

  it('lints only files that include/exclude (relative to the file) let in', async () => {
    const dir = tempWorkspace({ 'pg-architect.json': JSON.stringify({ include: ['migrations/**/*.sql'], exclude: ['migrations/old/**'] }) });
    const client = await start({ workspaceFolders: [dir] });
    const lint = async (path: string): Promise<Diagnostic[]> => {
      const uri = pathToFileURL(join(dir, path)).href;
      client.open(uri, INDEX);
      return client.waitForDiagnostics(uri);
    };
    assert.deepEqual(codes(await lint('migrations/001.sql')), [RULE]);
    // Left out: no diagnostics at all.
    assert.deepEqual(await lint('migrations/old/000.sql'), []);
    assert.deepEqual(await lint('scripts/report.sql'), []);
  });

  it('reads assumeInTransaction from the editor settings unless pg-architect.json sets it', async () => {
    const inTransaction = /CONCURRENTLY cannot run inside a transaction block/;
    const bare = tempWorkspace();
    const client = await start({ workspaceFolders: [bare], settings: { assumeInTransaction: true } });
    const uri = pathToFileURL(join(bare, 'm.sql')).href;
    client.open(uri, INDEX);
    assert.match(message(await client.waitForDiagnostics(uri)), inTransaction);

    // A settings change (workspace/didChangeConfiguration) re-lints with the new value.
    client.settings = { assumeInTransaction: false };
    const next = client.nextDiagnostics(uri);
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.doesNotMatch(message(await next), inTransaction);

    const configured = tempWorkspace({ 'pg-architect.json': '{ "assumeInTransaction": false }' });
    const other = await start({ workspaceFolders: [configured], settings: { assumeInTransaction: true } });
    const otherUri = pathToFileURL(join(configured, 'm.sql')).href;
    other.open(otherUri, INDEX);
    assert.doesNotMatch(message(await other.waitForDiagnostics(otherUri)), inTransaction);
  });

  it('pgArchitect.enable: false leaves the folder\'s files without diagnostics, true lints them again', async () => {
    const dir = tempWorkspace();
    const client = await start({ workspaceFolders: [dir], settings: { enable: false } });
    const uri = pathToFileURL(join(dir, 'm.sql')).href;
    client.open(uri, INDEX);
    assert.deepEqual(codes(await client.waitForDiagnostics(uri)), []);
    client.settings = { enable: true };
    const next = client.nextDiagnostics(uri);
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(codes(await next), [RULE]);
  });

  it('ignores invalid editor settings with a logged warning', async () => {
    const dir = tempWorkspace();
    const client = await start({ workspaceFolders: [dir], settings: { postgresVersion: 3, assumeInTransaction: 'yes' } });
    const uri = pathToFileURL(join(dir, 'm.sql')).href;
    client.open(uri, INDEX);
    assert.doesNotMatch(message(await client.waitForDiagnostics(uri)), /CONCURRENTLY cannot run inside a transaction block/);
    assert.ok(client.logs.some((l) => l.message.includes('pgArchitect.postgresVersion = 3')), 'logged the bad postgresVersion');
    assert.ok(client.logs.some((l) => l.message.includes('pgArchitect.assumeInTransaction = "yes"')), 'logged the bad assumeInTransaction');
  });

  it('works with a client that has no configuration or watcher support (settings pushed instead)', async () => {
    const dir = tempWorkspace({ 'pg-architect.json': JSON.stringify({ rules: { [RULE]: 'info' } }) });
    const client = await start({ workspaceFolders: [dir], capabilities: {} });
    const uri = pathToFileURL(join(dir, 'm.sql')).href;
    client.open(uri, INDEX);
    assert.deepEqual(ours(await client.waitForDiagnostics(uri)).map((d) => d.severity), [DiagnosticSeverity.Information]);
    assert.equal(client.registrations.length, 0);
    const next = client.nextDiagnostics(uri);
    await client.notify('workspace/didChangeConfiguration', { settings: { pgArchitect: { assumeInTransaction: true } } });
    assert.match(message(await next), /CONCURRENTLY cannot run inside a transaction block/);
  });
});
