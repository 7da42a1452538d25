// Extension activation in a real VS Code (the e2e harness's code-server, offline): the .vsix as users install
// it, activated from cold by the harness suite, which writes the time to PGA_E2E_METRICS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { summarize } from './measure';
import type { BenchModule } from './types';

export const activationBench: BenchModule = {
  name: 'activation',
  async run(ctx) {
    const times: number[] = [];
    const runs = Math.min(ctx.runs, 3); // each run starts a whole VS Code
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'pga-bench-activation-'));
      const metrics = join(dir, 'metrics.json');
      // The first run packages the .vsix; later runs reuse it.
      const args = [join(ctx.root, 'scripts', 'e2e.mjs'), '--smoke', ...(i > 0 ? ['--no-package'] : [])];
      const r = spawnSync(process.execPath, args, { cwd: ctx.root, env: { ...process.env, PGA_E2E_METRICS: metrics }, encoding: 'utf8', timeout: 600_000 });
      if (r.status !== 0 || !existsSync(metrics)) {
        ctx.log(`activation: the e2e smoke run failed (exit ${r.status}): ${(r.stderr || r.stdout).slice(-600)}`);
        rmSync(dir, { recursive: true, force: true });
        return [];
      }
      const m = JSON.parse(readFileSync(metrics, 'utf8')) as { activationMs: number; wasActive: boolean };
      if (m.wasActive) ctx.log('activation: the extension was already active; the figure is not a cold activation');
      times.push(m.activationMs);
      rmSync(dir, { recursive: true, force: true });
    }
    return [{ benchmark: 'VS Code extension', metric: 'activation (activate() from cold, real VS Code)', unit: 'ms', ours: summarize(times).median }];
  },
};
