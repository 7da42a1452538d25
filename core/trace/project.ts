/**
 * A project's schema history traced on the embedded PostgreSQL: the files its schema is built from, in the order
 * their tools run them (core/project), each with how its tool runs it, applied to a fresh in-memory PGlite.
 * The one entry for the CLI's `trace` (and anything else that wants the proof).
 */
import { openPglite } from '../db/pglite-session';
import type { Session } from '../db/session';
import { parseDocument } from '../parse/document';
import type { Project } from '../project/project';
import { runSections } from '../project/run';
import { traceMigrations, type TraceFile } from './apply';
import type { ProjectTrace } from './model';

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
}

export async function traceProject(project: Project, options: ProjectTraceOptions = {}): Promise<ProjectTrace> {
  const started = Date.now();
  const files: TraceFile[] = [];
  for (const id of project.schemaOrder()) {
    const text = project.text(id);
    if (text === undefined) continue;
    const document = parseDocument(text, id);
    const role = project.roleOf(id, document);
    files.push({ path: project.pathOf(id) ?? id, document, sections: runSections(document, role, project.config) });
    options.texts?.set(project.pathOf(id) ?? id, text);
  }
  // The extensions the history creates, loaded into the embedded database when it ships them.
  const extensions = files.flatMap((f) => f.document.statements.flatMap((st) => (st.kind === 'CreateExtensionStmt' ? [String((st.ast as { CreateExtensionStmt?: { extname?: string } }).CreateExtensionStmt?.extname ?? '')] : [])));
  const session = options.session ?? (await openPglite(undefined, { extensions }));
  try {
    const version = (await session.query<{ v: string }>('SELECT version() AS v')).rows[0]?.v ?? '';
    // The project model says whether the history is partial (its catalog built once, as lint does).
    project.buildCatalog();
    const { migrations, notes } = await traceMigrations(session, files, { partialHistory: project.partialHistories().size > 0, ...(options.session && !options.commitToThrowaway ? { rollbackAll: true } : {}), ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}) });
    const only = options.only;
    return {
      postgres: version.split(' on ')[0] ?? version,
      target: options.session ? `${options.session.label}, in a transaction rolled back at the end` : 'embedded, in memory',
      migrations: only ? migrations.filter((m) => [...only].some((id) => (project.pathOf(id) ?? id) === m.file)) : migrations,
      notes,
      durationMs: Date.now() - started,
    };
  } finally {
    if (!options.session) await session.close();
  }
}
