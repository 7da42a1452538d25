// A project of 10,000 files (BENCH_PROJECT_FILES): numbered migrations creating and altering tables, and query
// files using them. Measured: how long the engine takes to read it (`pg-architect project`: the walk, every file
// read, classified and applied to the catalog in order) and to lint it (`pg-architect lint .`), whole process with
// peak memory; and the language server's first workspace catalog after opening one file of it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/helpers/lsp-client';
import { runOnce } from './measure';
import type { BenchContext, BenchModule, BenchRow } from './types';

function makeProject(files: number): { dir: string; query: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pga-bench-project-'));
  mkdirSync(join(dir, 'db', 'migrations'), { recursive: true });
  mkdirSync(join(dir, 'queries'));
  const migrations = Math.floor(files * 0.8);
  for (let i = 1; i <= migrations; i++) {
    const n = String(i).padStart(5, '0');
    const table = `t${Math.ceil(i / 4)}`;
    const text =
      i % 4 === 1
        ? `CREATE TABLE ${table} (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());\n`
        : i % 4 === 2
          ? `ALTER TABLE ${table} ADD COLUMN note text;\n`
          : i % 4 === 3
            ? `CREATE INDEX CONCURRENTLY ${table}_name_idx ON ${table} (name);\n`
            : `ALTER TABLE ${table} ADD COLUMN parent_id bigint REFERENCES ${table} (id);\n`;
    writeFileSync(join(dir, 'db', 'migrations', `${n}_step.sql`), text);
  }
  let query = '';
  for (let i = 1; i <= files - migrations; i++) {
    const table = `t${1 + (i % Math.ceil(migrations / 4))}`;
    query = join(dir, 'queries', `q${i}.sql`);
    writeFileSync(query, `SELECT id, name, note FROM ${table} WHERE name = $1 ORDER BY created_at DESC LIMIT 20;\n`);
  }
  return { dir, query };
}

export const projectBench: BenchModule = {
  name: 'project',
  async run(ctx: BenchContext): Promise<BenchRow[]> {
    const files = Number(process.env.BENCH_PROJECT_FILES ?? 10_000);
    const { dir, query } = makeProject(files);
    const rows: BenchRow[] = [];
    const label = `${files.toLocaleString('en-US')}-file project`;
    try {
      const cli = join(ctx.root, 'dist', 'cli.js');
      const project = await runOnce(process.execPath, [cli, 'project', '--format', 'json'], dir, 600_000);
      if (project.status === 0) {
        rows.push({ benchmark: label, metric: 'pg-architect project (read, classify, build the catalog)', unit: 's', ours: project.seconds });
        rows.push({ benchmark: label, metric: 'pg-architect project, peak memory', unit: 'MiB', ours: project.peakKiB / 1024 });
      } else ctx.log(`project: pg-architect project exited ${project.status}`);
      const lint = await runOnce(process.execPath, [cli, 'lint', '.', '--format', 'json'], dir, 600_000);
      if (lint.status === 0 || lint.status === 1) {
        rows.push({ benchmark: label, metric: 'pg-architect lint . (every file against the project)', unit: 's', ours: lint.seconds });
        rows.push({ benchmark: label, metric: 'pg-architect lint ., peak memory', unit: 'MiB', ours: lint.peakKiB / 1024 });
      } else ctx.log(`project: lint exited ${lint.status}`);
      const client = await LspClient.start({ workspaceFolders: [dir], waitTimeoutMs: 600_000 });
      try {
        const started = performance.now();
        client.open(pathToFileURL(query).href, 'SELECT 1;\n');
        while (!client.logs.some((l) => l.message.startsWith('Workspace catalog of'))) {
          if (performance.now() - started > 600_000) throw new Error('no workspace catalog within 10 minutes');
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        rows.push({ benchmark: label, metric: 'language server: first workspace catalog', unit: 's', ours: (performance.now() - started) / 1000 });
      } finally {
        await client.kill();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
