/**
 * `pg-architect explain <file.sql|->`: EXPLAIN every query of the file and print where the time goes and what
 * to do. Without --db it runs on the embedded PostgreSQL holding the workspace's schema (the current folder,
 * or --schema paths), kept in a cache folder so only the first run pays for initdb.
 */
import { initParser } from '../../core/parse/parser';
import { parseDocument } from '../../core/parse/document';
import { describeConfigProblems, loadConfig } from '../../core/config/discover';
import { formatPlanText, planToJson } from '../../core/explain';
import { parseConnectionString } from '../../core/connections/url';
import { connectPostgres } from '../../core/db/postgres-session';
import { isConnectionGone } from '../../core/db/errors';
import { openEmbedded } from '../../core/db/embedded';
import { planNotes } from '../../core/db/explain-runner';
import { explainStatement } from '../../core/db/explain-statement';
import { classifyStatement } from '../../core/db/statement-kind';
import { schemaFilesOf } from '../../core/db/workspace-schema';
import type { Session } from '../../core/db/session';
import { optionHelp, parseArgs, type OptionSpec, type ParsedArgs } from '../args';
import { embeddedCacheDir } from '../embedded-cache';
import { cancelOnInterrupt } from '../interrupt';
import { readInput } from './plan';
import { adviceToJson, formatAdviceText } from '../formats/index-advice';
import { EXIT, type Command } from './command';
import { formatTimings, startTimings, stopTimings } from '../timing-report';
import type { Timings } from '../../core/timing';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'db', value: true, description: 'connection string (postgres://... or key=value); default: the embedded PostgreSQL' },
  { name: 'analyze', description: 'EXPLAIN ANALYZE (runs the query; data changes need --yes and are rolled back)' },
  { name: 'yes', description: 'allow what needs a confirmation: EXPLAIN ANALYZE of INSERT/UPDATE/DELETE/MERGE/CREATE TABLE AS (still rolled back), and calls the rollback does not undo (dblink, pg_terminate_backend, nextval, ...; named when refused)' },
  { name: 'param', value: true, repeatable: true, description: 'a value for $1, $2, ... in order (repeat the option); without any, a generic plan (PostgreSQL 12+)' },
  { name: 'schema', value: true, repeatable: true, description: 'schema files or folders for the embedded database (default: the current folder)' },
  { name: 'advise', description: 'also run the index advisor on each query (embedded: a rolled-back CREATE INDEX; --db: HypoPG when installed) and give its verified index in the plan\'s insights' },
  { name: 'format', value: true, choices: ['text', 'json'], description: 'output format (default text)' },
  { name: 'timeout', value: true, description: 'statement timeout in seconds (default 60)' },
  { name: 'no-color', description: 'no colours' },
  { name: 'timing', description: 'say on stderr where the time went: start-up, the embedded database\'s start, its schema, each EXPLAIN' },
  { name: 'help', description: 'show this help' },
];

export const explainCommand: Command = {
  summary: 'EXPLAIN the queries of a file on a database (default: an embedded PostgreSQL with your schema)',
  help: `Usage: pg-architect explain <file.sql|-> [options]\n\nOptions:\n${optionHelp(OPTIONS)}\n\nExit codes: 0 explained, 2 bad usage, unreadable input, a refused statement or a database failure.`,
  async run(argv) {
    const parsed = parseArgs(argv, OPTIONS);
    if (!parsed.ok) return usage(parsed.error);
    const { options } = parsed.args;
    if (options.has('help')) {
      process.stdout.write(this.help + '\n');
      return EXIT.ok;
    }
    const timing = options.has('timing') ? startTimings() : undefined;
    try {
      return await explain(parsed.args, timing?.timings);
    } finally {
      if (timing) {
        stopTimings();
        process.stderr.write(formatTimings('explain', timing.timings, timing.startupMs));
      }
    }
  },
};

