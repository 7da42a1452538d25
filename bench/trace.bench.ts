// Migrations proven: `pg-architect trace` on every project of the shared migration corpus (each applied in order to a
// fresh embedded PostgreSQL, locks and rewrites observed per statement), whole process, summed over the projects.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runOnce } from './measure';
import type { BenchContext, BenchModule, BenchRow } from './types';

export const traceBench: BenchModule = {
  name: 'trace',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const root = join(ctx.corpus, 'migrations');
    if (!existsSync(root)) {
      ctx.log(`trace: no migration corpus at ${root}`);
      return [];
    }
    const cli = join(ctx.root, 'dist', 'cli.js');
    let seconds = 0;
    let peakKiB = 0;
    const projects = readdirSync(root).filter((d) => !d.startsWith('.'));
    for (const project of projects) {
      const sample = await runOnce(process.execPath, [cli, 'trace', '.', '--format', 'json'], join(root, project), 600_000);
      seconds += sample.seconds;
      peakKiB = Math.max(peakKiB, sample.peakKiB);
    }
    return [
      { benchmark: 'migrations proven (trace)', metric: `apply + observe the migration corpus (${projects.length} projects), whole CLI runs, summed`, unit: 's', ours: seconds, note: 'aim: under 10 s' },
      { benchmark: 'migrations proven (trace)', metric: 'peak memory of one run', unit: 'MiB', ours: peakKiB / 1024 },
    ];
  },
};
