/**
 * The one analysis of a file, used by the language server and the CLI alike: syntax errors and the rules that
 * judge this kind of file (with how its tool runs it), the schema rules against the catalog the file runs on
 * (pair rules across the migration sequence for a schema file), ignore comments applied once; down sections keep
 * their syntax errors only. Neither caller adds findings of its own, so the editor and CI agree.
 */
import { lintDocumentSteps, SYNTAX_ERROR_RULE_ID, type Finding, type LintResult } from '../lint';
import { parseDocumentSteps, type SqlDocument } from '../parse/document';
import { finish, type Steps } from '../runtime/steps';
import type { FileRole } from './classify';
import { loneFileRole } from './lone-file';
import type { FileSchema, Project } from './project';
import { ruleCategoriesFor, schemaChecksApply } from './rule-scope';
import { runSections } from './run';
import { historyFixes } from './history-fixes';
import { newMigrationFor } from './next-migration';
import type { RunSection } from './tools';
import type { Config } from '../config/config';
import { DEFAULT_CONFIG } from '../config/config';
import type { Timings } from '../timing';

export interface FileAnalysis extends LintResult {
  readonly role: FileRole;
  /** How the file runs (its tool's sections). */
  readonly sections: readonly RunSection[];
  /** The catalog the file was checked against (absent: no project, or a kind that is not checked against one). */
  readonly schema?: FileSchema;
  /** Schema-aware checks that failed (logged by the host); the other findings stand. */
  readonly schemaFailure?: string;
}

export interface AnalyzeOptions {
  /** The text to analyse (an open document's, else the file's). */
  readonly text: string;
  /** The text parsed already (the same text). */
  readonly document?: SqlDocument;
  /** The name the file is known by in messages and by lone-file rules (`*.down.sql`); default: the id. */
  readonly fileName?: string;
  /** The configuration (default: the project's). */
  readonly config?: Config;
  /** False: use the catalog at hand without applying the file's own DDL now (large documents in the editor). */
  readonly computeSchema?: boolean;
  /** The file will be analysed again after edits (an open document): keep per-statement work (lintDocument). */
  readonly incremental?: boolean;
  /** Where the time goes (`--timing`): the schema at the file, each rule. */
  readonly timing?: Timings;
  /**
   * Judge only the statements that end within the first `head` characters (an editor's first answer on a large
   * file, before the whole analysis): the schema checks are left out too (LintOptions.head says what else), so
   * what is found is found by the whole analysis as well.
   */
  readonly head?: number;
}

export function analyzeFile(project: Project | undefined, id: string, options: AnalyzeOptions): FileAnalysis {
  return finish(analyzeFileSteps(project, id, options));
}

/** analyzeFile, pausing every few statements (core/runtime/steps.ts): the language server's way with large files. */
export function* analyzeFileSteps(project: Project | undefined, id: string, options: AnalyzeOptions): Steps<FileAnalysis> {
  const config = options.config ?? project?.config ?? DEFAULT_CONFIG;
  const fileName = options.fileName ?? id;
  const document = options.document ?? (yield* parseDocumentSteps(options.text, id));
  const role = project ? project.roleOf(id, document) : loneFileRole(fileName, options.text);
  const sections = runSections(document, role, config);
  let schema: FileSchema | undefined;
  let schemaFailure: string | undefined;
  // Until the project's schema files have been applied once, the catalog lacks what they define: unknown names
  // would be noise (the host analyses again when the build ends).
  const schemaReady = project !== undefined && (project.catalogBuilt || project.schemaOrder().length === 0);
  if (project && schemaReady && options.head === undefined && schemaChecksApply(role.kind)) {
    try {
      const started = options.timing ? performance.now() : 0;
      schema = project.schemaFor(id, document, { compute: options.computeSchema !== false });
      options.timing?.addPart('schema at each file', performance.now() - started);
    } catch (e) {
      schemaFailure = e instanceof Error ? e.message : String(e);
    }
  }
  const path = project?.pathOf(id);
  const newMigration = project && path !== undefined && role.kind === 'migration' ? newMigrationFor(role.tool, path, () => project.ids().flatMap((i) => project.pathOf(i) ?? [])) : undefined;
  // One lint: syntax, the rules for this kind of file, and the schema rules against the catalog it runs on.
  const lint = yield* lintDocumentSteps(document, {
    config,
    fileName,
    run: { role, sections, ...(newMigration ? { newMigration } : {}) },
    categories: ruleCategoriesFor(role.kind),
    ...(options.incremental ? { incremental: true } : {}),
    ...(options.timing ? { timing: options.timing } : {}),
    ...(options.head !== undefined ? { head: options.head } : {}),
    ...(schema ? { schema: { lookup: schema.lookup, fresh: schema.fresh, ...(schema.workspace ? { workspace: schema.workspace } : {}), ...(schema.before ? { before: schema.before } : {}) } } : {}),
  });
  let findings: readonly Finding[] = lint.findings;
  // A migration other than the newest is history: schema-changing fixes go into a new migration first.
  if (project && newMigration && !isNewestMigration(project, id)) findings = historyFixes(findings, newMigration);
  const down = sections.filter((s) => s.direction === 'down');
  if (down.length > 0) findings = findings.filter((f) => f.ruleId === SYNTAX_ERROR_RULE_ID || !down.some((s) => f.range.start >= s.start && f.range.start < s.end));
  return { document, findings, ruleFailures: lint.ruleFailures, role, sections, ...(schema ? { schema } : {}), ...(schemaFailure ? { schemaFailure } : {}) };
}

/** The last migration the project runs (the one being written): its fixes edit it in place. */
function isNewestMigration(project: Project, id: string): boolean {
  const migrations = project.schemaOrder().filter((f) => project.layoutRole(f)?.kind === 'migration');
  return migrations[migrations.length - 1] === id;
}
