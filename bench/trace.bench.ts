// Migrations proven: `pg-architect trace` on every project of the shared migration corpus (each applied in order to a
// fresh embedded PostgreSQL, locks and rewrites observed per statement), whole process, summed over the projects;
// and the editor's case: the history applied again after an edit of its newest migration, resumed from the
// snapshot before it (core/trace/snapshot.ts) against applying everything again, in one process; and another
// document's hover in a language server applying that history in the background.
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/helpers/lsp-client';
import { DEFAULT_CONFIG } from '../core/config/config';
import { initParser } from '../core/parse/parser';
import { loadProject } from '../core/project/load';
import { traceProject } from '../core/trace/project';
import { TraceSnapshots } from '../core/trace/snapshot';
import { runOnce } from './measure';
import type { BenchContext, BenchModule, BenchRow } from './types';

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Milliseconds to trace `root` after an edit of its newest migration: resumed from the snapshot, and from empty. */
async function afterEdit(root: string, runs: number): Promise<{ resumed: number; fresh: number; migrations: number }> {
  const { project } = loadProject(root, DEFAULT_CONFIG);
  const order = project.schemaOrder();
  const last = order[order.length - 1];
  const text = project.text(last) ?? '';
  const snapshots = new TraceSnapshots();
  await traceProject(project, { snapshots });
  // The first edit's run keeps the snapshot before the edited file; the runs measured resume there.
  project.setFile(last, project.pathOf(last) ?? last, `${text}\nCREATE TABLE bench_probe (id integer);\n`);
  await traceProject(project, { snapshots });
  const resumed: number[] = [];
  const fresh: number[] = [];
  for (let i = 0; i < Math.max(3, runs); i++) {
    project.setFile(last, project.pathOf(last) ?? last, `${text}\nCREATE TABLE bench_probe_${i} (id integer);\n`);
    let started = performance.now();
    await traceProject(project, { snapshots });
    resumed.push(performance.now() - started);
    started = performance.now();
    await traceProject(project);
    fresh.push(performance.now() - started);
  }
  return { resumed: median(resumed), fresh: median(fresh), migrations: order.length };
}

/**
 * Hovers on another document, one every 20 ms for 12 s, while a fresh language server in a copy of `root` applies
 * its migrations in the background (a moment after its first index).
 */
async function hoverWhileApplied(root: string): Promise<{ p50: number; p99: number; longest: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'pga-bench-proof-'));
  cpSync(root, dir, { recursive: true });
  const client = await LspClient.start({ workspaceFolders: [dir], waitTimeoutMs: 300_000 });
  const waits: number[] = [];
  try {
    const other = pathToFileURL(join(dir, 'other.sql')).href;
    client.open(other, 'CREATE TABLE accounts (id bigint PRIMARY KEY);\nSELECT id FROM accounts;\n');
    await client.waitForDiagnostics(other);
    const until = performance.now() + 12_000;
    while (performance.now() < until) {
      const started = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 1, character: 16 } });
      waits.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (!client.logs.some((l) => /^Migrations of .* applied/.test(l.message))) throw new Error('the language server did not apply the migrations within 12 s');
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  waits.sort((a, b) => a - b);
  return { p50: waits[Math.floor(waits.length / 2)], p99: waits[Math.floor(waits.length * 0.99)], longest: waits[waits.length - 1] };
}

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
    let largest = { project: '', seconds: 0 };
    const projects = readdirSync(root).filter((d) => !d.startsWith('.'));
    for (const project of projects) {
      const sample = await runOnce(process.execPath, [cli, 'trace', '.', '--format', 'json'], join(root, project), 600_000);
      seconds += sample.seconds;
      peakKiB = Math.max(peakKiB, sample.peakKiB);
      if (sample.seconds > largest.seconds) largest = { project, seconds: sample.seconds };
    }
    const rows: BenchRow[] = [
      { benchmark: 'migrations proven (trace)', metric: `apply + observe the migration corpus (${projects.length} projects), whole CLI runs, summed`, unit: 's', ours: seconds, note: 'aim: under 10 s' },
      { benchmark: 'migrations proven (trace)', metric: `of which the largest history (${largest.project.replace('__', '/')})`, unit: 's', ours: largest.seconds },
      { benchmark: 'migrations proven (trace)', metric: 'peak memory of one run', unit: 'MiB', ours: peakKiB / 1024 },
    ];
    const harbor = join(root, 'goharbor__harbor');
    if (existsSync(harbor)) {
      await initParser();
      const edit = await afterEdit(harbor, ctx.runs);
      rows.push({ benchmark: 'migrations proven (trace)', metric: `editor: applied again after an edit of the newest migration (goharbor/harbor, ${edit.migrations} migrations)`, unit: 'ms', ours: edit.resumed, note: `resumed from the snapshot before it; from an empty database: ${Math.round(edit.fresh)} ms` });
      const hover = await hoverWhileApplied(harbor);
      rows.push({ benchmark: 'migrations proven (trace)', metric: 'language server: another document\'s hover while it applies that history in the background, p99', unit: 'ms', ours: hover.p99, note: `p50 ${Math.round(hover.p50)} ms, longest ${Math.round(hover.longest)} ms; aim: within 100 ms` });
    }
    return rows;
  },
};
