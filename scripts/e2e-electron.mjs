// The e2e suite (test/e2e) with @vscode/test-electron: where VS Code can be downloaded (users' machines, public
// CI). It runs the same mocha suites as scripts/e2e.mjs (the offline route through code-server's VS Code, which
// .ci/run uses here), against the built extension in this folder: `npm run build && node scripts/e2e-electron.mjs`.
// PGA_E2E_SUITE=untrusted selects the restricted-mode suite, as in the offline route.
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sandbox = mkdtempSync(join(tmpdir(), 'pga-e2e-electron-'));
const outDir = join(sandbox, 'tests');
mkdirSync(outDir, { recursive: true });
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
const { runTests } = await import('@vscode/test-electron');
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(outDir, 'index.js'),
    launchArgs: [join(root, 'test', 'e2e', 'workspace'), '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${join(sandbox, 'user')}`],
    extensionTestsEnv: { PGA_E2E_SANDBOX: sandbox, PGA_E2E_REPORT: join(sandbox, 'report.txt') },
  });
  console.log('e2e (test-electron): passed');
} catch (e) {
  console.error(`e2e (test-electron): ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
