// `npm run bench`: every benchmark module, a table with peer ratios, and bench/results/latest.json.
// BENCH_RUNS (default 5) repetitions per whole-process figure; BENCH_ONLY=cli,lsp to pick modules.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initParser } from '../core/parse/parser';
import { cliBench } from './cli.bench';
import { lspBench } from './lsp.bench';
import { packageBench } from './package.bench';
import { traceBench } from './trace.bench';
import { schemaBench } from './schema.bench';
import { viewerBench } from './viewer.bench';
import { schemaDiagramBench } from './schema-diagram.bench';
import { explainBench } from './explain.bench';
import { activationBench } from './activation.bench';
import { scaleBench } from './scale.bench';
import { projectBench } from './project.bench';
import type { BenchModule, BenchRow } from './types';

const MODULES: readonly BenchModule[] = [cliBench, lspBench, schemaBench, explainBench, viewerBench, schemaDiagramBench, packageBench, activationBench, scaleBench, projectBench, traceBench];

function format(n: number, unit: string): string {
  if (!Number.isFinite(n)) return '-';
  if (unit === 'ms') return n.toFixed(1);
  if (unit === 's') return n.toFixed(2);
  if (unit === 'MiB' || unit === 'MB') return n.toFixed(1);
  if (unit === 'x') return n.toFixed(2);
  return String(Math.round(n * 100) / 100);
}

async function main(): Promise<void> {
  const root = join(__dirname, '..');
  const ctx = {
    root,
    corpus: join(root, '..', 'shared', 'corpus'),
    runs: Number(process.env.BENCH_RUNS ?? 5),
    log: (m: string) => console.error(`bench: ${m}`),
  };
  await initParser();
  const only = process.env.BENCH_ONLY?.split(',');
  const rows: BenchRow[] = [];
  for (const m of MODULES) {
    if (only && !only.includes(m.name)) continue;
    try {
      rows.push(...(await m.run(ctx)));
    } catch (e) {
      ctx.log(`${m.name} failed: ${e instanceof Error ? e.stack : e}`);
    }
  }
  const header = ['benchmark', 'metric', 'ours', 'peer', 'peer value', 'ours / peer', 'note'];
  const table = rows.map((r) => [
    r.benchmark,
    r.metric,
    `${format(r.ours, r.unit)} ${r.unit}`,
    r.peer?.name ?? '',
    r.peer ? `${format(r.peer.value, r.unit)} ${r.unit}` : '',
    r.peer && r.peer.value > 0 ? `${(r.ours / r.peer.value).toFixed(2)}x` : '',
    r.note ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of table) console.log(line(row));
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: ctx.runs, rows }, null, 2) + '\n');
  console.error(`bench: wrote ${join(dir, 'latest.json')}`);
}

void main();
