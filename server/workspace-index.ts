/**
 * The workspace as the language server keeps it: one core Project per workspace folder (core/project), fed with
 * the folder's SQL files (the project walk), file-watcher events and open documents' unsaved text, and the
 * connected database's catalog. Catalog rebuilds are debounced and run one schema file per event-loop turn,
 * so requests and linting never wait for one; readers get the last finished build. Large documents get their
 * own catalog (the catalog before them plus their DDL) in the background.
 *
 * Only LSP-side concerns live here (URIs, timers, logging); what a file is, how it runs, the order and the
 * catalog are the project model's, the same the CLI uses.
 */
import { runInSlices, SLICE_MS } from './analysis-slices';
import { parseDocument } from '../core/parse/document';
import { newMigrationFor, numberedMigrationFor, type NewMigration } from '../core/project/next-migration';
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CatalogView } from '../core/catalog/catalog';
import type { DatabaseSnapshot } from '../core/catalog/database-snapshot';
import { DEFAULT_CONFIG, type Config } from '../core/config/config';
import { analyzeFile, analyzeFileSteps, type FileAnalysis } from '../core/project/analyze';
import type { Steps } from '../core/runtime/steps';
import { discoverFiles, SQL_FILE } from '../core/project/discover';
import { Project, type FileSchema } from '../core/project/project';
import { readSourceFile } from '../core/project/source-file';
import type { SqlDocument } from '../core/parse/document';
import type { SchemaLookup } from '../core/semantics/lookup';
import type { ConfigStore } from './config-store';
import { filePath } from './config-store';
import { describeError, type Logger } from './guard';
import { inputProblem } from './input-guard';

export const INDEX_DEBOUNCE_MS = 300;
/** Documents up to this size get their own catalog computed synchronously when asked. */
const SYNC_DOCUMENT_LENGTH = 200_000;
const MAX_FILES = 20_000;

export interface WorkspaceIndexHost {
  readonly logger: Logger;
  readonly configs: ConfigStore;
  readonly parserReady: Promise<void>;
  document(uri: string): TextDocument | undefined;
  /** The workspace catalog changed: schema-aware results of open documents may have changed. */
  catalogChanged(): void;
  /** A document's own catalog finished in the background. */
  documentCatalogReady(uri: string): void;
  /** A build finished (whether the catalog changed or not): the configuration or the files may have. */
  buildFinished?(): void;
}

/** The catalog a document is analysed against (core's FileSchema). */
export type DocumentSchema = FileSchema;

/** Normalised file URI (the same spelling whatever the client sent). */
export function normalizeUri(uri: string): string {
  const path = filePath(uri);
  return path === undefined ? uri : pathToFileURL(path).href;
}

export class WorkspaceIndex {
  private folders = new Map<string, Project>();
  /** A project for documents outside every folder (untitled queries, other files): no files of its own. */
  private loose: Project | undefined;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private building: Promise<void> | undefined;
  private firstBuild: Promise<void>;
  private resolveFirst!: () => void;
  private firstScan: Promise<void>;
  private resolveScan!: () => void;
  private rescan = true;
  /** Re-read every file on the next scan (start, folders or configuration changed). */
  private rereadAll = true;
  private readonly pendingDocuments = new Map<string, { readonly version: number; readonly timer: NodeJS.Timeout }>();
  private database: DatabaseSnapshot | undefined;

  constructor(private readonly host: WorkspaceIndexHost) {
    this.firstBuild = new Promise((resolve) => (this.resolveFirst = resolve));
    this.firstScan = new Promise((resolve) => (this.resolveScan = resolve));
  }

  /**
   * Resolves once the folders' files and settings are known (before their catalog is built): which project a
   * document belongs to, its migration tool and its role. An analysis before that would judge a migration as a
   * lone file, and the editor would show findings that vanish a moment later.
   */
  scanned(): Promise<void> {
    return this.firstScan;
  }

  /** Resolves once the first build after start (or after the folders changed) finished. */
  ready(): Promise<void> {
    return this.firstBuild;
  }

  /** Reads every workspace folder again (start, folder changes, pg-architect.json or settings changes). */
  reset(): void {
    const next = new Map<string, Project>();
    for (const root of this.host.configs.workspaceFolders) {
      const project = this.folders.get(root) ?? new Project(root, { config: DEFAULT_CONFIG });
      project.setDatabase(this.database);
      next.set(root, project);
    }
    this.folders = next;
    this.rescan = true;
    this.rereadAll = true;
    this.schedule(0);
  }

