// `npm run lock-observations`: the lock knowledge against PostgreSQL itself over the shared migration corpus. Every
// project's migrations are applied to the embedded PostgreSQL (core/trace) and each statement's predicted locks and
// rewrites (core/knowledge, what rules and hovers say) are compared with what PostgreSQL did: docs/lock-observations.md.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../core/config/discover';
import { parseDocument } from '../core/parse/document';
import { initParser } from '../core/parse/parser';
import { loadProject } from '../core/project/load';
import { compareLocks, type LockComparison } from '../core/trace/compare';
import { traceProject } from '../core/trace/project';
import { connectPostgres } from '../core/db/postgres-session';
import { parseConnectionString } from '../core/connections/url';
import type { Session } from '../core/db/session';

const root = join(__dirname, '..');
const corpus = join(root, '..', 'shared', 'corpus', 'migrations');

/**
 * Applies each project's history and compares. With `server` (a connection string of a server the caller made for
 * this, a throwaway cluster) each history goes to a database of its own made there and dropped after: migrations
 * commit one by one as their tools run them, so locks are seen as production takes them.
 */
export async function observeCorpus(projects: readonly string[], server?: string): Promise<{ comparisons: LockComparison[]; postgres: string; statements: number; serverMajor: number }> {
  await initParser();
  const comparisons: LockComparison[] = [];
  let postgres = '';
  let statements = 0;
  for (const name of projects) {
    const dir = join(corpus, name);
    const { project } = loadProject(dir, loadConfig(dir).config);
    const scratch = server ? `pga_lock_observations_${projects.indexOf(name)}` : undefined;
    const admin = server ? await connect(server) : undefined;
    let trace;
    try {
      if (admin && scratch) await admin.query(`CREATE DATABASE ${scratch}`);
      const session = server && scratch ? await connect(server, scratch) : undefined;
      try {
        trace = await traceProject(project, session ? { session, commitToThrowaway: true } : {});
      } finally {
        await session?.close();
      }
    } finally {
      if (admin && scratch) await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
      await admin?.close();
    }
    postgres = trace.postgres;
    const byPath = new Map(project.ids().map((id) => [project.pathOf(id) ?? id, id]));
    for (const m of trace.migrations) {
      statements += m.statements.length;
      const id = byPath.get(m.file);
      const text = id !== undefined ? project.text(id) : undefined;
      if (text === undefined) continue;
      comparisons.push(...compareLocks({ ...m, file: `${name}/${m.file}` }, parseDocument(text, m.file), majorOf(postgres)));
    }
  }
  return { comparisons, postgres, statements, serverMajor: majorOf(postgres) };
}

function majorOf(postgres: string): number {
  return Number(/PostgreSQL (\d+)/.exec(postgres)?.[1] ?? 18);
}

async function connect(url: string, database?: string): Promise<Session> {
  const parsed = parseConnectionString(url);
  if ('error' in parsed) throw new Error(`--db: ${parsed.error}`);
  const connected = await connectPostgres({ ...parsed.options, ...(database ? { database } : {}), applicationName: 'pg-architect lock-observations', statementTimeoutMs: 120_000 });
  if ('failure' in connected) throw new Error(connected.failure.message);
  return connected.session;
}

