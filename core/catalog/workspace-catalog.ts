/**
 * The catalog of a workspace: its schema files applied in migration order, with a snapshot after each file
 * so an edit re-applies from the changed file on (files before it keep their snapshots). Each file's
 * problems and the catalog as it was before each file (what a migration can see) stay available.
 */
import { parseDocument } from '../parse/document';
import { Catalog, type CatalogView } from './catalog';
import { applyDocument, type ApplyOptions, type ApplyProblem } from './ddl/apply';

export interface SchemaFile {
  /** A stable identity (path or URI): object locations name it. */
  readonly path: string;
  readonly text: string;
}

interface Step {
  readonly path: string;
  readonly text: string;
  /** The catalog after this file. */
  readonly after: Catalog;
  readonly problems: readonly ApplyProblem[];
}

/** Applies files in order into a fresh catalog: the one-shot form of WorkspaceCatalog. */
export function buildCatalog(files: readonly SchemaFile[], options: ApplyOptions = {}): { catalog: CatalogView; problems: ApplyProblem[] } {
  const workspace = new WorkspaceCatalog(options);
  workspace.setFiles(files);
  return { catalog: workspace.catalog, problems: [...workspace.problems()] };
}

export class WorkspaceCatalog {
  private steps: Step[] = [];
  /** Each path's first step, built on first use after the steps change (the server asks for every file). */
  private stepIndex: Map<string, number> | undefined;
  private readonly empty = new Catalog('ddl');
  /** Files applied by the last setFiles (for tests and benchmarks: proves reuse). */
  lastApplied = 0;

  constructor(private readonly options: ApplyOptions = {}) {}

  /**
   * Sets the ordered file list. The longest unchanged prefix (same paths, same texts) keeps its snapshots;
   * the rest is applied again from the snapshot before the first changed file.
   */
  setFiles(files: readonly SchemaFile[]): void {
    let keep = 0;
    while (keep < files.length && keep < this.steps.length && files[keep].path === this.steps[keep].path && files[keep].text === this.steps[keep].text) keep++;
    this.steps = this.steps.slice(0, keep);
    this.stepIndex = undefined;
    this.lastApplied = 0;
    for (let i = keep; i < files.length; i++) {
      const before = i === 0 ? this.empty : this.steps[i - 1].after;
      const after = before.clone();
      const problems = applyDocument(after, parseDocument(files[i].text, files[i].path), files[i].path, this.options);
      this.steps.push({ path: files[i].path, text: files[i].text, after, problems });
      this.lastApplied++;
    }
  }

  /** Replaces one file's text (same position in the order) and re-applies from it on. */
  updateFile(path: string, text: string): void {
    this.setFiles(this.steps.map((s) => (s.path === path ? { path, text } : { path: s.path, text: s.text })));
  }

  /** The catalog after every file. */
  get catalog(): CatalogView {
    return this.steps.length > 0 ? this.steps[this.steps.length - 1].after : this.empty;
  }

  /** The catalog a file runs against: after every file before it (undefined for a file not in the list). */
  catalogBefore(path: string): CatalogView | undefined {
    const at = this.stepOf(path);
    if (at === undefined) return undefined;
    return at === 0 ? this.empty : this.steps[at - 1].after;
  }

  /** The catalog right after a file. */
  catalogAfter(path: string): CatalogView | undefined {
    const at = this.stepOf(path);
    return at === undefined ? undefined : this.steps[at].after;
  }

  problems(path?: string): readonly ApplyProblem[] {
    if (path === undefined) return this.steps.flatMap((s) => s.problems);
    const at = this.stepOf(path);
    return at === undefined ? [] : this.steps[at].problems;
  }

  private stepOf(path: string): number | undefined {
    if (!this.stepIndex) {
      this.stepIndex = new Map();
      this.steps.forEach((s, i) => this.stepIndex!.has(s.path) || this.stepIndex!.set(s.path, i));
    }
    return this.stepIndex.get(path);
  }

  get files(): readonly string[] {
    return this.steps.map((s) => s.path);
  }
}
