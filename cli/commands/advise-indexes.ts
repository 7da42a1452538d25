/**
 * `pg-architect advise-indexes <file.sql|->`: for every query of the file, candidate indexes checked by the
 * planner — HypoPG on a server that has it, else a real CREATE INDEX in a transaction that is rolled back (the
 * embedded PostgreSQL by default; on a server only with --allow-create-index) — and the CREATE INDEX
 * CONCURRENTLY statements worth putting in a migration. With --from-pg-stat-statements the statements are the
 * server's heaviest (pg_stat_statements) instead of a file's, and the indexes are grouped across them.
 */
import { initParser } from '../../core/parse/parser';
import { parseDocument } from '../../core/parse/document';
import { describeConfigProblems, loadConfig } from '../../core/config/discover';
import { parseConnectionString } from '../../core/connections/url';
import { connectPostgres, failureOf } from '../../core/db/postgres-session';
import { isConnectionGone } from '../../core/db/errors';
import { openEmbedded, relationSizer } from '../../core/db/embedded';
import { importStatistics } from '../../core/db/import-statistics';
import { classifyStatement } from '../../core/db/statement-kind';
import { schemaFilesOf } from '../../core/db/workspace-schema';
import type { Session } from '../../core/db/session';
import { adviseFromPgStatStatements, adviseIndexes, DEFAULT_MIN_CALLS, DEFAULT_TOP, type AdviseOptions, type WorkloadOptions } from '../../core/advisor/indexes';
import { adviceToJson, formatAdviceText, type AdvisedStatement } from '../formats/index-advice';
import { formatWorkloadText, workloadToJson } from '../formats/workload-advice';
import { optionHelp, parseArgs, type OptionSpec } from '../args';
import { embeddedCacheDir } from '../embedded-cache';
import { cancelOnInterrupt } from '../interrupt';
import { readInput } from './plan';
import { EXIT, type Command } from './command';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'db', value: true, description: 'connection string (postgres://... or key=value); default: the embedded PostgreSQL' },
  { name: 'schema', value: true, repeatable: true, description: 'schema files or folders for the embedded database (default: the current folder)' },
  { name: 'import-stats-from', value: true, description: 'copy table and column statistics (never rows) from this server into the embedded database first' },
  { name: 'allow-create-index', description: 'with --db and no HypoPG: try each index with a real CREATE INDEX, rolled back (reads the table, blocks its writes while it builds)' },
  { name: 'route', value: true, choices: ['auto', 'hypopg', 'rollback'], description: 'how to verify (default auto: HypoPG when installed, else rollback where allowed)' },
  { name: 'min-reduction', value: true, description: 'keep an index only if it cuts the estimated cost by this many percent (default 50)' },
  { name: 'min-cost', value: true, description: 'leave statements cheaper than this estimated cost alone (default 100)' },
  { name: 'param', value: true, repeatable: true, description: 'a value for $1, $2, ... in order (else a generic plan, PostgreSQL 12+)' },
  { name: 'from-pg-stat-statements', description: 'with --db: advise on the server\'s heaviest statements (pg_stat_statements, by total time) instead of a file' },
  { name: 'top', value: true, description: `with --from-pg-stat-statements: at most this many statements (default ${DEFAULT_TOP})` },
  { name: 'min-calls', value: true, description: `with --from-pg-stat-statements: only statements called at least this often (default ${DEFAULT_MIN_CALLS})` },
  { name: 'format', value: true, choices: ['text', 'json'], description: 'output format (default text)' },
  { name: 'verbose', description: 'also show the alternatives and the rejected candidates with their costs' },
  { name: 'timeout', value: true, description: 'statement timeout in seconds (default 60); a connection silent for longer is given up' },
  { name: 'help', description: 'show this help' },
];

const HELP_TAIL = `
--from-pg-stat-statements reads the normalized statements ($1 for each constant) of the current database and
plans each without values (a generic plan); statements that cannot be planned (utility statements, DDL,
errors) are listed as skipped, with the reason. An index that serves several statements is reported once,
with their estimated gains weighted by their calls. It needs CREATE EXTENSION pg_stat_statements and
shared_preload_libraries = 'pg_stat_statements' on the server.

With the embedded database (no --db) the tables are empty: the planner rarely prefers an index on an empty
table, so give it statistics with --import-stats-from URL (PostgreSQL 18's pg_restore_*_stats; no rows are
copied) or advise on a server with --db. The output says so when tables have no statistics.

Exit codes: 0 advised (recommendations or not), 2 bad usage, unreadable input or a database failure.`;

