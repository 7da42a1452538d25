// Hardening, items 3 and 8: a workspace's layout must never freeze the editor or the CLI, and never make the
// lint skip silently. Directory links are followed once (loops and duplicates by real path), only regular files
// are opened (a FIFO named x.sql), what cannot be read is reported, and a path without SQL files is exit 2.
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkspaceEdit } from 'vscode-languageserver-protocol';
import { discoverFiles } from '../../core/project/discover';
import { LspClient } from '../helpers/lsp-client';
import { skipOrFail } from '../helpers/requirements';

const ROOT = join(__dirname, '..', '..');
// Each file has a finding (ban-drop-table), so the JSON output names every file linted.
const TABLE = 'CREATE TABLE orders (id bigint PRIMARY KEY, status text);\nDROP TABLE legacy_orders;\n';
const MIGRATION = 'CREATE INDEX orders_status_idx ON orders (status);\nDROP TABLE legacy_orders;\n';

function cli(args: readonly string[], cwd: string, user?: string): { status: number | null; stdout: string; stderr: string } {
  const node = [process.execPath, '-r', require.resolve('tsx/cjs'), join(ROOT, 'cli', 'main.ts'), ...args];
  const [command, argv] = user ? ['runuser', ['-u', user, '--', ...node]] : [node[0], node.slice(1)];
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_COLOR: '1', XDG_CACHE_HOME: join(cwd, '.cache') } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function filesWithFindings(json: string): string[] {
  return [...new Set((JSON.parse(json) as { file: string }[]).map((f) => f.file))].sort();
}