function markdown(result: Awaited<ReturnType<typeof observeCorpus>> & { readonly server: boolean }, projects: number): string {
  const kinds = new Map<string, LockComparison[]>();
  for (const c of result.comparisons) kinds.set(c.kind, [...(kinds.get(c.kind) ?? []), c]);
  const count = (list: readonly LockComparison[], f: (c: LockComparison) => boolean): number => list.filter(f).length;
  const rows = [...kinds].sort((a, b) => b[1].length - a[1].length).map(([kind, list]) =>
    `| ${kind} | ${list.length} | ${count(list, (c) => c.verdict === 'agree')} | ${count(list, (c) => c.verdict === 'observed-stronger')} | ${count(list, (c) => c.verdict === 'observed-weaker')} | ${count(list, (c) => c.verdict === 'not-taken')} | ${count(list, (c) => c.verdict === 'inconclusive')} | ${count(list, (c) => !c.rewritePredicted && c.rewriteObserved)} | ${count(list, (c) => c.rewritePredicted && !c.rewriteObserved)} | ${count(list, (c) => !c.scanPredicted && c.scanObserved)} | ${count(list, (c) => c.scanPredicted && !c.scanObserved)} |`,
  );
  const mismatches = result.comparisons.filter((c) => c.verdict === 'observed-stronger' || c.verdict === 'observed-weaker' || (!c.rewritePredicted && c.rewriteObserved) || (!c.scanPredicted && c.scanObserved));
  const examples = mismatches.slice(0, 40).map((c) => `| ${c.file}:${c.line} | \`${c.head.replace(/\|/g, '\\|').slice(0, 70)}\` | ${c.relation} | ${c.predicted} | ${c.observed ?? '—'} | ${c.rewritePredicted ? 'yes' : 'no'} / ${c.rewriteObserved ? 'yes' : 'no'} | ${c.scanPredicted ? 'yes' : 'no'} / ${c.scanObserved ? 'yes' : 'no'} |`);
  return `# Predicted locks against PostgreSQL's own (generated)

Generated by \`npm run lock-observations\`: the ${projects} projects of the shared migration corpus applied to ${result.postgres}
(${result.server ? 'a throwaway server, a database of its own per project, each migration committed as its tool runs it' : 'the embedded PostgreSQL, `pg-architect trace`'}), ${result.statements} statements. For each statement whose locks the
knowledge predicts (core/knowledge: what the rules and the hovers say), the table lock PostgreSQL took (pg_locks of the
backend, inside the migration's transaction) and whether it rewrote the table (a new relfilenode).

- *agree*: the predicted mode is the one taken. *observed stronger / weaker*: PostgreSQL took a stronger or weaker
  mode than predicted (stronger is the dangerous direction: the hover would understate what blocks). *not taken*: no
  new lock on that table (an \`IF NOT EXISTS\` that did nothing, a lock the transaction held already in another mode).
  *inconclusive*: the transaction already held that mode or a stronger one.
- *rewrite missed*: PostgreSQL rewrote the table and the knowledge did not say so; *rewrite not seen*: predicted
  and not observed (often right in general and not here: the table was empty, a default that needs no rewrite).
- *scan missed*: PostgreSQL read the whole table (its scan counters, \`pg_stat_get_xact_numscans\`, went up: a validation,
  an index build) or rewrote it, and the knowledge did not say it reads the table; *scan not seen*: predicted and not
  observed (a constraint PostgreSQL proved without reading, a new column with a constant default).

| statement | compared | agree | observed stronger | observed weaker | not taken | inconclusive | rewrite missed | rewrite not seen | scan missed | scan not seen |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

## Mismatches${mismatches.length > 40 ? ' (first 40)' : ''}

${mismatches.length === 0 ? 'None.' : `| where | statement | table | predicted | observed | rewrite predicted / observed | scan predicted / observed |\n|---|---|---|---|---|---|---|\n${examples.join('\n')}`}
`;
}

if (require.main === module) {
  void (async () => {
    if (!existsSync(corpus)) {
      console.error(`lock-observations: no corpus at ${corpus}`);
      process.exit(2);
    }
    const projects = readdirSync(corpus).filter((d) => !d.startsWith('.')).sort();
    // --db URL: a throwaway server (docs/lock-observations-pg<major>.md) instead of the embedded PostgreSQL; a
    // database per project is made and dropped there.
    const at = process.argv.indexOf('--db');
    const server = at >= 0 ? process.argv[at + 1] : undefined;
    const result = await observeCorpus(projects, server);
    const file = server ? `lock-observations-pg${result.serverMajor}.md` : 'lock-observations.md';
    writeFileSync(join(root, 'docs', file), markdown({ ...result, server: server !== undefined }, projects.length));
    const bad = result.comparisons.filter((c) => c.verdict === 'observed-stronger').length;
    console.log(`lock-observations: ${result.comparisons.length} predictions over ${result.statements} statements; ${bad} understated; docs/${file} written`);
  })();
}
