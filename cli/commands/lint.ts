/**
 * `pg-architect lint [paths/globs...]`: the same analysis as the editor, over files, in the formats CI needs.
 * Exit 0: no error-severity findings; 1: error findings (or more warnings than --max-warnings); 2: bad usage
 * or unreadable input (everything readable is still linted and reported).
 */
import { readFileSync, realpathSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { decodeSource } from '../../core/project/source-file';
import { CLI_MAX_SOURCE_BYTES, type readForLint } from '../lint-file';
import { initParser } from '../../core/parse/parser';

import { SUPPORTED_POSTGRES_VERSIONS, type Config } from '../../core/config/config';
import { optionHelp, parseArgs, type OptionSpec, type ParsedArgs } from '../args';
import type { Timings } from '../../core/timing';
import { selectFiles } from '../files';
import { lintProject, projectRootOf } from '../lint-project';
import { LintCache } from '../lint-cache';
import { applySafeFixes } from '../apply-fixes';
import { changedFiles } from '../changed-files';
import { readBaseline, withoutBaseline, writeBaseline } from '../baseline';
import { formatJson } from '../formats/json';
import { formatSarif } from '../formats/sarif';
import { formatGithub } from '../formats/github';
import { formatGitlab } from '../formats/gitlab';
import { formatJunit } from '../formats/junit';
import { formatText } from '../formats/text';
import type { FormatContext, NamedReport } from '../formats/report';
import { configOrProblems, EXIT, type Command } from './command';
import { TOOL_VERSION } from '../version';
import { formatTimings, startTimings, stopTimings } from '../timing-report';

const OPTIONS: readonly OptionSpec[] = [
  { name: 'format', value: true, choices: ['text', 'json', 'sarif', 'github', 'gitlab', 'junit'], description: 'output format (default text): gitlab is GitLab Code Quality JSON, junit is JUnit XML' },
  { name: 'postgres-version', value: true, description: `target PostgreSQL major version (${SUPPORTED_POSTGRES_VERSIONS.min}-${SUPPORTED_POSTGRES_VERSIONS.max}; overrides the configuration)` },
  { name: 'config', value: true, description: 'path to pg-architect.json (default: the nearest one above the current folder)' },
  { name: 'stdin-filename', value: true, description: 'with - (standard input): the path the text stands for (its migration layout, configuration and name in reports)' },
  { name: 'changed-since', value: true, description: 'only the files changed since this git revision (and untracked ones), judged against the whole project' },
  { name: 'baseline', value: true, description: 'report only findings that are not in this baseline file' },
  { name: 'write-baseline', value: true, description: 'record every finding in this file (for --baseline) and exit 0' },
  { name: 'fix', description: 'apply the safe fixes (the editor\'s preferred quick fixes) to the files, say what changed, then report what remains' },
  { name: 'quiet', description: 'report errors only' },
  { name: 'max-warnings', value: true, description: 'exit 1 when there are more warnings than this' },
  { name: 'no-color', description: 'no colours in text output (also NO_COLOR)' },
  { name: 'cache', description: 'keep reports of unchanged files between runs (a file, its configuration and the project\'s schema unchanged)' },
  { name: 'cache-location', value: true, description: 'the cache file (default .pg-architect-cache in the current folder)' },
  { name: 'timing', description: 'say on stderr where the time went: start-up, reading, the schema, the analysis, PostgreSQL\'s parser, the slowest rules' },
  { name: 'jobs', value: true, description: 'accepted for compatibility: the project is analysed in one thread (its schema checks need every file)' },
  { name: 'help', description: 'show this help' },
];


export const lintCommand: Command = {
  summary: 'lint SQL files (migrations, schemas, queries, psql scripts)',
  help: `Usage: pg-architect lint [paths or globs...] [options]\n       <sql> | pg-architect lint - [--stdin-filename path] [options]\n\nPaths default to the current folder; folders are searched for .sql, .psql and .pgsql files that\nthe configuration includes. - reads the SQL from standard input (alembic upgrade --sql, Django's sqlmigrate).\n\nOptions:\n${optionHelp(OPTIONS)}\n\nExit codes: 0 no error findings, 1 error findings (or too many warnings), 2 bad usage or unreadable input.`,
  async run(argv) {
    const parsed = parseArgs(argv, OPTIONS);
    if (!parsed.ok) return usage(parsed.error);
    const { options, positionals } = parsed.args;
    if (options.has('help')) {
      process.stdout.write(this.help + '\n');
      return EXIT.ok;
    }
    const timing = options.has('timing') ? startTimings() : undefined;
    try {
      return await lint(options, positionals, timing?.timings);
    } finally {
      if (timing) {
        stopTimings();
        process.stderr.write(formatTimings('lint', timing.timings, timing.startupMs));
      }
    }
  },
};

async function lint(options: ParsedArgs['options'], positionals: readonly string[], timings: Timings | undefined): Promise<number> {
  const cwd = process.cwd();
  const configPath = options.get('config');
  const loaded = configOrProblems('lint', cwd, typeof configPath === 'string' ? configPath : undefined);
  if (!loaded) return EXIT.usage;
  for (const note of loaded.notes ?? []) process.stderr.write(`pg-architect: note: ${note}\n`);
  let config: Config = loaded.config;
  const version = options.get('postgres-version');
  if (typeof version === 'string') {
    const v = Number(version);
    if (!Number.isInteger(v) || v < SUPPORTED_POSTGRES_VERSIONS.min || v > SUPPORTED_POSTGRES_VERSIONS.max) {
      return usage(`--postgres-version must be a major version from ${SUPPORTED_POSTGRES_VERSIONS.min} to ${SUPPORTED_POSTGRES_VERSIONS.max}`);
    }
    config = { ...config, postgresVersion: v };
  }
  const maxWarningsText = options.get('max-warnings');
  const maxWarnings = typeof maxWarningsText === 'string' ? Number(maxWarningsText) : undefined;
  if (maxWarnings !== undefined && (!Number.isInteger(maxWarnings) || maxWarnings < 0)) return usage('--max-warnings must be a whole number');
  const jobsText = options.get('jobs');
  const jobs = typeof jobsText === 'string' ? Number(jobsText) : undefined;
  if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) return usage('--jobs must be a whole number of at least 1');

  const stdin = positionals.includes('-');
  if (stdin && positionals.length > 1) return usage('- (standard input) cannot be combined with paths');
  const stdinName = options.get('stdin-filename');
  if (stdinName !== undefined && !stdin) return usage('--stdin-filename goes with - (standard input)');
  const stdinPath = resolve(cwd, typeof stdinName === 'string' ? stdinName : 'stdin.sql');
  if (stdin && options.has('fix')) return usage('--fix changes files: it cannot fix standard input');
  const given = stdin ? new Map([[stdinPath, readStdin()]]) : undefined;
  let selection = stdin ? { files: [stdinPath], missing: [], notices: [] } : selectFiles(positionals, config, loaded.root, cwd);
  const since = options.get('changed-since');
  if (typeof since === 'string') {
    if (stdin) return usage('--changed-since selects files: it cannot go with - (standard input)');
    const changed = changedFiles(cwd, since);
    if ('error' in changed) return usage(`--changed-since: ${changed.error}`);
    const files = selection.files.filter((f) => changed.files.has(realPath(f)));
    process.stderr.write(`pg-architect: ${files.length} of ${selection.files.length} SQL file${selection.files.length === 1 ? '' : 's'} changed since ${since}\n`);
    selection = { ...selection, files };
  }
  for (const m of selection.missing) process.stderr.write(`pg-architect: ${m.arg}: ${m.message}\n`);
  for (const { notice } of selection.notices) process.stderr.write(`pg-architect: ${notice.message}\n`);

  const name = (path: string): string => (stdin && typeof stdinName !== 'string' && path === stdinPath ? '<stdin>' : relative(cwd, path).split(sep).join('/') || path);
  await initParser();
  // The editor's analysis, over the project around the files (the configuration's folder, else this one).
  // The project: the configuration's folder, else the folder the arguments share (`lint examples/` is that project).
  const root = loaded.path ? loaded.root : projectRootOf(stdin ? (typeof stdinName === 'string' ? [stdinName] : []) : positionals, cwd);
  const cache = options.has('cache') || options.has('cache-location') ? new LintCache(resolve(cwd, String(options.get('cache-location') ?? '.pg-architect-cache'))) : undefined;
  if (cache?.problem) process.stderr.write(`pg-architect: ${cache.problem}\n`);
  const lintOptions = { root, config, displayName: name, ...(cache ? { cache } : {}), ...(given ? { given } : {}), ...(timings ? { timing: timings } : {}) };
  let { reports, notices, cached } = lintProject(selection.files, lintOptions);
  if (options.has('fix')) {
    const fixed = applySafeFixes(reports);
    for (const f of fixed) process.stderr.write(`pg-architect: fixed ${name(f.path)}: ${f.applied.map((a) => `${a.ruleId} (${a.title})`).join(', ')}\n`);
    // What remains, judged on the fixed texts (a fix may also settle or reveal a finding elsewhere in the project).
    if (fixed.length > 0) ({ reports, notices, cached } = lintProject(selection.files, lintOptions));
  }
  if (cache) {
    process.stderr.write(`pg-architect: cache: ${cached ?? 0} of ${selection.files.length} file${selection.files.length === 1 ? '' : 's'} unchanged\n`);
    const unsaved = cache.save();
    if (unsaved) process.stderr.write(`pg-architect: ${unsaved}\n`);
  }
  for (const n of notices) process.stderr.write(`pg-architect: note: ${n}\n`);

  const quiet = options.has('quiet');
  let all: NamedReport[] = reports.map((r) => ({ ...r, name: name(r.path) }));
  const writeTo = options.get('write-baseline');
  if (typeof writeTo === 'string') {
    const count = writeBaseline(resolve(cwd, writeTo), all);
    process.stderr.write(`pg-architect: wrote ${count} finding${count === 1 ? '' : 's'} to the baseline ${writeTo}\n`);
    return EXIT.ok;
  }
  const baselinePath = options.get('baseline');
  if (typeof baselinePath === 'string') {
    const baseline = readBaseline(resolve(cwd, baselinePath));
    if ('error' in baseline) return usage(`--baseline: ${baseline.error}`);
    const filtered = withoutBaseline(all, baseline.fingerprints);
    all = filtered.reports;
    process.stderr.write(`pg-architect: ${filtered.known} finding${filtered.known === 1 ? ' is' : 's are'} in the baseline and not reported\n`);
  }
  const named: NamedReport[] = quiet ? all.map((r) => ({ ...r, findings: r.findings.filter((f) => f.severity === 'error') })) : all;
  for (const r of named) for (const n of r.notes) process.stderr.write(`pg-architect: ${r.name}: ${n.message}\n`);
  const color = !options.has('no-color') && !process.env.NO_COLOR && process.stdout.isTTY === true;
  const ctx: FormatContext = { reports: named, color, toolVersion: TOOL_VERSION };
  const format = options.get('format') ?? 'text';
  const output =
    format === 'json' ? formatJson(ctx) : format === 'sarif' ? formatSarif(ctx) : format === 'github' ? formatGithub(ctx) : format === 'gitlab' ? formatGitlab(ctx) : format === 'junit' ? formatJunit(ctx) : formatText(ctx);
  if (timings) await timings.phaseAsync('writing the report', () => write(output));
  else await write(output);

  const incomplete = selection.notices.some(({ notice }) => notice.kind !== 'link-loop');
  if (selection.missing.length > 0 || incomplete || reports.some((r) => r.unreadable)) return EXIT.usage;
  if (named.some((r) => r.findings.some((f) => f.severity === 'error'))) return EXIT.findings;
  if (maxWarnings !== undefined && all.flatMap((r) => r.findings).filter((f) => f.severity === 'warning').length > maxWarnings) return EXIT.findings;
  return EXIT.ok;
}