  /** A file on disk was created, changed or deleted. */
  fileChanged(uri: string, kind: 'created' | 'changed' | 'deleted' = 'changed'): void {
    const key = normalizeUri(uri);
    const project = this.projectOf(key);
    const path = filePath(key);
    if (!project || path === undefined) return;
    if (kind === 'changed' && !project.has(key)) return;
    if (kind === 'deleted') project.removeFile(key);
    else {
      const read = readSourceFile(path);
      const text = read.kind === 'text' && !inputProblem(read.text) ? read.text : undefined;
      // A new file still has to pass the configuration's include/exclude: the next scan decides.
      if (kind === 'created') this.rescan = true;
      else project.setFile(key, relativePath(project.root, path), text);
    }
    this.schedule();
  }

  /** An open document's text changed (or it was opened): its unsaved text counts. */
  documentChanged(uri: string): void {
    const key = normalizeUri(uri);
    const project = this.projectOf(key);
    if (!project?.has(key)) return;
    const open = this.host.document(uri);
    const text = open?.getText();
    project.setOverride(key, text !== undefined && !inputProblem(text) ? text : undefined);
    if (project.schemaOrder().includes(key)) this.schedule();
  }

  documentClosed(uri: string): void {
    const key = normalizeUri(uri);
    clearTimeout(this.pendingDocuments.get(key)?.timer);
    this.pendingDocuments.delete(key);
    const project = this.projectFor(key);
    project.forgetFileSchema(key);
    if (!project.has(key)) return;
    project.setOverride(key, undefined);
    if (project.schemaOrder().includes(key)) this.schedule();
  }

  /** The text of a file of the workspace: the open document's, else the one read from disk. */
  text(uri: string): string | undefined {
    const key = normalizeUri(uri);
    const open = this.host.document(uri) ?? this.host.document(key);
    if (open) return open.getText();
    const known = this.projectOf(key)?.text(key);
    if (known !== undefined) return known;
    const path = filePath(key);
    if (path === undefined) return undefined;
    const read = readSourceFile(path);
    return read.kind === 'text' ? read.text : undefined;
  }

  /**
   * The connected database's catalog, or undefined when none is connected. Documents are then checked against
   * the database's catalog merged with the workspace's (core/catalog/merge.ts), with their own DDL on top.
   */
  setDatabase(snapshot: DatabaseSnapshot | undefined): void {
    this.database = snapshot;
    for (const project of this.projects()) project.setDatabase(snapshot);
    this.host.catalogChanged();
  }

  get databaseSnapshot(): DatabaseSnapshot | undefined {
    return this.database;
  }

  /** Every SQL file of the workspace folders the index read (included by configuration), for workspace-wide searches. */
  files(): string[] {
    return [...this.folders.values()].flatMap((p) => p.ids().filter((id) => SQL_FILE.test(id)));
  }

  /** The last finished catalog (DDL only) of every workspace folder. */
  catalogs(): CatalogView[] {
    return [...this.folders.values()].filter((p) => p.catalogBuilt).map((p) => p.catalog);
  }

  /** The last finished workspace catalog (DDL only) of the folder holding `uri` (the first folder's for other documents). */
  workspaceCatalog(uri: string): CatalogView {
    return this.projectFor(normalizeUri(uri)).catalog;
  }

  /**
   * The one analysis of a document (core's analyzeFile) against the project holding it: large documents use
   * the catalog at hand and get their own computed in the background.
   */
  *analyze(uri: string, version: number, document: SqlDocument, config: Config, fileName: string, head?: number): Steps<FileAnalysis> {
    const key = normalizeUri(uri);
    const project = this.projectFor(key);
    const compute = document.text.length <= SYNC_DOCUMENT_LENGTH;
    const analysis = yield* analyzeFileSteps(project, key, { text: document.text, document, config, fileName, computeSchema: compute, incremental: true, ...(head !== undefined ? { head } : {}) });
    if (!compute && analysis.schema && !analysis.schema.fresh) this.scheduleDocument(uri, key, version, document);
    return analysis;
  }

  /** The analysis of a file that is not open, from its text on disk (workspace diagnostics): its catalog computed now. */
  analyzeOnDisk(uri: string, document: SqlDocument, config: Config, fileName: string): FileAnalysis {
    const key = normalizeUri(uri);
    return analyzeFile(this.projectFor(key), key, { text: document.text, document, config, fileName });
  }

