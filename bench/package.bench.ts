// The .vsix users download: its size (built by npm run package).
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
    return [{ benchmark: 'extension package', metric: `.vsix size (${vsix})`, unit: 'MB', ours: statSync(join(ctx.root, vsix)).size / 1e6 }];
  },
};