/** The path with links resolved (git reports real paths; a temporary folder may be reached through a link). */
function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Standard input, read whole, as a file would be (size limit, binary refused, invalid UTF-8 said). */
function readStdin(): ReturnType<typeof readForLint> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(0);
  } catch (e) {
    return { path: '<stdin>', findings: [], notes: [{ level: 'error', message: `cannot read standard input: ${(e as Error).message}` }], lines: {}, unreadable: true };
  }
  if (bytes.length > CLI_MAX_SOURCE_BYTES) return { path: '<stdin>', findings: [], notes: [{ level: 'error', message: `${(bytes.length / 1048576).toFixed(0)} MB on standard input: larger than ${CLI_MAX_SOURCE_BYTES / 1048576} MB, not linted` }], lines: {}, unreadable: true };
  const read = decodeSource(bytes);
  if (read.kind === 'text') return { text: read.text, invalidUtf8: read.invalidUtf8 };
  return { path: '<stdin>', findings: [], notes: [{ level: 'warning', message: 'binary input: not linted' }], lines: {}, unreadable: false };
}

function usage(message: string): number {
  process.stderr.write(`pg-architect lint: ${message}\nRun "pg-architect lint --help" for usage.\n`);
  return EXIT.usage;
}


/** Writes all of `text` to stdout before resolving (large SARIF output must not be cut off by exit). */
function write(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (text === '') return resolve();
    process.stdout.write(text, () => resolve());
  });
}
