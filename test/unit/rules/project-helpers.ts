// Analysing a file inside an in-memory project (as the CLI and the editor do: its tool, its transactions, the
// next migration's name) and applying a finding's fix, new files included, for the rules' end-to-end tests.
import { posix } from 'node:path';
import { DEFAULT_CONFIG, type Config } from '../../../core/config/config';
import { applyEdits } from '../../../core/fixes';
import type { Finding } from '../../../core/lint';
import { analyzeFile } from '../../../core/project/analyze';
import { Project } from '../../../core/project/project';
import type { Fix } from '../../../core/rules/types';

export type Files = Readonly<Record<string, string>>;

/** Every finding of `target` in a project of `files` (ids are the paths), with `rules` switched on as asked. */
export function analyseInProject(files: Files, target: string, rules: Config['rules'] = {}): Finding[] {
  const config: Config = { ...DEFAULT_CONFIG, rules: { ...DEFAULT_CONFIG.rules, ...rules } };
  const project = new Project('/project', { config });
  for (const [path, text] of Object.entries(files)) project.setFile(path, path, text);
  project.buildCatalog();
  const text = files[target];
  if (text === undefined) throw new Error(`no file ${target}`);
  return [...analyzeFile(project, target, { text }).findings];
}

/** The project after applying `fix` to `target`: its edits, and its new files (paths relative to the target's folder). */
export function applyFix(files: Files, target: string, fix: Fix): Record<string, string> {
  const next: Record<string, string> = { ...files, [target]: applyEdits(files[target], fix.edits).text };
  for (const file of fix.newFiles ?? []) {
    const path = posix.normalize(posix.join(posix.dirname(target), file.path));
    if (path in next) throw new Error(`the fix overwrites ${path}`);
    next[path] = file.text;
  }
  return next;
}

/** Findings of every file, as `path: rule-id` lines, for comparing a project before and after a fix. */
export function projectFindings(files: Files, rules: Config['rules'] = {}): string[] {
  return Object.keys(files)
    .filter((p) => p.endsWith('.sql'))
    .flatMap((p) => analyseInProject(files, p, rules).map((f) => `${p}: ${f.ruleId}`));
}
