/**
 * The workspace's catalog, kept off the hot path: the SQL files of each workspace folder (pg-architect.json
 * include/exclude, migration order or the pgArchitect.schemaFiles setting), with open documents' unsaved text
 * in place of what is on disk, applied by core's WorkspaceCatalog. Changes are debounced and applied from the
 * first changed file on, one file per event-loop turn, so requests and linting never wait for a rebuild;
 * readers get the last finished catalog. A document's own catalog (the catalog it runs against plus its own
 * DDL) is computed on demand, in the background for large documents.
 */
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Catalog, type CatalogView } from '../core/catalog/catalog';
import type { DatabaseSnapshot } from '../core/catalog/database-snapshot';
import { applyDocument } from '../core/catalog/ddl/apply';
import { mergeCatalogs } from '../core/catalog/merge';
import { orderMigrations } from '../core/project/migration-order';
import { WorkspaceCatalog, type SchemaFile } from '../core/catalog/workspace-catalog';
import { asNode } from '../core/parse/ast';
import { parseDocument, type SqlDocument } from '../core/parse/document';
import { dynamicDdlNames, type WorkspaceContext } from '../core/semantics/cross-file-checks';
import { SchemaLookup } from '../core/semantics/lookup';
import type { ConfigStore } from './config-store';
import { filePath } from './config-store';
import { describeError, type Logger } from './guard';
import { inputProblem } from './input-guard';
import { discoverFiles, SQL_FILE } from '../core/project/discover';
import { readSourceFile } from '../core/project/source-file';

export const INDEX_DEBOUNCE_MS = 300;
/** Documents up to this size get their own catalog computed synchronously when asked. */
const SYNC_DOCUMENT_LENGTH = 200_000;
const MAX_FILES = 20_000;
/** Statements that change nothing in a catalog (SELECT INTO aside). */
const QUERY_ONLY: ReadonlySet<string> = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'ExplainStmt', 'TransactionStmt', 'VariableShowStmt', 'CopyStmt', 'LockStmt']);

export interface WorkspaceIndexHost {
  readonly logger: Logger;
  readonly configs: ConfigStore;
  readonly parserReady: Promise<void>;
  document(uri: string): TextDocument | undefined;
  /** The workspace catalog changed: schema-aware results of open documents may have changed. */
  catalogChanged(): void;
  /** A document's own catalog finished in the background. */
  documentCatalogReady(uri: string): void;
}

/** The catalog a document is analysed against. */
export interface DocumentSchema {
  readonly lookup: SchemaLookup;
  /** False when the document's own DDL in the lookup is from an older version of its text. */
  readonly fresh: boolean;
  /** Set for a schema file the last workspace build applied with this very text: the cross-file checks run on it. */
  readonly workspace?: WorkspaceContext;
}

/** Normalised file URI (the same spelling whatever the client sent). */
export function normalizeUri(uri: string): string {
  const path = filePath(uri);
  return path === undefined ? uri : pathToFileURL(path).href;
}

interface Published {
  readonly final: Catalog;
  readonly before: ReadonlyMap<string, Catalog>;
  /** The catalog after each file, with the text it was applied from. */
  readonly after: ReadonlyMap<string, { readonly text: string; readonly catalog: Catalog }>;
}

class FolderIndex {
  /** Included SQL files on disk: normalised URI -> text. */
  disk = new Map<string, string>();
  /** The ordered files of the last build. */
  order: string[] = [];
  readonly workspace = new WorkspaceCatalog();
  applied: SchemaFile[] = [];
  published: Published | undefined;
  /** Per file: the names DDL in its DO blocks and routine bodies touches (dynamicDdlNames), by text. */
  readonly dynamicDdl = new Map<string, { readonly text: string; readonly names: readonly string[] }>();
  /** Those names over every applied file, for one published build. */
  opaque: { readonly published: Published; readonly names: ReadonlySet<string> } | undefined;

  constructor(readonly root: string) {}
}

const MAY_HOLD_DYNAMIC_DDL = /\b(do|function|procedure)\b/i;

/** Names the folder's DO blocks and routine bodies run DDL on: the cross-file checks leave those tables alone. */
function opaqueNames(folder: FolderIndex, published: Published): ReadonlySet<string> {
  if (folder.opaque?.published === published) return folder.opaque.names;
  const names = new Set<string>();
  for (const f of folder.applied) {
    let hit = folder.dynamicDdl.get(f.path);
    if (!hit || hit.text !== f.text) {
      hit = { text: f.text, names: MAY_HOLD_DYNAMIC_DDL.test(f.text) ? dynamicDdlNames(parseDocument(f.text, f.path)) : [] };
      folder.dynamicDdl.set(f.path, hit);
    }
    for (const n of hit.names) names.add(n);
  }
  folder.opaque = { published, names };
  return names;
}

