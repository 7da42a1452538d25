// The npm package as users install it: `npm pack`, the tarball installed into an empty folder (its one run-time
// dependency, PGlite, from the registry or npm's cache), then the installed command: `lint`, `explain` on the
// embedded database, and `lsp --stdio` started the way Neovim, Helix, Zed and Emacs (eglot) configurations start it
// (docs/other-editors.md): initialize, a migration's diagnostics, a hover.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientCapabilities, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspClient, ROOT, ensureServerBuilt } from '../helpers/lsp-client';

interface EditorProfile {
  readonly editor: string;
  readonly clientInfo: { readonly name: string; readonly version: string };
  readonly capabilities: ClientCapabilities;
  /** The client's answer to workspace/configuration for a section. */
  readonly configuration: (section: string | undefined) => unknown;
  readonly hoverKind: 'markdown' | 'plaintext';
  /** A line of docs/other-editors.md that configures the command this editor runs. */
  readonly documented: RegExp;
}

const EDITORS: readonly EditorProfile[] = [
  {
    editor: 'Neovim (vim.lsp.config / nvim-lspconfig)',
    clientInfo: { name: 'Neovim', version: '0.11.2' },
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: false }, applyEdit: true },
      textDocument: { synchronization: { didSave: true, willSave: true }, publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } }, hover: { contentFormat: ['markdown', 'plaintext'] }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } },
    },
    // settings = { pgArchitect = {} }: an empty table for our section, vim.NIL (null) for any other.
    configuration: (section) => (section === 'pgArchitect' ? {} : null),
    hoverKind: 'markdown',
    documented: /cmd = \{ 'pg-architect', 'lsp', '--stdio' \}/,
  },
  {
    editor: 'Helix (languages.toml)',
    clientInfo: { name: 'helix', version: '25.01.1' },
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, applyEdit: true },
      textDocument: { publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } }, hover: { contentFormat: ['markdown'] } },
    },
    // No `config` for the server: null for every section.
    configuration: () => null,
    hoverKind: 'markdown',
    documented: /^args = \["lsp", "--stdio"\]$/m,
  },
  {
    editor: 'Zed (extension + lsp.binary)',
    clientInfo: { name: 'Zed', version: '0.190.0' },
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true } },
      textDocument: { publishDiagnostics: { relatedInformation: true }, hover: { contentFormat: ['markdown'] } },
    },
    configuration: (section) => (section === 'pgArchitect' ? { rules: {} } : null),
    hoverKind: 'markdown',
    documented: /"arguments": \["lsp", "--stdio"\]/,
  },
  {
    editor: 'Emacs eglot (without markdown-mode)',
    clientInfo: { name: 'Eglot', version: '1.17' },
    capabilities: {
      workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, applyEdit: true },
      textDocument: { publishDiagnostics: { relatedInformation: false, versionSupport: true }, hover: { contentFormat: ['plaintext'] } },
    },
    // eglot-workspace-configuration left at nil.
    configuration: () => null,
    hoverKind: 'plaintext',
    documented: /\. \("pg-architect" "lsp" "--stdio"\)/,
  },
];