async function explain({ options, positionals, lists }: ParsedArgs, timings: Timings | undefined): Promise<number> {
  const [path] = positionals;
  if (!path || positionals.length > 1) return usage('give one SQL file (or - for standard input)');
  let text: string;
  try {
    text = readInput(path);
  } catch (e) {
    return usage(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const timeoutSeconds = Number(options.get('timeout') ?? 60);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) return usage('--timeout must be a positive number of seconds');
  const parsingStarted = performance.now();
  await initParser();
  // Parsed once: each statement's line comes from this document's line index.
  const document = parseDocument(text, path);
  const statements = document.statements.filter((s) => s.ast && classifyStatement(s.ast).kind !== 'not-explainable');
  timings?.addPhase('reading and parsing the file', performance.now() - parsingStarted);
  if (statements.length === 0) return usage(`${path} has no statement EXPLAIN can run (SELECT, INSERT, UPDATE, DELETE, MERGE, VALUES, ...)`);

  let session: Session;
  let note = '';
  /** The embedded database without imported statistics: its tables are empty. */
  let emptyTables = false;
  const db = options.get('db');
  if (typeof db === 'string') {
    const conn = parseConnectionString(db);
    if ('error' in conn) return usage(`--db: ${conn.error}`);
    const connecting = performance.now();
    const connected = await connectPostgres({ ...conn.options, applicationName: conn.options.applicationName ?? 'pg-architect explain', statementTimeoutMs: timeoutSeconds * 1000 });
    if ('failure' in connected) {
      process.stderr.write(`pg-architect explain: ${connected.failure.message}\n`);
      return EXIT.usage;
    }
    session = connected.session;
    timings?.addPhase('connecting', performance.now() - connecting);
    cancelOnInterrupt('explain', session);
  } else {
    const cwd = process.cwd();
    const loaded = loadConfig(cwd);
    for (const line of describeConfigProblems(loaded)) process.stderr.write(`pg-architect explain: ${line}\n`); // chooses the schema files
    const roots = lists.get('schema') ?? [cwd];
    const { files, notices } = schemaFilesOf(roots, loaded.config);
    if (lists.has('schema')) for (const n of notices) process.stderr.write(`pg-architect explain: --schema ${n}\n`);
    const started = Date.now();
    const embedded = await openEmbedded(embeddedCacheDir(roots.join('\n'), 'explain'), files);
    timings?.addPhase('starting the embedded PostgreSQL', embedded.timing.startMs);
    timings?.addPhase(`its schema (${embedded.filesApplied} of ${files.length} file${files.length === 1 ? '' : 's'} applied)`, embedded.timing.schemaMs);
    session = embedded.session;
    emptyTables = !embedded.statisticsImported;
    for (const p of embedded.problems.slice(0, 5)) process.stderr.write(`pg-architect explain: schema ${p.file}: ${p.message}\n`);
    if (embedded.problems.length > 5) process.stderr.write(`pg-architect explain: ... ${embedded.problems.length - 5} more schema statements were rejected\n`);
    note = embedded.statisticsImported
      ? 'Plan from the embedded PostgreSQL with statistics imported from a server.'
      : `Plan from the embedded PostgreSQL holding your schema (${files.length} file${files.length === 1 ? '' : 's'}) with empty tables: the planner's choices reflect empty tables, not production. Use --db for a real server.`;
    process.stderr.write(`pg-architect explain: embedded database ready in ${Date.now() - started} ms${embedded.filesApplied > 0 ? ` (${embedded.filesApplied} schema file${embedded.filesApplied === 1 ? '' : 's'} applied${embedded.rebuilt ? ', rebuilt' : ''})` : ''}\n`);
  }

  const json = options.get('format') === 'json';
  const color = !options.has('no-color') && !process.env.NO_COLOR && process.stdout.isTTY === true;
  const outputs: unknown[] = [];
  let failed = false;
  try {
    for (const statement of statements) {
      const line = document.lines.positionAt(statement.start).line + 1;
      const explaining = performance.now();
      const explained = await explainStatement(session, {
        sql: statement.parsedText,
        analyze: options.has('analyze'),
        allowDataChanges: options.has('yes'),
        parameters: lists.get('param') ?? [],
        timeoutMs: timeoutSeconds * 1000,
        emptyTables,
        advise: options.has('advise'),
      });
      timings?.addPhase(options.has('advise') ? 'EXPLAIN, its analysis, the index advisor' : 'EXPLAIN and its analysis', performance.now() - explaining);
      const head = statement.text.split('\n')[0].slice(0, 100);
      if (!('analysis' in explained)) {
        const { outcome } = explained;
        failed = true;
        const message = 'failure' in outcome ? outcome.failure.message : outcome.refused + (outcome.needs === 'confirmation' ? ' Add --yes.' : outcome.needs === 'parameters' ? ' Use --param.' : '');
        if (json) outputs.push({ line, statement: statement.text, error: message });
        else process.stderr.write(`pg-architect explain: line ${line}: ${message}\n`);
        // A connection that is gone would fail every statement after this one the same way.
        if ('failure' in outcome && isConnectionGone(outcome.failure)) break;
        continue;
      }
      const { outcome, analysis, advice } = explained;
      const notes = planNotes(note, outcome);
      if (json) {
        outputs.push({ line, statement: statement.text, database: session.label, note: notes.join(' ') || undefined, genericPlan: outcome.generic, options: outcome.options, ...(planToJson(analysis) as object), ...(advice ? { indexAdvice: (adviceToJson([{ line, advice }], session.label) as unknown[])[0] } : {}) });
      } else {
        process.stdout.write(`── line ${line}: ${head}\n${notes.map((n) => `   ${n}\n`).join('')}\n${formatPlanText(analysis, { color, width: process.stdout.columns ?? 120 })}\n`);
        if (advice) process.stdout.write(`Index advisor:\n${formatAdviceText([{ line, advice }], session.label, false).split('\n').slice(1).join('\n')}\n`);
      }
    }
  } finally {
    await session.close();
  }
  if (json) process.stdout.write(JSON.stringify(outputs, null, 2) + '\n');
  return failed ? EXIT.usage : EXIT.ok;
}

function usage(message: string): number {
  process.stderr.write(`pg-architect explain: ${message}\nRun "pg-architect explain --help" for usage.\n`);
  return EXIT.usage;
}