interface DocumentCatalog {
  readonly version: number;
  readonly base: Catalog;
  readonly catalog: Catalog;
}

const EMPTY = new Catalog('ddl');

export class WorkspaceIndex {
  private folders = new Map<string, FolderIndex>();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private building: Promise<void> | undefined;
  private firstBuild: Promise<void>;
  private resolveFirst!: () => void;
  private rescan = true;
  /** Re-read every file on the next scan (start, folders or configuration changed). */
  private rereadAll = true;
  private readonly documentCatalogs = new Map<string, DocumentCatalog>();
  private readonly pendingDocuments = new Map<string, { readonly version: number; readonly base: Catalog; readonly timer: NodeJS.Timeout }>();
  /** The connected database's catalog (sent by the client), and workspace catalogs merged with it. */
  private database: DatabaseSnapshot | undefined;
  private merged = new WeakMap<Catalog, Catalog>();

  constructor(private readonly host: WorkspaceIndexHost) {
    this.firstBuild = new Promise((resolve) => (this.resolveFirst = resolve));
  }

  /** Resolves once the first build after start (or after the folders changed) finished. */
  ready(): Promise<void> {
    return this.firstBuild;
  }

  /** Reads every workspace folder again (start, folder changes, pg-architect.json or settings changes). */
  reset(): void {
    const roots = this.host.configs.workspaceFolders;
    const next = new Map<string, FolderIndex>();
    for (const root of roots) next.set(root, this.folders.get(root) ?? new FolderIndex(root));
    this.folders = next;
    this.rescan = true;
    this.rereadAll = true;
    this.schedule(0);
  }

  /** A file on disk was created, changed or deleted (`created` / `deleted` change the file list). */
  fileChanged(uri: string, kind: 'created' | 'changed' | 'deleted' = 'changed'): void {
    const key = normalizeUri(uri);
    const folder = this.folderOf(key);
    const path = filePath(key);
    if (!folder || path === undefined) return;
    if (kind === 'changed' && !folder.disk.has(key) && !key.endsWith('/sqitch.plan')) return;
    const read = readSourceFile(path);
    const text = read.kind === 'text' ? read.text : undefined;
    if (text === undefined || inputProblem(text)) folder.disk.delete(key);
    else folder.disk.set(key, text);
    // New or deleted files (and sqitch plans, Liquibase / dbmate headers) can change the order.
    if (kind !== 'changed' || key.endsWith('/sqitch.plan')) this.rescan = true;
    this.schedule();
  }

  /** An open document's text changed (or it was opened or closed): its unsaved text counts. */
  documentChanged(uri: string): void {
    const key = normalizeUri(uri);
    const folder = this.folderOf(key);
    if (!folder || !folder.order.includes(key)) return;
    this.schedule();
  }

  documentClosed(uri: string): void {
    const key = normalizeUri(uri);
    this.documentCatalogs.delete(key);
    clearTimeout(this.pendingDocuments.get(key)?.timer);
    this.pendingDocuments.delete(key);
    this.documentChanged(uri);
  }

  /** The text of a file of the workspace: the open document's, else the one read from disk. */
  text(uri: string): string | undefined {
    const key = normalizeUri(uri);
    const open = this.host.document(uri) ?? this.host.document(key);
    if (open) return open.getText();
    const folder = this.folderOf(key);
    const known = folder?.disk.get(key);
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
    this.merged = new WeakMap();
    this.documentCatalogs.clear();
    this.host.catalogChanged();
  }

  get databaseSnapshot(): DatabaseSnapshot | undefined {
    return this.database;
  }

  /** A workspace catalog as documents see it: merged with the database's while one is connected (cached). */
  private withDatabase(workspace: Catalog): Catalog {
    const database = this.database;
    if (!database) return workspace;
    let merged = this.merged.get(workspace);
    if (!merged) {
      merged = mergeCatalogs(database.catalog, workspace);
      this.merged.set(workspace, merged);
    }
    return merged;
  }

  private lookupOf(catalogs: readonly Catalog[]): SchemaLookup {
    const database = this.database;
    return new SchemaLookup(catalogs, undefined, database ? { name: database.name, catalog: database.catalog } : undefined);
  }

  /** Every SQL file of the workspace folders the index read (included by configuration), for workspace-wide searches. */
  files(): string[] {
    const out: string[] = [];
    for (const folder of this.folders.values()) for (const uri of folder.disk.keys()) if (SQL_FILE.test(uri)) out.push(uri);
    return out;
  }

