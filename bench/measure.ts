// Whole-process measurements: wall time and peak RSS (GNU time's %M when present, else /proc polling),
// repeated runs summarised as min / median / max. No timing is asserted anywhere; this only reports.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface Sample {
  readonly seconds: number;
  readonly peakKiB: number;
  readonly status: number | null;
}

export interface Summary {
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { min: sorted[0], median, max: sorted[sorted.length - 1] };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

const GNU_TIME = '/usr/bin/time';
const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

/** Runs `command args` once, discarding its output; `cwd` defaults to the current folder. */
export async function runOnce(command: string, args: readonly string[], cwd?: string, timeoutMs = 300_000, env: NodeJS.ProcessEnv = process.env): Promise<Sample> {
  const started = process.hrtime.bigint();
  if (hasGnuTime) {
    const r = spawnSync(GNU_TIME, ['-f', '%M', command, ...args], { cwd, env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const lines = (r.stderr ?? '').trim().split('\n');
    return { seconds, peakKiB: Number(lines[lines.length - 1]) || 0, status: r.status };
  }
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: 'ignore' });
    let peak = 0;
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]));
      } catch {
        // finished between polls
      }
    }, 10);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (status) => {
      clearInterval(poll);
      clearTimeout(timer);
      resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, peakKiB: peak, status });
    });
  });
}

export async function runRepeated(command: string, args: readonly string[], runs: number, cwd?: string): Promise<{ seconds: Summary; peakMiB: Summary; statuses: (number | null)[] }> {
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await runOnce(command, args, cwd));
  return {
    seconds: summarize(samples.map((s) => s.seconds)),
    peakMiB: summarize(samples.map((s) => s.peakKiB / 1024)),
    statuses: samples.map((s) => s.status),
  };
}
