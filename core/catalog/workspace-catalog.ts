/**
 * The catalog of a workspace: its schema files applied in migration order, so an edit re-applies from the
 * changed file on, and the catalog as it stood before and after each file (what a migration can see) can be
 * asked for. Each file's problems stay available.
 *
 * Memory stays proportional to the schema, not to files x schema: the files are applied to one catalog in
 * place, and only every K-th state (K about the square root of the file count) is kept as a snapshot. The state
 * around any other file is rebuilt on demand from the snapshot before it (at most K files re-applied) and kept in
 * a small cache, so asking for the files in order costs one file's application each.
 */
import { parseDocument, parseDocumentSteps, type SqlDocument } from '../parse/document';
import { Catalog, type CatalogView } from './catalog';
import { applyDocument, applyDocumentSteps, type ApplyOptions, type ApplyProblem } from './ddl/apply';

export interface SchemaFile {
  /** A stable identity (path or URI): object locations name it. */
  readonly path: string;
  readonly text: string;
}

interface Step {
  readonly path: string;
  readonly text: string;
  readonly problems: readonly ApplyProblem[];
  /** The catalog after this file, kept for every K-th file and the last. */
  snapshot?: Catalog;
}

/** What a caller learns from each file as it is applied: `before` runs on the catalog before it, `after` on the one after. */
export interface ApplyObserver<T = unknown> {
  before(file: SchemaFile, document: SqlDocument, catalog: CatalogView): T;
  after(file: SchemaFile, document: SqlDocument, catalog: CatalogView, fromBefore: T): void;
}

/** Rebuilt states kept at hand (the files around the one being edited, the cursor of an in-order walk). */
const CACHE_SIZE = 6;
/**
 * Up to this many files a one-pass run keeps the state after each (PostgreSQL's regression suite, 228 files: its
 * lint 6.0 -> 5.5 s, and a lower peak, without the states rebuilt from the nearest snapshot for each file).
 */
const EVERY_STATE_FILES = 400;
/**
 * And only while the states kept hold fewer relations than this in all: each state holds its own copy of the
 * relations the file after it changes (a 50,000-table baseline followed by 300 migrations would copy it 300 times).
 */
