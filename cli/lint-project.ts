/**
 * `pg-architect lint` over a project: the tree around the files (the configuration's folder, else the current
 * one) is read as the language server reads a workspace (core/project), its schema built in migration order,
 * and each file analysed by core's analyzeFile, so CI reports exactly what the editor shows: migration-tool
 * aware findings, schema-aware checks, cross-file foreign key and index checks.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { Config } from '../core/config/config';
import { analyzeFile } from '../core/project/analyze';
import { loadProject } from '../core/project/load';
import type { Project } from '../core/project/project';
import { failedReport, readForLint, reportOf, type FileReport } from './lint-file';
import { digest, type LintCache } from './lint-cache';
import { TOOL_VERSION } from './version';
import { Timings } from '../core/timing';

export interface ProjectLintOptions {
  /** The project's root: include/exclude globs and migration layouts are read relative to it. */
  readonly root: string;
  readonly config: Config;
  /** How a file is named in messages (relative to the current folder). */
  readonly displayName: (path: string) => string;
  /** Reports of unchanged files from an earlier run (`--cache`), and where this run's go. */
  readonly cache?: LintCache;
  /** Texts given otherwise than on disk (standard input), by path: read instead of the file. */
  readonly given?: ReadonlyMap<string, ReturnType<typeof readForLint>>;
  /** Where the time goes (`--timing`). */
  readonly timing?: Timings;
}

export interface ProjectLint {
  readonly reports: FileReport[];
  /** How the project was read, said once (several tools, an unknown tool, a partial history). */
  readonly notices: readonly string[];
  /** With a cache: how many files it answered. */
  readonly cached?: number;
}

/** Reads the project around `files` and analyses each of them against it. */
export function lintProject(files: readonly string[], options: ProjectLintOptions): ProjectLint {
  // Without --timing the phases are measured into a record nobody reads (a handful of clock reads).
  const timing = options.timing ?? new Timings();
  const { project } = timing.phase('finding the project\'s files', () => loadProject(options.root, options.config, { oneRead: true }));
  // Text given otherwise (standard input) stands for the file at its path: in the project, in its migration order.
  for (const [path, read] of options.given ?? []) {
    if ('findings' in read) continue;
    const id = idOf(options.root, path);
    if (project.has(id)) project.setOverride(id, read.text);
    else project.setFile(id, id, read.text);
  }
  const byRealPath = timing.phase('finding the project\'s files', () => realPaths(options.root, project));
  // What every file's findings depend on besides its own text: the tool, the configuration, the schema's files.
  const fingerprint = options.cache ? projectFingerprint(project, options.config) : '';
  const reports: (FileReport | undefined)[] = [];
  const pending: { readonly at: number; readonly path: string; readonly text: string; readonly invalidUtf8: boolean; readonly key: string }[] = [];
  timing.phase('reading the files', () => files.forEach((path, at) => {
    try {
      const read = options.given?.get(path) ?? readForLint(path);
      if ('findings' in read) return void (reports[at] = read);
      const key = options.cache ? digest([fingerprint, options.displayName(path), read.text]) : '';
      const hit = options.cache?.report(path, key);
      if (hit) reports[at] = hit;
      else pending.push({ at, path, text: read.text, invalidUtf8: read.invalidUtf8, key });
    } catch (e) {
      reports[at] = failedReport(path, e);
    }
  }));
  const cachedNotices = options.cache?.projectNotices(fingerprint);
  // Everything from the cache: the schema need not even be built.
  if (pending.length > 0 || !cachedNotices) timing.phase('building the schema in migration order', () => project.buildCatalog());
  timing.phase('analysing the files', () => pending.forEach((file) => {
    try {
      const id = byRealPath.get(realPathOf(file.path)) ?? idOf(options.root, file.path);
      const analysis = analyzeFile(project, id, { text: file.text, fileName: options.displayName(file.path), ...(options.timing ? { timing: options.timing } : {}) });
      const notes = analysis.schemaFailure ? [`schema checks failed on this file: ${analysis.schemaFailure}`] : [];
      reports[file.at] = reportOf(file.path, analysis, file.invalidUtf8, notes);
      options.cache?.remember(file.path, file.key, reports[file.at]!);
    } catch (e) {
      reports[file.at] = failedReport(file.path, e);
    }
  }));
  const notices = cachedNotices ?? project.notices().map((n) => n.message);
  options.cache?.rememberNotices(fingerprint, notices);
  return { reports: reports.map((r, i) => r ?? failedReport(files[i], new Error('not analysed'))), notices, ...(options.cache ? { cached: files.length - pending.length } : {}) };
}

/** The tool's version, the configuration and the project's files in schema order with their texts. */
function projectFingerprint(project: Project, config: Config): string {
  const schema = project.schemaOrder().flatMap((id) => [id, project.text(id) ?? '']);
  const markers = project.ids().filter((id) => !/\.(sql|psql|pgsql)$/i.test(id)).flatMap((id) => [id, project.text(id) ?? '']);
  return digest([TOOL_VERSION, JSON.stringify(config), ...schema, '\0', ...markers]);
}

/**
 * Without a configuration file, the folder the arguments share is the project: each folder argument itself, a
 * file's folder, a glob's static base; none given: the current folder.
 */
export function projectRootOf(args: readonly string[], cwd: string): string {
  if (args.length === 0) return cwd;
  const folders = args.map((arg) => {
    const base = /[*?[\]{}]/.test(arg) ? picomatch.scan(arg).base || '.' : arg;
    const absolute = resolve(cwd, base);
    try {
      return statSync(absolute).isDirectory() ? absolute : dirname(absolute);
    } catch {
      return dirname(absolute);
    }
  });
  let common = folders[0];
  for (const f of folders.slice(1)) while (common !== dirname(common) && relative(common, f).startsWith('..')) common = dirname(common);
  return common;
}

/**
 * The project's files by real path: a file named through a link (`app/migrations` -> `db/migrations`) is the
 * project's file, whose place in the migration order it has.
 */
function realPaths(root: string, project: Project): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of project.ids()) out.set(realPathOf(join(root, ...id.split('/'))), id);
  return out;
}

function realPathOf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A file's id in the project: its path relative to the root (`/`-separated), or its own path outside it. */
function idOf(root: string, path: string): string {
  const rel = relative(root, path);
  return rel.startsWith('..') || rel === '' ? path : rel.split(sep).join('/');
}
