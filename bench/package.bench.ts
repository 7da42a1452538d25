// What users download: the .vsix (npm run package) and the npm package's tarball (npm run pack:npm), their sizes.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchModule } from './types';

export const packageBench: BenchModule = {
  name: 'package',
  async run(ctx) {
    const r = spawnSync(process.execPath, [join(ctx.root, 'scripts', 'package.mjs')], { cwd: ctx.root, encoding: 'utf8' });
    if (r.status !== 0) {
      ctx.log(`package: npm run package failed: ${r.stderr}`);
      return [];
    }
    const vsix = readdirSync(ctx.root).filter((f) => f.endsWith('.vsix')).sort().pop();
    if (!vsix) return [];
    const rows = [{ benchmark: 'extension package', metric: `.vsix size (${vsix})`, unit: 'MB', ours: statSync(join(ctx.root, vsix)).size / 1e6 }];
    // The production bundles package.mjs just built, packed without rebuilding.
    const npm = spawnSync(process.execPath, [join(ctx.root, 'scripts', 'npm-package.mjs'), '--no-build'], { cwd: ctx.root, encoding: 'utf8' });
    const packed = /pack:npm: (\S+\.tgz), \d+ files, [\d.]+ MB packed, ([\d.]+) MB unpacked/.exec(npm.stdout);
    if (npm.status !== 0 || !packed) ctx.log(`package: npm run pack:npm failed: ${npm.stderr}`);
    else {
      rows.push({ benchmark: 'npm package', metric: `tarball size (${packed[1]})`, unit: 'MB', ours: statSync(join(ctx.root, packed[1])).size / 1e6 });
      rows.push({ benchmark: 'npm package', metric: 'unpacked size (without PGlite, a dependency)', unit: 'MB', ours: Number(packed[2]) * 1.048576 });
    }
    return rows;
  },
};