  /** The last finished catalog (DDL only) of every workspace folder. */
  catalogs(): CatalogView[] {
    return [...this.folders.values()].flatMap((f) => (f.published ? [f.published.final] : []));
  }

  /**
   * The catalog a file that is not open is read against (as documentSchema gives it), computed now and not
   * kept: its text on disk may change without a version to tell.
   */
  fileSchema(uri: string, document: SqlDocument): SchemaLookup {
    const key = normalizeUri(uri);
    const folder = this.folderFor(key);
    const base = this.withDatabase(folder?.published?.before.get(key) ?? folder?.published?.final ?? EMPTY);
    const built = folder?.published?.after.get(key);
    if (built && built.text === document.text) return this.lookupOf([this.withDatabase(built.catalog), base]);
    // A file of queries adds nothing to the catalog: no copy needed.
    if (document.statements.every((s) => !s.ast || (QUERY_ONLY.has(s.kind) && !asNode(s.ast, 'SelectStmt')?.intoClause))) return this.lookupOf([base]);
    const catalog = base.clone();
    try {
      applyDocument(catalog, document, key);
    } catch (e) {
      this.host.logger.error(`Applying ${key} to the catalog failed: ${describeError(e)}`);
      return this.lookupOf([base]);
    }
    return this.lookupOf([catalog, base]);
  }

  /** The last finished workspace catalog (DDL only) of the folder holding `uri` (the first folder's for other documents). */
  workspaceCatalog(uri: string): CatalogView {
    return this.folderFor(normalizeUri(uri))?.published?.final ?? EMPTY;
  }

  /**
   * The catalog a document is checked against: the catalog before it (a migration) or the whole workspace's
   * (anything else), merged with the connected database's, with the document's own DDL applied on top. Small documents get it computed now;
   * large ones get the last one computed and a background update.
   */
  documentSchema(uri: string, version: number, document: SqlDocument): DocumentSchema {
    const key = normalizeUri(uri);
    const folder = this.folderFor(key);
    const base = this.withDatabase(folder?.published?.before.get(key) ?? folder?.published?.final ?? EMPTY);
    // A schema file whose text is the one the workspace build applied: the build's own catalog after it.
    const built = folder?.published?.after.get(key);
    if (built && built.text === document.text && folder?.published) {
      const published = folder.published;
      const workspace: WorkspaceContext = { catalog: published.final, file: key, files: [...published.after.keys()], opaque: opaqueNames(folder, published) };
      return { lookup: this.lookupOf([this.withDatabase(built.catalog), base]), fresh: true, workspace };
    }
    const cached = this.documentCatalogs.get(key);
    const lookup = (c: DocumentCatalog): SchemaLookup => this.lookupOf(c.catalog === c.base ? [c.base] : [c.catalog, c.base]);
    if (cached && cached.version === version && cached.base === base) return { lookup: lookup(cached), fresh: true };
    if (document.text.length <= SYNC_DOCUMENT_LENGTH) {
      const computed = this.computeDocumentCatalog(key, version, base, document);
      return { lookup: lookup(computed), fresh: true };
    }
    this.scheduleDocument(uri, key, version, base, document);
    if (cached) return { lookup: this.lookupOf([cached.catalog, base]), fresh: false };
    return { lookup: this.lookupOf([base]), fresh: false };
  }

  private computeDocumentCatalog(key: string, version: number, base: Catalog, document: SqlDocument): DocumentCatalog {
    const catalog = base.clone();
    try {
      applyDocument(catalog, document, key);
    } catch (e) {
      this.host.logger.error(`Applying ${key} to the catalog failed: ${describeError(e)}`);
    }
    const entry = { version, base, catalog };
    this.documentCatalogs.set(key, entry);
    return entry;
  }

  private scheduleDocument(uri: string, key: string, version: number, base: Catalog, document: SqlDocument): void {
    const pending = this.pendingDocuments.get(key);
    // Already due for this version: requests in a burst must not keep pushing it back.
    if (pending && pending.version === version && pending.base === base) return;
    clearTimeout(pending?.timer);
    const timer = setTimeout(() => {
      this.pendingDocuments.delete(key);
      if (this.host.document(uri)?.version !== version) return;
      this.computeDocumentCatalog(key, version, base, document);
      this.host.documentCatalogReady(uri);
    }, INDEX_DEBOUNCE_MS);
    this.pendingDocuments.set(key, { version, base, timer });
  }

