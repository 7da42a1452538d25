// Bundles the extension client, the language server, the CLI and the plan viewer with esbuild, and copies the
// WASM the parser needs next to the bundles. Entries that do not exist yet are skipped.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
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
  { in: 'cli/main.ts', out: 'cli.js', options: node },
  { in: 'cli/lint-worker.ts', out: 'lint-worker.js', options: node },
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
