// `npm test`: build, type-check, then every suite. `npm test -- unit lsp` runs only those suites.
// Suites that need system software skip themselves with a reason when it is missing; with CI=true a skip
// is a failure (see test/helpers/requirements.ts), and .ci/run installs the software first.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SUITES = ['unit', 'lsp', 'corpus', 'pglite', 'pg', 'faults', 'webview', 'fuzz', 'e2e'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = wanted.length > 0 ? wanted : SUITES;
for (const s of selected) if (!SUITES.includes(s)) fail(`unknown suite "${s}"; suites: ${SUITES.join(', ')}`);

function fail(message) {
  console.error(`test: ${message}`);
  process.exit(2);
}

function run(title, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n=== ${title}`);
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const ok = r.status === 0;
  console.log(`=== ${title}: ${ok ? 'passed' : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds}s`);
  return ok;
}

function specs(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.test.ts')) out.push(relative(root, p));
    }
  };
  if (existsSync(join(root, dir))) walk(join(root, dir));
  return out.sort();
}

const results = [];
const step = (title, ok) => results.push({ title, ok });
step('build', run('build', process.execPath, [join(root, 'scripts/build.mjs')]));
step('typecheck', run('typecheck', process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', root]));
const mocha = join(root, 'node_modules/mocha/bin/mocha.js');
for (const suite of selected) {
  if (suite === 'e2e') {
    if (existsSync(join(root, 'scripts/e2e.mjs'))) step('e2e', run('e2e (real VS Code)', process.execPath, [join(root, 'scripts/e2e.mjs')]));
    continue;
  }
  const files = specs(`test/${suite}`);
  if (files.length === 0) continue;
  step(suite, run(`${suite} (${files.length} files)`, process.execPath, [mocha, ...files], { PG_ARCHITECT_SUITE: suite }));
}
console.log('\nSummary:');
for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.title}`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
