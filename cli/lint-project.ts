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

export interface ProjectLintOptions {
  /** The project's root: include/exclude globs and migration layouts are read relative to it. */
  readonly root: string;
  readonly config: Config;
  /** How a file is named in messages (relative to the current folder). */
  readonly displayName: (path: string) => string;
}

export interface ProjectLint {
  readonly reports: FileReport[];
  /** How the project was read, said once (several tools, an unknown tool, a partial history). */
  readonly notices: readonly string[];
}

/** Reads the project around `files` and analyses each of them against it. */
export function lintProject(files: readonly string[], options: ProjectLintOptions): ProjectLint {
  const { project } = loadProject(options.root, options.config);
  project.buildCatalog();
  const byRealPath = realPaths(options.root, project);
  const reports = files.map((path) => {
    try {
      const id = byRealPath.get(realPathOf(path)) ?? idOf(options.root, path);
      const read = readForLint(path);
      if ('findings' in read) return read;
      const analysis = analyzeFile(project, id, { text: read.text, fileName: options.displayName(path) });
      const notes = analysis.schemaFailure ? [`schema checks failed on this file: ${analysis.schemaFailure}`] : [];
      return reportOf(path, analysis, read.invalidUtf8, notes);
    } catch (e) {
      return failedReport(path, e);
    }
  });
  return { reports, notices: project.notices().map((n) => n.message) };
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