function usage(message: string): number {
  process.stderr.write(`pg-architect advise-indexes: ${message}\nRun "pg-architect advise-indexes --help" for usage.\n`);
  return EXIT.usage;
}

function numberOption(value: string | true | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  return typeof value === 'string' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** A server session whose statements (and silences) are bounded by `timeoutMs`; Ctrl-C cancels on the server. */
async function connect(url: string, app: string, timeoutMs: number): Promise<Session | string> {
  const conn = parseConnectionString(url);
  if ('error' in conn) return conn.error;
  const connected = await connectPostgres({ ...conn.options, applicationName: conn.options.applicationName ?? app, statementTimeoutMs: timeoutMs });
  if ('failure' in connected) return connected.failure.message;
  cancelOnInterrupt('advise-indexes', connected.session);
  return connected.session;
}

async function openDatabase(options: ReadonlyMap<string, string | true>, lists: ReadonlyMap<string, readonly string[]>, timeoutMs: number): Promise<{ session: Session } | { error: string }> {
  const db = options.get('db');
  if (typeof db === 'string') {
    const s = await connect(db, 'pg-architect advise-indexes', timeoutMs);
    return typeof s === 'string' ? { error: s } : { session: s };
  }
  const cwd = process.cwd();
  const roots = lists.get('schema') ?? [cwd];
  const loaded = loadConfig(cwd);
  for (const line of describeConfigProblems(loaded)) process.stderr.write(`pg-architect advise-indexes: ${line}\n`); // chooses the schema files
  const { files, notices } = schemaFilesOf(roots, loaded.config);
  if (lists.has('schema')) for (const n of notices) process.stderr.write(`pg-architect advise-indexes: --schema ${n}\n`);
  const dataDir = embeddedCacheDir(roots.join('\n'), 'advise-indexes');
  const embedded = await openEmbedded(dataDir, files);
  for (const p of embedded.problems.slice(0, 5)) process.stderr.write(`pg-architect advise-indexes: schema ${p.file}: ${p.message}\n`);
  const source = options.get('import-stats-from');
  if (typeof source === 'string') {
    const from = await connect(source, 'pg-architect import-statistics', timeoutMs);
    if (typeof from === 'string') {
      await embedded.session.close();
      return { error: `--import-stats-from: ${from}` };
    }
    try {
      const report = await importStatistics(from, embedded.session, dataDir ? relationSizer(dataDir) : undefined);
      process.stderr.write(`pg-architect advise-indexes: imported statistics of ${report.relations} relations and ${report.columns} columns from ${from.label}${report.skipped.length > 0 ? ` (${report.skipped.length} not in the local schema)` : ''}\n`);
    } finally {
      await from.close();
    }
  }
  return { session: embedded.session };
}

export const adviseIndexesCommand: Command = {
  summary: 'recommend indexes for the queries of a file, each verified by the planner',
  help: `Usage: pg-architect advise-indexes <file.sql|-> [options]\n       pg-architect advise-indexes --db URL --from-pg-stat-statements [--top N] [--min-calls N] [options]\n\nOptions:\n${optionHelp(OPTIONS)}\n${HELP_TAIL}`,
  async run(argv) {
    const parsed = parseArgs(argv, OPTIONS);
    if (!parsed.ok) return usage(parsed.error);
    const { options, positionals, lists } = parsed.args;
    if (options.has('help')) {
      process.stdout.write(this.help + '\n');
      return EXIT.ok;
    }
    const fromStatistics = options.has('from-pg-stat-statements');
    const [path] = positionals;
    if (fromStatistics) {
      if (positionals.length > 0) return usage('--from-pg-stat-statements reads the statements from the server: give no file');
      if (!options.has('db')) return usage('--from-pg-stat-statements needs --db URL (pg_stat_statements lives on the server)');
      if (options.has('param')) return usage('--param does not apply to --from-pg-stat-statements (each statement is planned without values)');
    } else {
      if (options.has('top') || options.has('min-calls')) return usage('--top and --min-calls go with --from-pg-stat-statements');
      if (!path || positionals.length > 1) return usage('give one SQL file (or - for standard input)');
    }
    if (options.has('import-stats-from') && options.has('db')) return usage('--import-stats-from fills the embedded database: do not combine it with --db');
    const top = numberOption(options.get('top'), DEFAULT_TOP);
    const minCalls = numberOption(options.get('min-calls'), DEFAULT_MIN_CALLS);
    if (!top || !Number.isInteger(top)) return usage('--top must be a positive whole number');
    if (minCalls === undefined || !Number.isInteger(minCalls)) return usage('--min-calls must be a non-negative whole number');
    const minReduction = numberOption(options.get('min-reduction'), 50);
    const minCost = numberOption(options.get('min-cost'), 100);
    const timeout = numberOption(options.get('timeout'), 60);
    if (minReduction === undefined || minReduction > 100) return usage('--min-reduction must be a percentage between 0 and 100');
    if (minCost === undefined) return usage('--min-cost must be a non-negative number');
    if (!timeout) return usage('--timeout must be a positive number of seconds');
    const route = options.get('route');
    const common: WorkloadOptions = {
      minCostReduction: minReduction / 100,
      minCost,
      timeoutMs: timeout * 1000,
      allowCreateIndex: options.has('allow-create-index'),
      ...(route === 'hypopg' || route === 'rollback' ? { route } : {}),
    };
    if (fromStatistics) return adviseWorkload(options, lists, common, { top, minCalls });
    const adviseOptions: AdviseOptions = { ...common, parameters: lists.get('param') ?? [] };
    if (!path) return usage('give one SQL file (or - for standard input)');
    let text: string;
    try {
      text = readInput(path);
    } catch (e) {
      return usage(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    await initParser();
    const document = parseDocument(text, path);
    const statements = document.statements.filter((s) => s.ast && ['query', 'dml'].includes(classifyStatement(s.ast).kind));
    if (statements.length === 0) return usage(`${path} has no SELECT, UPDATE or DELETE statement to advise on`);

    const opened = await openDatabase(options, lists, timeout * 1000);
    if ('error' in opened) {
      process.stderr.write(`pg-architect advise-indexes: ${opened.error}\n`);
      return EXIT.usage;
    }
    const { session } = opened;
    const results: AdvisedStatement[] = [];
    let failed = false;
    try {
      for (const statement of statements) {
        const line = document.lines.positionAt(statement.start).line + 1;
        try {
          results.push({ line, advice: await adviseIndexes(session, statement.parsedText, adviseOptions) });
        } catch (e) {
          failed = true;
          process.stderr.write(`pg-architect advise-indexes: line ${line}: ${e instanceof Error ? e.message : String(e)}\n`);
          // The connection is gone: the statements after this one could only fail the same way.
          if (isConnectionGone(failureOf(e))) break;
        }
      }
    } finally {
      await session.close();
    }
    if (results.some((r) => r.advice.refused)) failed = true;
    if (options.get('format') === 'json') process.stdout.write(JSON.stringify(adviceToJson(results, session.label), null, 2) + '\n');
    else process.stdout.write(formatAdviceText(results, session.label, options.has('verbose')));
    return failed ? EXIT.usage : EXIT.ok;
  },
};

/** --from-pg-stat-statements: the server's heaviest statements, the indexes grouped across them. */
async function adviseWorkload(options: ReadonlyMap<string, string | true>, lists: ReadonlyMap<string, readonly string[]>, workloadOptions: WorkloadOptions, source: { top: number; minCalls: number }): Promise<number> {
  await initParser();
  const opened = await openDatabase(options, lists, workloadOptions.timeoutMs ?? 60_000);
  if ('error' in opened) {
    process.stderr.write(`pg-architect advise-indexes: ${opened.error}\n`);
    return EXIT.usage;
  }
  const { session } = opened;
  try {
    const result = await adviseFromPgStatStatements(session, { ...workloadOptions, ...source });
    if ('unavailable' in result) {
      process.stderr.write(`pg-architect advise-indexes: ${result.unavailable}\n`);
      return EXIT.usage;
    }
    if (options.get('format') === 'json') process.stdout.write(JSON.stringify(workloadToJson(result, session.label, result.source), null, 2) + '\n');
    else process.stdout.write(formatWorkloadText(result, session.label, result.source, options.has('verbose')));
    return EXIT.ok;
  } catch (e) {
    process.stderr.write(`pg-architect advise-indexes: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT.usage;
  } finally {
    await session.close();
  }
}
