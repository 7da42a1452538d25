/**
 * The project's migrations applied to the embedded PostgreSQL in the background (core/trace), after the rule findings
 * and never in their way: refusals become `migration-refused` diagnostics at the statement, and the hover says what
 * PostgreSQL did there (its locks, how long they are held, rewrites). A run starts a while after the schema files
 * stop changing; a newer run supersedes an older one, whose results are dropped. Observations belong to the text
 * they were made on: a document edited since shows none until the next run.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Project } from '../core/project/project';
import { findingAsObserved, observedHover, refusalFindings, tracedStatementAt } from '../core/trace/findings';
import type { MigrationTrace, ProjectTrace } from '../core/trace/model';
import { traceProject } from '../core/trace/project';
import { traceInWorker, traceWorkerFile } from '../core/trace/trace-in-worker';
import { TraceSnapshots } from '../core/trace/snapshot';
import { slicedPause } from './analysis-slices';
import { toDiagnostic } from './diagnostics';
import { normalizeUri } from './workspace-index';

export interface MigrationProofHost {
  readonly logger: { error(message: string): void; log(message: string): void };
  projects(): readonly { readonly root: string; readonly project: Project }[];
  /** The `pgArchitect.migrations.observe` setting (default on). */
  enabled(): Promise<boolean>;
  /** Observations changed for these documents (re-publish their diagnostics). */
  changed(uris: readonly string[]): void;
}

interface Observed {
  readonly migration: MigrationTrace;
  readonly text: string;
  readonly postgres: string;
}

/** Quiet time after the last schema change before a run: applying the history takes seconds. */
const SETTLE_MS = 1500;
/**
 * Histories larger than this (SQL text) are not applied in the editor: the embedded database grows to about a
 * gigabyte for a 1.7 MB history and takes half a minute; `pg-architect trace` does it on demand.
 */
export const MAX_OBSERVED_HISTORY_CHARS = 1_000_000;

const WORKER = traceWorkerFile(__dirname);

export class MigrationProof {
  private results = new Map<string, Observed>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private again = false;
  private disposed = false;
  /** Per project root: the embedded database before the migration most likely edited next (core/trace/snapshot.ts). */
  private readonly snapshots = new Map<string, TraceSnapshots>();

  constructor(private readonly host: MigrationProofHost) {}

  /** The schema files changed (or were read for the first time): run again once they settle. */
  schedule(delayMs = SETTLE_MS): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.run();
    }, delayMs);
    this.timer.unref?.();
  }

  /**
   * The rule findings of a document with what PostgreSQL observed: a prediction the observation contradicts says so
   * (and is information only), and the statements PostgreSQL refused are added.
   */
  reconcile(uri: string, document: TextDocument | undefined, ruleDiagnostics: readonly Diagnostic[]): Diagnostic[] {
    const observed = this.results.get(normalizeUri(uri));
    const text = document ? document.getText() : observed?.text;
    if (!observed || text !== observed.text) return [...ruleDiagnostics];
    const doc = document ?? TextDocument.create(uri, 'sql', 0, text);
    const rules = ruleDiagnostics.map((d) => {
      const verdict = typeof d.code === 'string' ? findingAsObserved(observed.migration, { ruleId: d.code, message: d.message, start: doc.offsetAt(d.range.start) }, observed.postgres) : undefined;
      return verdict ? { ...d, message: verdict.message, severity: DiagnosticSeverity.Information } : d;
    });
    return [...rules, ...refusalFindings(observed.migration, text, observed.postgres).map((f) => toDiagnostic(doc, f))];
  }

  /** Markdown for the hover at `offset` of the document, when it was observed as it is now. */
  hover(uri: string, text: string, offset: number): string | undefined {
    const observed = this.results.get(normalizeUri(uri));
    if (!observed || observed.text !== text) return undefined;
    const st = tracedStatementAt(observed.migration, offset);
    return st ? observedHover(observed.migration, st, observed.postgres) : undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /**
   * One project's history applied: in a worker thread when the bundled one is there (PGlite never returns to the
   * event loop: in this thread its start and each statement would hold every request), else here, paused every
   * few milliseconds so that requests are answered meanwhile.
   */
  private async trace(root: string, project: Project, snapshots: TraceSnapshots, texts: Map<string, string>): Promise<ProjectTrace> {
    if (!WORKER) return traceProject(project, { texts, snapshots, pause: slicedPause() });
    const run = await traceInWorker(WORKER, project, { texts, snapshots: snapshots.data() });
    this.snapshots.set(root, TraceSnapshots.from(run.snapshots));
    return run.trace;
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      const next = new Map<string, Observed>();
      if (!(await this.host.enabled())) this.snapshots.clear();
      else {
        const projects = this.host.projects();
        // Snapshots of projects no longer open go with them.
        for (const root of this.snapshots.keys()) if (!projects.some((p) => p.root === root)) this.snapshots.delete(root);
        for (const { root, project } of projects) {
          if (!project.schemaOrder().some((id) => project.layoutRole(id)?.kind === 'migration')) continue;
          const size = project.schemaOrder().reduce((n, id) => n + (project.text(id)?.length ?? 0), 0);
          if (size > MAX_OBSERVED_HISTORY_CHARS) {
            this.host.logger.log(`The migrations of ${root} (${Math.round(size / 1000)} kB of SQL) are not applied in the editor: run "pg-architect trace" to apply them.`);
            continue;
          }
          const texts = new Map<string, string>();
          const started = Date.now();
          let snapshots = this.snapshots.get(root);
          if (!snapshots) this.snapshots.set(root, (snapshots = new TraceSnapshots()));
          const trace = await this.trace(root, project, snapshots, texts);
          this.host.logger.log(`Migrations of ${root} applied to ${trace.postgres} in ${Date.now() - started} ms${trace.resumedBefore ? ` (from the snapshot before ${trace.resumedBefore})` : ''}.`);
          for (const migration of trace.migrations) {
            const text = texts.get(migration.file);
            if (text !== undefined) next.set(normalizeUri(pathToFileURL(join(root, migration.file)).href), { migration, text, postgres: trace.postgres });
          }
        }
      }
      if (this.disposed) return;
      const changed = new Set([...this.results.keys(), ...next.keys()]);
      this.results = next;
      this.host.changed([...changed]);
    } catch (e) {
      this.host.logger.error(`Applying the migrations to the embedded PostgreSQL failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.running = false;
      if (this.again && !this.disposed) {
        this.again = false;
        this.schedule(0);
      }
    }
  }
}
