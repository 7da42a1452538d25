/**
 * `pg-architect trace [folder] [files...]`: the project's migrations applied in order to an embedded PostgreSQL, as
 * their tools run them, with what PostgreSQL did at each statement: accepted or refused (its message), the locks it
 * took, the tables it rewrote, and how long each lock is held (to the statement's end or the transaction's COMMIT).
 * By default nothing touches a server; with --db, a throwaway or shadow database, in one transaction rolled back at
 * the end, refused when the database already has tables unless --yes. Exit 1 when PostgreSQL refused a statement.
 */
import { statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { initParser } from '../../core/parse/parser';
import { loadProject } from '../../core/project/load';
import { formatTrace } from '../../core/trace/format';
import { traceProject } from '../../core/trace/project';
import { optionHelp, parseArgs, type OptionSpec } from '../args';
import { formatTimings, startTimings } from '../timing-report';
import { configOrProblems, EXIT, type Command } from './command';
import { parseConnectionString } from '../../core/connections/url';
import { connectPostgres } from '../../core/db/postgres-session';
import type { Session } from '../../core/db/session';
import { LONG_WORK_SQL_LENGTH, useOptimisingWasmCompiler } from '../../core/runtime/v8-flags';

/** Tables, views and materialized views outside the system schemas. */
const USER_TABLES_SQL = `SELECT count(*)::text AS n FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

const OPTIONS: readonly OptionSpec[] = [
  { name: 'db', value: true, description: 'apply them to this server database instead (a throwaway or shadow database: everything runs in one transaction rolled back at the end)' },
  { name: 'yes', description: 'with --db: allow a database that already has tables (the trace takes the locks it reports while it runs)' },
  { name: 'format', value: true, choices: ['text', 'json'], description: 'output format (default text)' },
  { name: 'timeout', value: true, description: 'statement timeout in seconds (default 30)' },
  { name: 'timing', description: 'say on stderr where the time went: start-up, parsing, the embedded database\'s start, the statements, the reads of what they did' },
  { name: 'help', description: 'show this help' },
];

export const traceCommand: Command = {
  summary: 'apply the migrations to an embedded PostgreSQL: what it refuses, the locks each statement takes, the rewrites',
  help: `Usage: pg-architect trace [folder] [files...] [options]\n\nThe folder defaults to the current one. With files, only they are reported (the whole history still applies).\n\nOptions:\n${optionHelp(OPTIONS)}\n\nExit codes: 0 every statement applied (or not checkable here), 1 PostgreSQL refused a statement, 2 bad usage.`,
  async run(argv) {
    const parsed = parseArgs(argv, OPTIONS);
    if (!parsed.ok) return usage(parsed.error);
    const { options, positionals } = parsed.args;
    if (options.has('help')) {
      process.stdout.write(this.help + '\n');
      return EXIT.ok;
    }
    const timing = options.has('timing') ? startTimings() : undefined;
    const isFolder = (p: string): boolean => {
      try {
        return statSync(p).isDirectory();
      } catch {
        return false;
      }
    };
    const folder = positionals[0] !== undefined && isFolder(positionals[0]) ? positionals[0] : '.';
    const root = resolve(folder);
    const files = positionals.filter((p) => p !== positionals[0] || !isFolder(p));
    const timeout = Number(options.get('timeout') ?? 30);
    if (!Number.isFinite(timeout) || timeout <= 0) return usage('--timeout must be a positive number of seconds');
    const loaded = configOrProblems('trace', root);
    if (!loaded) return EXIT.usage;
    const timings = timing?.timings;
    await initParser();
    const { project } = timings ? timings.phase('finding and reading the project\'s files', () => loadProject(root, loaded.config)) : loadProject(root, loaded.config);
    const ids = new Set(project.ids());
    const only = files.map((f) => relative(root, resolve(f)).split('\\').join('/'));
    for (const f of only) if (!ids.has(f)) return usage(`${f}: not a file of the project in ${folder}`);
    if (project.schemaOrder().length === 0) return usage(`${folder} has no migrations or schema files to apply`);
    if (project.schemaOrder().reduce((sum, id) => sum + (project.text(id)?.length ?? 0), 0) > LONG_WORK_SQL_LENGTH) useOptimisingWasmCompiler();
    let session: Session | undefined;
    const db = options.get('db');
    if (typeof db === 'string') {
      const conn = parseConnectionString(db);
      if ('error' in conn) return usage(`--db: ${conn.error}`);
      const connected = await connectPostgres({ ...conn.options, applicationName: conn.options.applicationName ?? 'pg-architect trace', statementTimeoutMs: timeout * 1000 });
      if ('failure' in connected) {
        process.stderr.write(`pg-architect trace: ${connected.failure.message}\n`);
        return EXIT.usage;
      }
      session = connected.session;
      const tables = Number((await session.query<{ n: string }>(USER_TABLES_SQL)).rows[0]?.n ?? 0);
      if (tables > 0 && !options.has('yes')) {
        await session.close();
        return usage(`${session.label} already has ${tables} table${tables === 1 ? '' : 's'}: trace applies the whole history there (rolled back at the end) and takes the locks it reports while it runs. Use a throwaway or shadow database, or add --yes.`);
      }
    }
    let trace;
    try {
      trace = await traceProject(project, { statementTimeoutMs: timeout * 1000, ...(only.length > 0 ? { only: new Set(only) } : {}), ...(session ? { session } : {}), ...(timings ? { timings } : {}) });
    } finally {
      await session?.close();
    }
    process.stdout.write(options.get('format') === 'json' ? `${JSON.stringify(trace, null, 2)}\n` : formatTrace(trace));
    if (timing) process.stderr.write(formatTimings('trace', timing.timings, timing.startupMs));
    return trace.migrations.some((m) => m.statements.some((s) => s.outcome === 'failed')) ? EXIT.findings : EXIT.ok;
  },
};

function usage(message: string): number {
  process.stderr.write(`pg-architect trace: ${message}\nRun "pg-architect trace --help" for usage.\n`);
  return EXIT.usage;
}
