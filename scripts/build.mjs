// Bundles the extension client, the language server, the CLI and the plan viewer with esbuild, and copies the
// WASM the parser needs next to the bundles. Entries that do not exist yet are skipped.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const production = process.argv.includes('--production');
mkdirSync(dist, { recursive: true });

// Generated sources first (rule registry), so a fresh clone builds.
execFileSync(process.execPath, [join(root, 'scripts/gen-rule-registry.mjs')], { stdio: 'inherit' });

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  external: ['vscode', '@electric-sql/pglite', 'pg-native'],
};
// The schema diagram's ELK worker script, as a string in its bundle (started from a blob: URL; elk-layout.ts).
const elkWorkerSource = {
  name: 'elk-worker-source',
  setup(b) {
    b.onResolve({ filter: /^elk-worker-source$/ }, () => ({ path: 'elk-worker-source', namespace: 'elk-worker-source' }));
    b.onLoad({ filter: /.*/, namespace: 'elk-worker-source' }, () => ({
      contents: `export const ELK_WORKER_SOURCE = ${JSON.stringify(readFileSync(join(root, 'node_modules/elkjs/lib/elk-worker.min.js'), 'utf8'))};`,
      loader: 'js',
    }));
  },
};
const entries = [
  { in: 'client/extension.ts', out: 'client.js', options: node },
  { in: 'server/main.ts', out: 'server.js', options: node },
  // The embedded PostgreSQL in a worker thread, for the extension host (core/db/pglite-worker.ts).
  { in: 'core/db/pglite-worker.ts', out: 'pglite-worker.js', options: node },
  // A migration history applied in a worker thread, for the language server (core/trace/trace-worker.ts).
  { in: 'core/trace/trace-worker.ts', out: 'trace-worker.js', options: node },
  // The CLI: a small entry (cli.js) that runs the bundle from the V8 code cache written below; import() becomes
  // require() in the bundle (cli/launch.ts says why).
  { in: 'cli/launch.ts', out: 'cli.js', options: node },
  { in: 'cli/main.ts', out: 'cli-bundle.js', options: { ...node, supported: { 'dynamic-import': false } } },
  // The health report panel's stylesheet (the panel itself is static HTML without script).
  { in: 'client/advisors/health-report.css', out: 'health-report.css', options: { bundle: true, minify: production, logLevel: 'warning' } },
  {
    in: 'client/webview/main.ts',
    out: 'webview.js',
    options: { bundle: true, platform: 'browser', target: 'chrome120', format: 'iife', sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning' },
  },
  {
    in: 'client/webview/schema/main.ts',
    out: 'schema-webview.js',
    options: {
      bundle: true, platform: 'browser', target: 'chrome120', format: 'iife', sourcemap: production ? false : 'linked', minify: production, logLevel: 'warning',
      plugins: [elkWorkerSource],
    },
  },
  { in: 'client/webview/schema/styles.css', out: 'schema-webview.css', options: { bundle: true, minify: production, logLevel: 'warning' } },
];
await Promise.all(
  entries
    .filter((e) => existsSync(join(root, e.in)))
    .map((e) => build({ ...e.options, entryPoints: [join(root, e.in)], outfile: join(dist, e.out) })),
);
copyFileSync(join(root, 'node_modules/libpg-query/wasm/libpg-query.wasm'), join(dist, 'libpg-query.wasm'));

// The CLI's code cache: one lint of the examples compiles what a lint runs, and the entry writes V8's cache of it at
// exit (cli/launch.ts). Start-up of a run: ~230 -> ~130 ms on 2 cores. Not fatal: without it the CLI compiles as usual.
rmSync(join(dist, 'cli-bundle.cache'), { force: true });
const cacheRun = spawnSync(process.execPath, [join(dist, 'cli.js'), 'lint', '--format', 'json', join(root, 'examples')], { cwd: root, env: { ...process.env, PGA_WRITE_CODE_CACHE: '1' }, stdio: 'ignore' });
if (!existsSync(join(dist, 'cli-bundle.cache'))) console.warn(`build: the CLI's code cache was not written (exit ${cacheRun.status}); the CLI starts without it`);

// An initdb'd PGlite data directory, made once per PGlite version: a new embedded database starts from it instead
// of running initdb (core/db/pglite-session.ts; written out with node:fs, not through PGlite's loader): about 0.3 s
// instead of 1.6 s in memory, 0.5 s instead of 1.2 s on disk, measured on 2 cores.
const pgliteVersion = JSON.parse(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version;
const template = join(dist, 'pglite-template.tar.gz');
const stamp = join(dist, 'pglite-template.version');
if (!existsSync(template) || !existsSync(stamp) || readFileSync(stamp, 'utf8') !== pgliteVersion) {
  const script = `import { PGlite } from '@electric-sql/pglite'; import { writeFileSync } from 'node:fs';
const db = await PGlite.create(); const dump = await db.dumpDataDir('gzip'); await db.close();
writeFileSync(process.argv[1], Buffer.from(await dump.arrayBuffer())); process.exit(0);`;
  execFileSync(process.execPath, ['--input-type=module', '-e', script, template], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, pgliteVersion);
}
