// "Explain query" on the embedded PostgreSQL (PGlite): cold (a fresh data directory: initdb + the schema replayed
// from the example migrations) and warm (the directory reused, nothing to replay), in process and as a whole
// `pg-architect explain` process, as a user pays them.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbedded } from '../core/db/embedded';
import { runExplain } from '../core/db/explain-runner';
import type { SchemaFile } from '../core/db/schema-replay';
import { runOnce, summarize } from './measure';
import type { BenchModule, BenchRow } from './types';

const MANY = 4000;
const QUERY = `SELECT c.email, count(*) FROM customers c JOIN orders o ON o.customer_id = c.id GROUP BY c.email`;

function exampleSchema(root: string): SchemaFile[] {
  const dir = join(root, 'examples', 'migrations');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => ({ path: `migrations/${f}`, text: readFileSync(join(dir, f), 'utf8') }));
}

export const explainBench: BenchModule = {
  name: 'explain',
  async run(ctx) {
    const files = exampleSchema(ctx.root);
    const cold: number[] = [];
    const warm: number[] = [];
    const explainOnly: number[] = [];
    for (let i = 0; i < ctx.runs; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'pga-bench-embedded-'));
      try {
        let started = performance.now();
        let db = await openEmbedded(dir, files);
        let outcome = await runExplain(db.session, { sql: QUERY, analyze: false });
        cold.push(performance.now() - started);
        if (!('plan' in outcome)) throw new Error(`explain failed: ${JSON.stringify(outcome)}`);
        await db.session.close();
        started = performance.now();
        db = await openEmbedded(dir, files);
        const explainStarted = performance.now();
        outcome = await runExplain(db.session, { sql: QUERY, analyze: true });
        explainOnly.push(performance.now() - explainStarted);
        warm.push(performance.now() - started);
        await db.session.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const rows: BenchRow[] = [
      { benchmark: 'embedded explain (PGlite, example schema)', metric: 'cold: initdb + schema replay + EXPLAIN', unit: 'ms', ours: summarize(cold).median },
      { benchmark: 'embedded explain (PGlite, example schema)', metric: 'warm: reopen + EXPLAIN ANALYZE', unit: 'ms', ours: summarize(warm).median },
      { benchmark: 'embedded explain (PGlite, example schema)', metric: 'EXPLAIN ANALYZE alone (database open)', unit: 'ms', ours: summarize(explainOnly).median },
    ];
    // The whole CLI process: its cache directory is the embedded database; the first run pays initdb.
    const queryFile = join(mkdtempSync(join(tmpdir(), 'pga-bench-q-')), 'q.sql');
    writeFileSync(queryFile, `${QUERY};\n`);
    const cache = mkdtempSync(join(tmpdir(), 'pga-bench-cache-'));
    const cli = join(ctx.root, 'dist', 'cli.js');
    const args = [cli, 'explain', '--schema', join(ctx.root, 'examples', 'migrations'), queryFile];
    const env = { ...process.env, XDG_CACHE_HOME: cache };
    const first = await runOnce(process.execPath, args, ctx.root, 300_000, env);
    const again: number[] = [];
    for (let i = 0; i < ctx.runs; i++) again.push((await runOnce(process.execPath, args, ctx.root, 300_000, env)).seconds);
    // A file of many statements: parsed once, so the time grows with the statements (re-parsing the whole file
    // for each statement made it grow with their square).
    const manyFile = join(mkdtempSync(join(tmpdir(), 'pga-bench-many-')), 'many.sql');
    writeFileSync(manyFile, Array.from({ length: MANY }, (_, i) => `SELECT c.email FROM customers c WHERE c.id = ${i};\n`).join(''));
    const many = await runOnce(process.execPath, [cli, 'explain', '--schema', join(ctx.root, 'examples', 'migrations'), manyFile], ctx.root, 600_000, env);
    rmSync(cache, { recursive: true, force: true });
    rows.push(
      { benchmark: 'pg-architect explain (whole process)', metric: 'first run (creates the embedded database)', unit: 's', ours: first.seconds, note: first.status === 0 ? '' : `exit ${first.status}` },
      { benchmark: 'pg-architect explain (whole process)', metric: 'later runs (reuses it)', unit: 's', ours: summarize(again).median },
      { benchmark: 'pg-architect explain (whole process)', metric: `${MANY.toLocaleString('en')} statements in one file (reuses it)`, unit: 's', ours: many.seconds, note: many.status === 0 ? '' : `exit ${many.status}` },
    );
    return rows;
  },
};
