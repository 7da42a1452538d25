/**
 * A project's schema history traced on the embedded PostgreSQL: the files its schema is built from, in the order
 * their tools run them (core/project), each with how its tool runs it, applied to a fresh in-memory PGlite.
 * The one entry for the CLI's `trace` (and anything else that wants the proof).
 */
import { openPglite } from '../db/pglite-session';
import type { Session } from '../db/session';
import type { Timings } from '../timing';
import { parseDocument } from '../parse/document';
import type { Project } from '../project/project';
import { runSections } from '../project/run';
import { traceMigrations, type TraceFile, type TracerState } from './apply';
import type { MigrationTrace, ProjectTrace } from './model';
import { traceFileKey, type ResumePlan, type TraceSnapshots } from './snapshot';

export interface ProjectTraceOptions {
  /** Trace only these files (project ids); the others still apply, silently, so the schema is right. */
  readonly only?: ReadonlySet<string>;
  readonly statementTimeoutMs?: number;
  /** Filled with the text each traced file had (by path): offsets in the trace are into these. */
  readonly texts?: Map<string, string>;
  /**
   * A database to apply them to instead of a fresh embedded one (`trace --db`): everything runs in one transaction
   * that is rolled back; the caller opens and closes it.
   */
  readonly session?: Session;
  /**
   * With `session`: the database is a throwaway its caller made for this run alone, so each migration commits as
   * its tool's would and its locks end there (observed as in production, not all held by one transaction).
   */
  readonly commitToThrowaway?: boolean;
  /**
   * Kept between runs (the editor's): the embedded database before one migration, so a run re-applies only from the
   * first file that changed before it on (core/trace/snapshot.ts). Not with `session`.
   */
  readonly snapshots?: TraceSnapshots;
  /** Where the time goes (`trace --timing`). */
  readonly timings?: Timings;
  /** Awaited after each statement (TraceOptions.pause): the language server answers requests there. */
  readonly pause?: () => Promise<void>;
}

/** What a trace applies, read from the project: its files in order, parsed, with how their tools run them. */
export interface TraceInput {
  readonly files: readonly TraceFile[];
  /** The extensions the history creates (loaded into the embedded database when it ships them). */
  readonly extensions: readonly string[];
  /** The project uses objects no file creates: refusals for missing objects are no verdict. */
  readonly partialHistory: boolean;
}

/** The project's schema files in order, parsed, with their sections (and the texts, into `texts`). */
export function traceInput(project: Project, options: Pick<ProjectTraceOptions, 'texts' | 'timings'> = {}): TraceInput {
  const timings = options.timings;
  const files: TraceFile[] = [];
  const parsing = performance.now();
  for (const id of project.schemaOrder()) {
    const text = project.text(id);
    if (text === undefined) continue;
    const document = parseDocument(text, id);
    const role = project.roleOf(id, document);
    files.push({ path: project.pathOf(id) ?? id, document, sections: runSections(document, role, project.config) });
    options.texts?.set(project.pathOf(id) ?? id, text);
  }
  const extensions = files.flatMap((f) => f.document.statements.flatMap((st) => (st.kind === 'CreateExtensionStmt' ? [String((st.ast as { CreateExtensionStmt?: { extname?: string } }).CreateExtensionStmt?.extname ?? '')] : [])));
  timings?.addPhase(`parsing the migrations (${files.length} files)`, performance.now() - parsing);
  // The project model says whether the history is partial (its catalog built once, as lint does).
  const modelling = performance.now();
  project.buildCatalog();
  timings?.addPhase('the schema in migration order', performance.now() - modelling);
  return { files, extensions, partialHistory: project.partialHistories().size > 0 };
}

export async function traceProject(project: Project, options: ProjectTraceOptions = {}): Promise<ProjectTrace> {
  const started = Date.now();
  const input = traceInput(project, options);
  const only = options.only ? new Set([...options.only].map((id) => project.pathOf(id) ?? id)) : undefined;
  const trace = await applyTrace(input, options);
  return { ...(only ? { ...trace, migrations: trace.migrations.filter((m) => only.has(m.file)) } : trace), durationMs: Date.now() - started };
}

/** Applies the files (traceInput) to a fresh embedded database, or to `options.session`, and says what each did. */
export async function applyTrace(input: TraceInput, options: Omit<ProjectTraceOptions, 'only' | 'texts'> = {}): Promise<ProjectTrace> {
  const started = Date.now();
  const timings = options.timings;
  const { files, extensions, partialHistory } = input;
  const snapshots = options.session ? undefined : options.snapshots;
  const keys = snapshots ? files.map(traceFileKey) : [];
  const setting = JSON.stringify({ extensions: [...new Set(extensions)].sort(), partialHistory, timeout: options.statementTimeoutMs });
  let plan: ResumePlan = snapshots?.plan(keys, setting) ?? { start: 0 };
  const opening = performance.now();
  let session = options.session;
  if (!session && plan.from) {
    // A snapshot that does not start (it never should) is dropped: this run applies everything.
    session = await openPglite(undefined, { extensions, from: plan.from.data }).catch(() => undefined);
    if (!session) {
      snapshots?.clear();
      plan = { start: 0 };
    }
  }
  session ??= await openPglite(undefined, { extensions });
  if (!options.session) timings?.addPhase(plan.from ? 'starting the embedded PostgreSQL (snapshot)' : 'starting the embedded PostgreSQL', performance.now() - opening);
  try {
    const version = (await session.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? '';
    const earlier = plan.from?.migrations ?? [];
    const snapshot = session.snapshot?.bind(session);
    const at = plan.snapshotAt;
    const before =
      snapshots && at !== undefined && snapshot
        ? {
            index: at - plan.start,
            call: async (state: TracerState, so: readonly MigrationTrace[]): Promise<void> => {
              // A snapshot that cannot be taken leaves the run as it is: the next one applies everything again.
              try {
                await snapshots.keep(keys.slice(0, at), setting, await snapshot(), state, [...earlier, ...so]);
              } catch {
                snapshots.clear();
              }
            },
          }
        : undefined;
    const applying = performance.now();
    const run = await traceMigrations(session, files.slice(plan.start), { ...(timings ? { timings } : {}), partialHistory, ...(options.session && !options.commitToThrowaway ? { rollbackAll: true } : {}), ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}), ...(plan.from ? { resume: plan.from.state } : {}), ...(before ? { before } : {}), ...(options.pause ? { pause: options.pause } : {}) });
    timings?.addPhase(`applying and observing them (${files.length - plan.start} files)`, performance.now() - applying);
    return {
      postgres: version.split(' on ')[0] ?? version,
      target: options.session ? `${options.session.label}, in a transaction rolled back at the end` : 'embedded, in memory',
      migrations: [...earlier, ...run.migrations],
      notes: run.notes,
      durationMs: Date.now() - started,
      ...(plan.from && files[plan.start] ? { resumedBefore: files[plan.start].path } : {}),
    };
  } finally {
    if (!options.session) await session.close();
  }
}
