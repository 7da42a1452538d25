// `npm run bench`: builds, then runs the benchmark modules in bench/ (TypeScript through tsx). The peers are
// measured when installed (see ../shared/peers/README.md). Speed is measured here, never asserted in tests.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(root, 'bench', 'run.ts')], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