describe('faults: file discovery in hostile or odd trees', function () {
  this.timeout(180_000);
  let dir: string;

  /** A tree with two links back to their folder, a link to the root, and a FIFO named like a SQL file. */
  function hostileTree(): string {
    const root = mkdtempSync(join(tmpdir(), 'pga-tree-'));
    mkdirSync(join(root, 'db', 'migrations', 'sub'), { recursive: true });
    writeFileSync(join(root, 'db', 'migrations', '001_orders.sql'), TABLE);
    writeFileSync(join(root, 'db', 'migrations', 'sub', '002_index.sql'), MIGRATION);
    symlinkSync('.', join(root, 'db', 'migrations', 'sub', 'l1'));
    symlinkSync('.', join(root, 'db', 'migrations', 'sub', 'l2'));
    symlinkSync('.', join(root, 'self'));
    execFileSync('mkfifo', [join(root, 'db', 'x.sql')]);
    writeFileSync(join(root, 'query.sql'), 'SELECT * FROM orders WHERE status = $1;\n');
    return root;
  }

  before(() => {
    dir = hostileTree();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists each file once, follows no link twice, and says what it did not open', () => {
    const found = discoverFiles(dir);
    assert.deepEqual(found.files.map((f) => f.path), ['db/migrations/001_orders.sql', 'db/migrations/sub/002_index.sql', 'query.sql']);
    assert.ok(found.notices.some((n) => n.kind === 'not-a-regular-file' && n.path === 'db/x.sql'), JSON.stringify(found.notices));
    assert.ok(found.notices.some((n) => n.kind === 'link-loop'), JSON.stringify(found.notices));
    assert.equal(found.truncated, false);
  });

  it('stops at the file limit and the time budget, with a notice', () => {
    const limited = discoverFiles(dir, { maxFiles: 1 });
    assert.equal(limited.files.length, 1);
    assert.ok(limited.truncated && limited.notices.some((n) => n.kind === 'file-limit'));
    let t = 0;
    const timed = discoverFiles(dir, { now: () => (t += 1000), timeBudgetMs: 2500 });
    assert.ok(timed.truncated && timed.notices.some((n) => n.kind === 'time-limit'), JSON.stringify(timed.notices));
  });

  it('the CLI lints the tree, reports the FIFO it did not open, and ends', () => {
    const r = cli(['lint', '.', '--format', 'json'], dir);
    assert.equal(r.status, 2, r.stderr);
    assert.deepEqual(filesWithFindings(r.stdout), ['db/migrations/001_orders.sql', 'db/migrations/sub/002_index.sql']);
    assert.match(r.stderr, /db\/x\.sql is not a regular file/);
    // Named on the command line, the FIFO is refused too, without blocking.
    const fifo = cli(['lint', 'db/x.sql'], dir);
    assert.equal(fifo.status, 2);
    assert.match(fifo.stdout + fifo.stderr, /not a regular file/);
  });

  it('explain in that folder builds the embedded schema and ends', () => {
    const r = cli(['explain', 'query.sql', '--format', 'json'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /orders/);
  });

  it('the language server answers in that workspace, and rename edits each file once', async () => {
    // Rewriting the migrations in place (not a new migration): this test is about finding each file once.
    const client = await LspClient.start({ workspaceFolders: [dir], settings: { rename: { migrations: 'edit' } } });
    try {
      const uri = pathToFileURL(join(dir, 'db', 'migrations', '001_orders.sql')).href;
      client.open(uri, TABLE);
      await client.waitForDiagnostics(uri);
      const edit = await client.request<WorkspaceEdit>('textDocument/rename', { textDocument: { uri }, position: { line: 0, character: 14 }, newName: 'purchases' });
      const uris = [...Object.keys(edit.changes ?? {}), ...(edit.documentChanges ?? []).map((c) => ('textDocument' in c ? c.textDocument.uri : ''))];
      assert.deepEqual(uris.map((u) => u.slice(pathToFileURL(dir).href.length + 1)).sort(), ['db/migrations/001_orders.sql', 'db/migrations/sub/002_index.sql', 'query.sql']);
    } finally {
      await client.kill();
    }
  });

  it('a symlinked migrations folder is linted; a folder without SQL files is exit 2', () => {
    const root = mkdtempSync(join(tmpdir(), 'pga-linked-'));
    try {
      mkdirSync(join(root, 'real'));
      writeFileSync(join(root, 'real', '001_orders.sql'), TABLE);
      mkdirSync(join(root, 'app'));
      symlinkSync(join(root, 'real'), join(root, 'app', 'migrations'));
      mkdirSync(join(root, 'empty'));
      writeFileSync(join(root, 'empty', 'notes.txt'), 'no SQL here');
      const linked = cli(['lint', 'app', '--format', 'json'], root);
      assert.equal(linked.status, 0, linked.stderr);
      assert.deepEqual(filesWithFindings(linked.stdout), ['app/migrations/001_orders.sql']);
      const empty = cli(['lint', 'empty'], root);
      assert.equal(empty.status, 2);
      assert.match(empty.stderr, /empty: no SQL file/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('an unreadable folder is reported and makes the exit code 2', function () {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
      // As a normal user, permissions apply to us directly.
      return checkUnreadable(undefined);
    }
    // Root reads everything: run the CLI as an unprivileged user instead.
    const who = spawnSync('id', ['-u', 'nobody']);
    if (who.status !== 0) skipOrFail(this, 'the `nobody` user is needed to test an unreadable folder as root');
    return checkUnreadable('nobody');
  });

  function checkUnreadable(user: string | undefined): void {
    const root = mkdtempSync(join('/tmp', 'pga-unreadable-'));
    try {
      chmodSync(root, 0o755);
      mkdirSync(join(root, 'open'));
      mkdirSync(join(root, 'closed'));
      writeFileSync(join(root, 'open', 'a.sql'), TABLE);
      writeFileSync(join(root, 'closed', 'b.sql'), TABLE);
      for (const p of [join(root, 'open'), join(root, 'open', 'a.sql')]) chmodSync(p, 0o755);
      chmodSync(join(root, 'closed'), 0o000);
      const r = cli(['lint', '.', '--format', 'json'], root, user);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /cannot read folder closed: permission denied/);
      assert.deepEqual(filesWithFindings(r.stdout), ['open/a.sql']);
    } finally {
      chmodSync(join(root, 'closed'), 0o755);
      rmSync(root, { recursive: true, force: true });
    }
  }
});