const EVERY_STATE_RELATIONS = 1_000_000;

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
  /** Rebuilt states: step index -> the catalog after it, most recently used last. */
  private cache = new Map<number, Catalog>();
  /** Files applied by the last setFiles (for tests and benchmarks: proves reuse). */
  lastApplied = 0;

  /**
   * `everyState`: keep the catalog after every file, not one every few, for a run that reads each file's once (the
   * CLI): none is applied twice. Only up to EVERY_STATE_FILES files, and EVERY_STATE_RELATIONS relations kept in all.
   */
  constructor(
    private readonly options: ApplyOptions = {},
    private readonly everyState = false,
    private readonly everyStateRelations = EVERY_STATE_RELATIONS,
  ) {}

  /**
   * Sets the ordered file list. The longest unchanged prefix (same paths, same texts) is kept; the rest is
   * applied again from the state before the first changed file.
   */
  setFiles(files: readonly SchemaFile[]): void {
    const steps = this.applySteps(files);
    while (!steps.next().done);
  }

  /**
   * setFiles one file at a time: yields after each file applied, and every few statements within one (a large
   * schema file), so a caller can let other work run between.
   * `observer` sees each file applied (not the kept prefix), with the catalog just before and just after it.
   */
  *applySteps(files: readonly SchemaFile[], observer?: ApplyObserver): Generator<void, void> {
    let keep = 0;
    while (keep < files.length && keep < this.steps.length && files[keep].path === this.steps[keep].path && files[keep].text === this.steps[keep].text) keep++;
    // The state after the kept prefix, as a private copy to apply the rest to.
    const working = (keep === 0 ? this.empty : this.stateAfter(keep - 1)).clone();
    const interval = checkpointInterval(files.length);
    // A one-pass run keeps the state after each file while the copies they hold stay small (see EVERY_STATE_*).
    let everyState = this.everyState && files.length <= EVERY_STATE_FILES;
    let relationsKept = 0;
    this.steps = this.steps.slice(0, keep);
    // The old last file kept its state as the final one; it is an ordinary step now (unless a checkpoint).
    const previousLast = this.steps[keep - 1];
    if (keep < files.length && previousLast?.snapshot && !isCheckpoint(keep - 1, interval)) previousLast.snapshot = undefined;
    this.stepIndex = undefined;
    this.cache = new Map([...this.cache].filter(([i]) => i < keep));
    this.lastApplied = 0;
    for (let i = keep; i < files.length; i++) {
      const document = yield* parseDocumentSteps(files[i].text, files[i].path);
      const seen = observer?.before(files[i], document, working);
      const problems = yield* applyDocumentSteps(working, document, files[i].path, this.options);
      observer?.after(files[i], document, working, seen);
      const step: Step = { path: files[i].path, text: files[i].text, problems };
      if (isCheckpoint(i, interval) || everyState) step.snapshot = working.clone();
      if (everyState && (relationsKept += working.relationCount) > this.everyStateRelations) everyState = false;
      this.steps.push(step);
      this.lastApplied++;
      yield;
    }
    const last = this.steps.length - 1;
    if (last >= 0 && !this.steps[last].snapshot) this.steps[last].snapshot = keep === files.length ? this.stateAfter(last) : working;
  }

  /** Replaces one file's text (same position in the order) and re-applies from it on. */
  updateFile(path: string, text: string): void {
    this.setFiles(this.steps.map((s) => (s.path === path ? { path, text } : { path: s.path, text: s.text })));
  }

  /** The catalog after every file. */
  get catalog(): Catalog {
    return this.steps.length > 0 ? this.stateAfter(this.steps.length - 1) : this.empty;
  }

  /** The catalog a file runs against: after every file before it (undefined for a file not in the list). */
  catalogBefore(path: string): Catalog | undefined {
    const at = this.stepOf(path);
    if (at === undefined) return undefined;
    return at === 0 ? this.empty : this.stateAfter(at - 1);
  }

  /** The catalog right after a file. */
  catalogAfter(path: string): Catalog | undefined {
    const at = this.stepOf(path);
    return at === undefined ? undefined : this.stateAfter(at);
  }

  problems(path?: string): readonly ApplyProblem[] {
    if (path === undefined) return this.steps.flatMap((s) => s.problems);
    const at = this.stepOf(path);
    return at === undefined ? [] : this.steps[at].problems;
  }

  get files(): readonly string[] {
    return this.steps.map((s) => s.path);
  }

  /** The catalog after step `at`: its snapshot, a cached state, or rebuilt from the nearest state before it. */
  private stateAfter(at: number): Catalog {
    const snapshot = this.steps[at].snapshot;
    if (snapshot) return snapshot;
    const cached = this.cache.get(at);
    if (cached) {
      this.cache.delete(at);
      this.cache.set(at, cached);
      return cached;
    }
    // Start from the closest state before it that is at hand: a cached one (an in-order walk) or a snapshot.
    let from = at - 1;
    while (from >= 0 && !this.steps[from].snapshot && !this.cache.has(from)) from--;
    const state = (from < 0 ? this.empty : (this.steps[from].snapshot ?? this.cache.get(from)!)).clone();
    for (let i = from + 1; i <= at; i++) applyDocument(state, parseDocument(this.steps[i].text, this.steps[i].path), this.steps[i].path, this.options);
    this.cache.set(at, state);
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    return state;
  }

  private stepOf(path: string): number | undefined {
    if (!this.stepIndex) {
      this.stepIndex = new Map();
      this.steps.forEach((s, i) => this.stepIndex!.has(s.path) || this.stepIndex!.set(s.path, i));
    }
    return this.stepIndex.get(path);
  }
}

/** Snapshots every K files: K grows with the square root of the file count (memory ~ sqrt(n) catalogs). */
function checkpointInterval(files: number): number {
  return Math.max(16, Math.ceil(Math.sqrt(files)));
}

function isCheckpoint(index: number, interval: number): boolean {
  return (index + 1) % interval === 0;
}