  /** The catalog a document is checked against (hover, completion, definition, ...): as analyze() reads it. */
  documentSchema(uri: string, version: number, document: SqlDocument): DocumentSchema {
    const key = normalizeUri(uri);
    const project = this.projectFor(key);
    const compute = document.text.length <= SYNC_DOCUMENT_LENGTH;
    const schema = project.schemaFor(key, document, { compute });
    if (!schema.fresh) this.scheduleDocument(uri, key, version, document);
    return schema;
  }

  /** The catalog a file that is not open is read against, computed now. */
  fileSchema(uri: string, document: SqlDocument): SchemaLookup {
    const key = normalizeUri(uri);
    return this.projectFor(key).schemaFor(key, document).lookup;
  }

  private scheduleDocument(uri: string, key: string, version: number, document: SqlDocument): void {
    const pending = this.pendingDocuments.get(key);
    // Already due for this version: requests in a burst must not keep pushing it back.
    if (pending && pending.version === version) return;
    clearTimeout(pending?.timer);
    const timer = setTimeout(() => {
      this.pendingDocuments.delete(key);
      const stale = (): boolean => this.host.document(uri)?.version !== version;
      if (stale()) return;
      // In slices: a large document's own DDL takes seconds to apply, and requests are answered meanwhile.
      runInSlices(this.projectFor(key).schemaForSteps(key, document), stale).then(
        (schema) => {
          if (schema) this.host.documentCatalogReady(uri);
        },
        (e: unknown) => {
          this.host.logger.error(`Applying ${key} to the catalog failed: ${describeError(e)}`);
          this.host.documentCatalogReady(uri);
        },
      );
    }, INDEX_DEBOUNCE_MS);
    this.pendingDocuments.set(key, { version, timer });
  }

  /**
   * A file that is a migration of its project (its text is history once applied), with the way to write the migration
   * that follows the folder's last one (for a rename: numbered files of an unknown tool too); undefined otherwise.
   */
  migrationOf(uri: string): { readonly newMigration?: NewMigration; readonly latest: boolean } | undefined {
    const key = normalizeUri(uri);
    const project = this.projectOf(key);
    if (!project?.has(key)) return undefined;
    const role = project.layoutRole(key) ?? project.roleOf(key, parseDocument(project.text(key) ?? '', key));
    if (role.kind !== 'migration') return undefined;
    const path = project.pathOf(key);
    const paths = (): string[] => project.ids().flatMap((i) => project.pathOf(i) ?? []);
    const newMigration = path === undefined ? undefined : role.tool === undefined || role.tool === 'numbered' || role.tool === 'configured' ? numberedMigrationFor(path, paths) : newMigrationFor(role.tool, path, paths);
    // The last migration the project runs: the one being written, most likely not applied anywhere yet.
    const migrations = project.schemaOrder().filter((id) => project.layoutRole(id)?.kind === 'migration');
    const latest = migrations[migrations.length - 1] === key;
    return newMigration ? { newMigration, latest } : { latest };
  }

  /** Each workspace folder's project, for work over a whole project (the migrations applied: migration-proof.ts). */
  folderProjects(): { readonly root: string; readonly project: Project }[] {
    return [...this.folders].map(([root, project]) => ({ root, project }));
  }

  /** The project a request about `uri` means (else the first folder's), for whole-project views (the schema diagram). */
  projectAt(uri: string | undefined): Project | undefined {
    return (uri !== undefined ? this.projectOf(normalizeUri(uri)) : undefined) ?? this.folders.values().next().value;
  }

  private projects(): Project[] {
    return [...this.folders.values(), ...(this.loose ? [this.loose] : [])];
  }

