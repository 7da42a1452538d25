// What scripts/corpus-report.mjs needs from core: the shared corpus read as projects and analysed by the one
// engine (core/project), as `pg-architect lint` reads a folder. Projects: PostgreSQL's regression suite (one
// folder), each schema dump on its own, each migration folder. Also the per-file linter of earlier versions
// (lintText), for the baseline of a checkout from before the engine (scripts/corpus-report.mjs --baseline).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_CONFIG } from '../core/config/config';
import { initParser } from '../core/parse/parser';
import { analyzeFile } from '../core/project/analyze';
import { loadProject } from '../core/project/load';
import { Project } from '../core/project/project';
export { SYNTAX_ERROR_RULE_ID } from '../core/lint';
export { ALL_RULES } from '../core/rules/registry';

export interface CorpusFinding {
  readonly ruleId: string;
  readonly severity: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

export interface CorpusFile {
  /** regress | dumps | migrations */
  readonly part: string;
  /** The project it belongs to (a migration folder's name, a dump's file name, "regress"). */
  readonly project: string;
  /** Relative to the corpus. */
  readonly file: string;
  readonly kind: string;
  readonly tool?: string;
  readonly lines: number;
  readonly findings: readonly CorpusFinding[];
  readonly ruleFailures: readonly string[];
}

export const PARTS = ['regress', 'dumps', 'migrations'] as const;

function sqlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sqlFiles(p));
    else if (name.endsWith('.sql')) out.push(p);
  }
  return out;
}

function lineCount(text: string): number {
  return text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/** Every corpus file analysed by the engine, project by project. */
export async function analyzeCorpus(corpus: string): Promise<CorpusFile[]> {
  await initParser();
  const out: CorpusFile[] = [];
  const analyse = (part: string, name: string, project: Project, corpusRoot: string): void => {
    project.buildCatalog();
    for (const id of project.ids().sort()) {
      if (!id.endsWith('.sql')) continue;
      const text = project.text(id);
      if (text === undefined) continue;
      const analysis = analyzeFile(project, id, { text, fileName: id });
      const lines = analysis.document.lines;
      out.push({
        part,
        project: name,
        file: relative(corpus, join(corpusRoot, id)),
        kind: analysis.role.kind,
        ...(analysis.role.tool ? { tool: analysis.role.tool } : {}),
        lines: lineCount(text),
        findings: analysis.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, line: lines.positionAt(f.range.start).line + 1, message: f.message })),
        ruleFailures: analysis.ruleFailures.map((f) => `${f.ruleId}: ${f.message}`),
      });
    }
  };
  const regress = join(corpus, 'regress');
  analyse('regress', 'regress', loadProject(regress, DEFAULT_CONFIG).project, regress);
  const dumps = join(corpus, 'dumps');
  for (const file of sqlFiles(dumps)) {
    const project = new Project(dumps, { config: DEFAULT_CONFIG });
    const id = relative(dumps, file);
    project.setFile(id, id, readFileSync(file, 'utf8'));
    analyse('dumps', id.replace(/\.sql$/, ''), project, dumps);
  }
  const migrations = join(corpus, 'migrations');
  for (const name of readdirSync(migrations).sort()) {
    const root = join(migrations, name);
    if (!statSync(root).isDirectory()) continue;
    analyse('migrations', name, loadProject(root, DEFAULT_CONFIG).project, root);
  }
  return out;
}

/**
 * The same files as an earlier version of the tool linted them, one file at a time (`lintText` from that
 * checkout's core/lint.ts); kinds and tools come from this version's engine, so both are grouped alike.
 */
export interface EarlierLinter {
  lintText(text: string, options: { fileName: string }): { document: { lines: { positionAt(o: number): { line: number } } }; findings: { ruleId: string; severity: string; message: string; range: { start: number } }[] };
  initParser(): Promise<void>;
}

export async function baselineCorpus(corpus: string, old: EarlierLinter, current: readonly CorpusFile[]): Promise<CorpusFile[]> {
  await old.initParser();
  return current.map((f) => {
    const text = readFileSync(join(corpus, f.file), 'utf8');
    const result = old.lintText(text, { fileName: f.file });
    return { ...f, findings: result.findings.map((x) => ({ ruleId: x.ruleId, severity: x.severity, line: result.document.lines.positionAt(x.range.start).line + 1, message: x.message })), ruleFailures: [] };
  });
}

