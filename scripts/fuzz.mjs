// `npm run fuzz`: the fuzz suites for a long run with a fresh seed (printed, so a failure can be replayed with
// FUZZ_SEED=<seed>). Inputs that fail are saved under test/fuzz/found/; move them to test/fuzz/regressions/.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const env = {
  ...process.env,
  FUZZ_SEED: seed,
  FUZZ_ITERATIONS: process.env.FUZZ_ITERATIONS ?? '200000',
  FUZZ_LSP_ITERATIONS: process.env.FUZZ_LSP_ITERATIONS ?? '5000',
};
console.log(`fuzz: seed ${seed}, ${env.FUZZ_ITERATIONS} engine inputs, ${env.FUZZ_LSP_ITERATIONS} LSP inputs`);
const r = spawnSync(process.execPath, [join(root, 'node_modules/mocha/bin/mocha.js'), 'test/fuzz/**/*.test.ts'], { cwd: root, stdio: 'inherit', env });
process.exit(r.status ?? 1);