function run(command: string, args: readonly string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the npm package, installed, and other editors starting its language server', function () {
  this.timeout(300_000);
  let consumer: string;
  let bin: string;
  let tarball: string;

  before(() => {
    ensureServerBuilt();
    const packed = run(process.execPath, [join(ROOT, 'scripts', 'npm-package.mjs'), '--no-build'], ROOT);
    assert.equal(packed.status, 0, packed.stderr);
    const name = /pack:npm: (\S+\.tgz)/.exec(packed.stdout)?.[1];
    assert.ok(name, packed.stdout);
    tarball = join(ROOT, name);
    consumer = mkdtempSync(join(tmpdir(), 'pga-npm-consumer-'));
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    mkdirSync(join(consumer, 'migrations'));
    writeFileSync(join(consumer, 'migrations', '001_orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n');
    writeFileSync(join(consumer, 'migrations', '002_index.sql'), 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n');
    writeFileSync(join(consumer, 'report.sql'), 'SELECT * FROM orders WHERE customer_id = 7;\n');
    const installed = run('npm', ['install', tarball, '--no-audit', '--no-fund', '--prefer-offline'], consumer);
    assert.equal(installed.status, 0, installed.stderr);
    bin = join(consumer, 'node_modules', '.bin', 'pg-architect');
  });

  it('is a publishable package: its own manifest, the CLI and server bundles, no extension client, no source maps', () => {
    const listed = run('tar', ['-tzf', tarball], ROOT).stdout.split('\n').filter(Boolean);
    for (const f of ['package/bin/pg-architect.js', 'package/dist/cli.js', 'package/dist/cli-bundle.js', 'package/dist/server.js', 'package/dist/libpg-query.wasm', 'package/dist/webview.js', 'package/docs/rules/README.md', 'package/LICENSE', 'package/README.md']) assert.ok(listed.includes(f), `${f} is packed`);
    for (const f of listed) assert.ok(!/\.map$|dist\/client\.js$|\.ts$|^package\/images\//.test(f), `${f} must not be packed`);
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', 'pg-architect', 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.private, undefined);
    assert.deepEqual(manifest.bin, { 'pg-architect': 'bin/pg-architect.js' });
    assert.deepEqual(Object.keys(manifest.dependencies as object), ['@electric-sql/pglite']);
    for (const key of ['license', 'repository', 'homepage', 'bugs', 'keywords', 'engines']) assert.ok(manifest[key], `${key} is set`);
    assert.equal(manifest.contributes, undefined, 'the VS Code manifest stays in the .vsix');
  });

  it('npx pg-architect lint: the same findings as in the repository', () => {
    const r = run('npx', ['--no-install', 'pg-architect', 'lint', 'migrations', '--format', 'json'], consumer);
    assert.equal(r.status, 0, r.stderr);
    const findings = JSON.parse(r.stdout) as { file: string; ruleId: string }[];
    assert.deepEqual(findings.map((f) => `${f.file} ${f.ruleId}`), ['migrations/002_index.sql require-concurrent-index-creation']);
  });

  it('pg-architect explain: the embedded PostgreSQL from the installed dependency', () => {
    const r = run(bin, ['explain', 'report.sql', '--schema', 'migrations', '--no-color'], consumer);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Index Scan using orders_customer_idx on (public\.)?orders|Bitmap Heap Scan on (public\.)?orders|Seq Scan on (public\.)?orders/);
    assert.match(r.stderr, /embedded database ready/);
  });

  const docs = readFileSync(join(ROOT, 'docs', 'other-editors.md'), 'utf8');
  for (const profile of EDITORS) {
    it(`${profile.editor}: initialize, diagnostics and hover through the installed pg-architect lsp --stdio`, async () => {
      assert.match(docs, profile.documented, 'docs/other-editors.md configures this command');
      const client = await LspClient.start({
        command: [bin, 'lsp', '--stdio'],
        cwd: consumer,
        workspaceFolders: [consumer],
        clientInfo: profile.clientInfo,
        capabilities: profile.capabilities,
        configuration: (section) => profile.configuration(section),
      });
      try {
        assert.equal(client.initializeResult.serverInfo?.name, 'pg-architect');
        assert.ok(client.initializeResult.capabilities.hoverProvider);
        const uri = pathToFileURL(join(consumer, 'migrations', '002_index.sql')).toString();
        client.open(uri, readFileSync(join(consumer, 'migrations', '002_index.sql'), 'utf8'));
        const diagnostics = await client.waitForDiagnostics(uri);
        assert.deepEqual(diagnostics.map((d) => d.code), ['require-concurrent-index-creation']);
        const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
        const content = hover?.contents as MarkupContent | undefined;
        assert.equal(content?.kind, profile.hoverKind);
        assert.match(content?.value ?? '', /SHARE/, 'the hover says what the statement locks');
        if (profile.hoverKind === 'plaintext') {
          assert.doesNotMatch(content?.value ?? '', /\*\*|`|\]\(/, 'no Markdown marks in a plain-text hover');
          assert.match(content?.value ?? '', /CREATE INDEX <https:\/\/www\.postgresql\.org\/docs\/\d+\/sql-createindex\.html>/, 'links keep their address');
        }
      } finally {
        assert.equal(await client.stop(), 0);
      }
    });
  }
});
