// The CLI over the corpus, whole process, against postgres-language-server and squawk on the same files.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runRepeated } from './measure';
import { PEERS, installed } from './peers';
import type { BenchContext, BenchModule, BenchRow } from './types';

async function compare(ctx: BenchContext, label: string, dir: string): Promise<BenchRow[]> {
  const cli = join(ctx.root, 'dist', 'cli.js');
  const ours = await runRepeated(process.execPath, [cli, 'lint', '--format', 'json', dir], ctx.runs);
  ctx.log(`${label}: ours ${ours.seconds.median.toFixed(2)} s`);
  let pls: Awaited<ReturnType<typeof runRepeated>> | undefined;
  if (installed(PEERS.postgresLanguageServer)) {
    pls = await runRepeated(PEERS.postgresLanguageServer, ['check', dir], ctx.runs);
    ctx.log(`${label}: postgres-language-server ${pls.seconds.median.toFixed(2)} s`);
  }
  const rows: BenchRow[] = [
    { benchmark: `lint ${label}`, metric: 'wall time (median)', unit: 's', ours: ours.seconds.median, ...(pls ? { peer: { name: 'postgres-language-server', value: pls.seconds.median } } : {}), note: `min ${ours.seconds.min.toFixed(2)}, max ${ours.seconds.max.toFixed(2)}` },
    { benchmark: `lint ${label}`, metric: 'peak memory (median)', unit: 'MiB', ours: ours.peakMiB.median, ...(pls ? { peer: { name: 'postgres-language-server', value: pls.peakMiB.median } } : {}) },
  ];
  if (installed(PEERS.squawk)) {
    const squawk = await runRepeated(PEERS.squawk, [`${dir}/*.sql`], 1);
    const crashed = squawk.statuses.some((s) => s === null || s > 1);
    ctx.log(`${label}: squawk ${squawk.seconds.median.toFixed(2)} s${crashed ? ' (did not finish normally)' : ''}`);
    rows.push({ benchmark: `lint ${label}`, metric: 'wall time (1 run)', unit: 's', ours: ours.seconds.median, peer: { name: 'squawk', value: squawk.seconds.median }, ...(crashed ? { note: `squawk exited with ${squawk.statuses[0]}` } : {}) });
  }
  return rows;
}

export const cliBench: BenchModule = {
  name: 'cli',
  async run(ctx) {
    const regress = join(ctx.corpus, 'regress');
    const dumps = join(ctx.corpus, 'dumps');
    if (!existsSync(regress) || readdirSync(regress).length === 0) {
      ctx.log('cli: the corpus is absent; skipped');
      return [];
    }
    return [...(await compare(ctx, 'regress (228 files)', regress)), ...(await compare(ctx, 'dumps (11 files)', dumps))];
  },
};