  private folderOf(uri: string): FolderIndex | undefined {
    const path = filePath(uri);
    if (path === undefined) return undefined;
    let best: FolderIndex | undefined;
    for (const folder of this.folders.values()) {
      const rel = relative(folder.root, path);
      if (rel === '' || rel.startsWith('..') || rel.startsWith(sep)) continue;
      if (!best || folder.root.length > best.root.length) best = folder;
    }
    return best;
  }

  /** The folder holding `uri`, else the first folder (an untitled query, a file outside the workspace). */
  private folderFor(uri: string): FolderIndex | undefined {
    return this.folderOf(uri) ?? this.folders.values().next().value;
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
    if (generation === this.generation) this.resolveFirst();
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
    for (const folder of this.folders.values()) {
      if (superseded()) return;
      if (rescan) await this.scan(folder, reread);
      if (superseded()) return;
      if (await this.apply(folder, generation)) changed = true;
      if (superseded()) return;
    }
    if (changed) this.host.catalogChanged();
  }

  /** Lists the folder's included SQL files (the project walk: links once, regular files only, bounded) and reads them. */
  private async scan(folder: FolderIndex, reread: boolean): Promise<void> {
    const discovery = discoverFiles(folder.root, { maxFiles: MAX_FILES });
    for (const n of discovery.notices) this.host.logger.warn(`Workspace ${folder.root}: ${n.message}`);
    const found = [...discovery.files, ...discovery.markers.filter((m) => m.path.endsWith('sqitch.plan'))].map((f) => f.absolute);
    const disk = new Map<string, string>();
    for (const path of found) {
      const uri = pathToFileURL(path).href;
      if (!path.endsWith('sqitch.plan') && !(await this.host.configs.forDocument(uri)).included) continue;
      // Files read before are kept up to date by fileChanged: read only new ones (unless told to re-read all).
      let text = reread ? undefined : folder.disk.get(uri);
      if (text === undefined) {
        const read = readSourceFile(path);
        if (read.kind !== 'text') continue;
        text = read.text;
      }
      if (inputProblem(text)) continue;
      disk.set(uri, text);
    }
    folder.disk = disk;
    const inputs = [...disk].map(([uri, text]) => ({ path: relative(folder.root, fileURLToPath(uri)).split(sep).join('/'), text }));
    const schemaFiles = await this.host.configs.schemaFiles(folder.root);
    const ordered = orderMigrations(inputs, { schemaFiles });
    let paths = ordered.files.map((f) => f.path);
    // No migration layout recognised: the folder's SQL files in path order are its schema.
    if (paths.length === 0 && schemaFiles.length === 0) paths = inputs.map((i) => i.path).filter((p) => !p.endsWith('sqitch.plan')).sort();
    folder.order = paths.map((p) => pathToFileURL(join(folder.root, ...p.split('/'))).href);
  }

  /** Applies the folder's files from the first changed one on; false when nothing changed. */
  private async apply(folder: FolderIndex, generation: number): Promise<boolean> {
    const files: SchemaFile[] = [];
    for (const uri of folder.order) {
      const open = this.host.document(uri);
      const text = open ? open.getText() : folder.disk.get(uri);
      if (text === undefined || (open && inputProblem(text))) continue;
      files.push({ path: uri, text });
    }
    let first = 0;
    while (first < files.length && first < folder.applied.length && files[first].path === folder.applied[first].path && files[first].text === folder.applied[first].text) first++;
    if (first === files.length && files.length === folder.applied.length && folder.published) return false;
    for (let i = first; i < files.length; i++) {
      if (generation !== this.generation) return false;
      try {
        folder.workspace.setFiles(files.slice(0, i + 1));
      } catch (e) {
        this.host.logger.error(`Applying ${files[i].path} to the workspace catalog failed: ${describeError(e)}`);
      }
      // Let requests and linting run between files.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    if (files.length < folder.applied.length || first === files.length) folder.workspace.setFiles(files);
    folder.applied = files;
    const before = new Map<string, Catalog>();
    const after = new Map<string, { text: string; catalog: Catalog }>();
    for (const f of files) {
      const b = folder.workspace.catalogBefore(f.path);
      if (b instanceof Catalog) before.set(f.path, b);
      const a = folder.workspace.catalogAfter(f.path);
      if (a instanceof Catalog) after.set(f.path, { text: f.text, catalog: a });
    }
    const final = folder.workspace.catalog;
    folder.published = { final: final instanceof Catalog ? final : EMPTY, before, after };
    const problems = folder.workspace.problems().length;
    this.host.logger.info(`Workspace catalog of ${folder.root}: ${files.length} schema file(s), ${final.relations().length} relation(s)${problems > 0 ? `, ${problems} statement(s) not applied` : ''}.`);
    return true;
  }
}