  private projectOf(uri: string): Project | undefined {
    const path = filePath(uri);
    if (path === undefined) return undefined;
    let best: Project | undefined;
    for (const project of this.folders.values()) {
      const rel = relative(project.root, path);
      if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) continue;
      if (!best || project.root.length > best.root.length) best = project;
    }
    return best;
  }

  /** The project holding `uri`, else the first folder's (an untitled query, a file outside the workspace). */
  private projectFor(uri: string): Project {
    const found = this.projectOf(uri) ?? this.folders.values().next().value;
    if (found) return found;
    this.loose ??= new Project('', { config: DEFAULT_CONFIG });
    this.loose.setDatabase(this.database);
    return this.loose;
  }

  private schedule(delay = INDEX_DEBOUNCE_MS): void {
    clearTimeout(this.timer);
    this.generation++;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.build();
    }, delay);
  }

  private async build(): Promise<void> {
    // One build at a time; a newer generation makes a running one stop at its next file.
    const generation = this.generation;
    if (this.building) await this.building.catch(() => undefined);
    if (generation !== this.generation) return;
    const run = this.buildAll(generation);
    this.building = run;
    try {
      await run;
    } catch (e) {
      this.host.logger.error(`Building the workspace catalog failed: ${describeError(e)}`);
    } finally {
      if (this.building === run) this.building = undefined;
    }
    if (generation === this.generation) {
      this.resolveScan();
      this.resolveFirst();
    }
  }

  private async buildAll(generation: number): Promise<void> {
    await this.host.parserReady;
    const rescan = this.rescan;
    const reread = this.rereadAll;
    this.rescan = false;
    this.rereadAll = false;
    // A newer build takes over: it must still do what this one was asked to.
    const superseded = (): boolean => {
      if (generation === this.generation) return false;
      if (rescan) this.rescan = true;
      if (reread) this.rereadAll = true;
      return true;
    };
    let changed = false;
    for (const project of this.folders.values()) {
      if (superseded()) return;
      if (rescan) await this.scan(project, reread);
      if (superseded()) return;
    }
    this.resolveScan();
    for (const project of this.folders.values()) {
      if (await this.apply(project, generation)) changed = true;
      if (superseded()) return;
    }
    // A rescan can change what a file is (a new file, a setting) without changing the catalog, and documents
    // analysed while it ran (the analyzer waits for the scan only so long) saw the old project: analyse them again.
    if (changed || rescan) this.host.catalogChanged();
    this.host.buildFinished?.();
  }

  /** Lists the folder's included SQL files (the project walk: links once, regular files only, bounded) and reads them. */
  private async scan(project: Project, reread: boolean): Promise<void> {
    const folder = project.root;
    const settings = await this.host.configs.projectSettings(folder);
    project.setSettings(settings);
    const discovery = discoverFiles(folder, { maxFiles: MAX_FILES });
    for (const n of discovery.notices) this.host.logger.warn(`Workspace ${folder}: ${n.message}`);
    const files: { id: string; path: string; text: string | undefined }[] = [];
    for (const f of [...discovery.files, ...discovery.markers]) {
      const id = pathToFileURL(f.absolute).href;
      if (SQL_FILE.test(f.path) && !(await this.host.configs.forDocument(id)).included) continue;
      // Files read before are kept up to date by fileChanged: read only new ones (unless told to re-read all).
      let text = reread || !project.has(id) ? undefined : project.text(id);
      if (text === undefined) {
        const read = readSourceFile(f.absolute);
        text = read.kind === 'text' && !inputProblem(read.text) ? read.text : undefined;
      }
      files.push({ id, path: f.path, text });
    }
    project.replaceFiles(files);
    // Open documents' unsaved text wins over the disk's.
    for (const id of project.ids()) {
      const open = this.host.document(id);
      if (open) project.setOverride(id, inputProblem(open.getText()) ? undefined : open.getText());
    }
  }

  /**
   * Applies the folder's schema files from the first changed one on, a slice of time at a time (a file, or part of a
   * large one); false when nothing changed.
   */
  private async apply(project: Project, generation: number): Promise<boolean> {
    const steps = project.catalogSteps();
    let sliceStarted = performance.now();
    for (;;) {
      let step: IteratorResult<void, boolean>;
      try {
        step = steps.next();
      } catch (e) {
        this.host.logger.error(`Applying the schema of ${project.root} failed: ${describeError(e)}`);
        return false;
      }
      if (step.done) {
        if (step.value) {
          const problems = project.catalogProblems().length;
          this.host.logger.info(`Workspace catalog of ${project.root}: ${project.schemaOrder().length} schema file(s), ${project.catalog.relations().length} relation(s)${problems > 0 ? `, ${problems} statement(s) not applied` : ''}.`);
        }
        return step.value;
      }
      if (performance.now() - sliceStarted < SLICE_MS) continue;
      if (generation !== this.generation) return false;
      // Let requests and linting run between slices.
      await new Promise<void>((resolve) => setImmediate(resolve));
      sliceStarted = performance.now();
    }
  }
}

function relativePath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}
