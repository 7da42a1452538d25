/**
 * A project: the SQL files of one tree (a workspace folder, or the folder `pg-architect lint` is run on), what
 * each file is (classify.ts) and how its tool runs it (run.ts), the order its schema files apply in, and the
 * catalog after each of them. The language server and the CLI both hold one and ask the same questions of it,
 * so they see the same schema and give the same findings.
 *
 * Files are named by an id the host chooses (a URI in the editor, a path in the CLI) with a path relative to the
 * root for classification. Texts come from disk and, in the editor, from open documents (unsaved edits win).
 * The catalog is rebuilt from the first changed schema file on, one file per step, so a host can interleave
 * other work (catalogSteps); the last finished build is what readers get.
 */
import { Catalog, type CatalogView } from '../catalog/catalog';
import type { DatabaseSnapshot } from '../catalog/database-snapshot';
import { applyDocumentSteps } from '../catalog/ddl/apply';
import { finish, type Steps } from '../runtime/steps';
import { mergeCatalogs } from '../catalog/merge';
import { WorkspaceCatalog, type SchemaFile } from '../catalog/workspace-catalog';
import type { Config } from '../config/config';
import { asNode } from '../parse/ast';
import { parseDocument, type SqlDocument } from '../parse/document';
import { dynamicDdlNames, type WorkspaceContext } from '../semantics/cross-file-checks';
import { SchemaLookup } from '../semantics/lookup';
import { contentRole, rolesFromOrder, type FileRole } from './classify';
import { firstPerSchema, relationsMissingBefore, stillMissing, type MissingRelation, type PartialHistory } from './completeness';
import { orderMigrations, type MigrationInput } from './migration-order';
import { projectNotices, type ProjectNotice } from './notices';

export interface ProjectSettings {
  readonly config: Config;
  /** Ordered globs of the schema files, when detection is not wanted (the configuration or the editor's setting). */
  readonly schemaFiles?: readonly string[];
}

/** The catalog a file is analysed against. */
export interface FileSchema {
  readonly lookup: SchemaLookup;
  /** False when the file's own DDL in the lookup is from an older text of it. */
  readonly fresh: boolean;
  /** Set for a schema file the last build applied with this very text: the cross-file checks run on it. */
  readonly workspace?: WorkspaceContext;
  /** The schema as it was before this file ran (its migration order's earlier files): what a change changes from. */
  readonly before?: SchemaLookup;
}

interface ProjectFile {
  /** Relative to the root, `/`-separated. */
  readonly path: string;
  /** The text on disk (undefined: unreadable or not analysed). */
  disk: string | undefined;
}

interface Build {
  readonly final: Catalog;
  /** The text each schema file (id) was applied from. */
  readonly texts: ReadonlyMap<string, string>;
  readonly files: readonly string[];
}

const EMPTY = new Catalog('ddl');
const NO_PARTIAL: ReadonlyMap<string, PartialHistory> = new Map();
/** Statements that change nothing in a catalog (SELECT INTO aside). */
const QUERY_ONLY: ReadonlySet<string> = new Set(['SelectStmt', 'InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt', 'ExplainStmt', 'TransactionStmt', 'VariableShowStmt', 'CopyStmt', 'LockStmt']);
const MAY_HOLD_DYNAMIC_DDL = /\b(do|function|procedure)\b/i;

export class Project {
  private settings: ProjectSettings;
  private readonly files = new Map<string, ProjectFile>();
  private readonly overrides = new Map<string, string>();
  private readonly byPath = new Map<string, string>();
  /** Schema files in order (ids), recomputed when the file list or a file that decides the order changes. */
  private order: string[] | undefined;
  private roles: Map<string, FileRole> | undefined;
  private readonly workspace: WorkspaceCatalog;
  private applied: SchemaFile[] = [];
  private built: Build | undefined;
  private readonly dynamicDdl = new Map<string, { readonly text: string; readonly names: readonly string[] }>();
  private opaque: { readonly build: Build; readonly names: ReadonlySet<string> } | undefined;
  private partial: { readonly build: Build; readonly schemas: ReadonlyMap<string, PartialHistory> } | undefined;
  /** Per schema file, the tables it uses that neither an earlier file nor itself creates (completeness.ts). */
  private readonly missingByFile = new Map<string, readonly PartialHistory[]>();
  private database: DatabaseSnapshot | undefined;
  private merged = new WeakMap<Catalog, Catalog>();
  private readonly fileCatalogs = new Map<string, { readonly text: string; readonly base: Catalog; readonly catalog: Catalog }>();
  /** Counts catalog builds, for hosts that cache what they derive from one. */
  generation = 0;

  /** `oneRead`: each file's catalog is read once, in order (the CLI): see WorkspaceCatalog's everyState. */
  constructor(
    readonly root: string,
    settings: ProjectSettings,
    options: { readonly oneRead?: boolean } = {},
  ) {
    this.settings = settings;
    this.workspace = new WorkspaceCatalog({}, options.oneRead === true);
  }

  get config(): Config {
    return this.settings.config;
  }

  /** New configuration or schemaFiles: roles and order are recomputed. */
  setSettings(settings: ProjectSettings): void {
    this.settings = settings;
    this.invalidateOrder();
  }

  // ---- inputs -------------------------------------------------------------------------------------------

  /** Adds or updates a file read from disk (text undefined: it could not be read). */
  setFile(id: string, path: string, text: string | undefined): void {
    const known = this.files.get(id);
    if (known && known.disk === text) return;
    const decidesOrder = !known || decidesOrderOf(path, known.disk, text);
    if (known) known.disk = text;
    else {
      this.files.set(id, { path, disk: text });
      this.byPath.set(path, id);
    }
    if (decidesOrder) this.invalidateOrder();
  }

  removeFile(id: string): void {
    const known = this.files.get(id);
    if (!known) return;
    this.files.delete(id);
    this.byPath.delete(known.path);
    this.fileCatalogs.delete(id);
    this.invalidateOrder();
  }

  /** Replaces every file (a fresh scan): unchanged texts keep their catalog snapshots. */
  replaceFiles(files: readonly { readonly id: string; readonly path: string; readonly text: string | undefined }[]): void {
    const next = new Set(files.map((f) => f.id));
    for (const id of [...this.files.keys()]) if (!next.has(id)) this.removeFile(id);
    for (const f of files) this.setFile(f.id, f.path, f.text);
  }

  /** An open document's text (undefined: closed); it wins over the disk's. */
  setOverride(id: string, text: string | undefined): void {
    const before = this.overrides.get(id);
    if (before === text) return;
    if (text === undefined) this.overrides.delete(id);
    else this.overrides.set(id, text);
    const file = this.files.get(id);
    if (file && decidesOrderOf(file.path, before ?? file.disk, text ?? file.disk)) this.invalidateOrder();
  }

  /** The connected database's catalog: documents then see it merged with the project's (undefined: none). */
  setDatabase(snapshot: DatabaseSnapshot | undefined): void {
    this.database = snapshot;
    this.merged = new WeakMap();
    this.fileCatalogs.clear();
  }

  get databaseSnapshot(): DatabaseSnapshot | undefined {
    return this.database;
  }

  // ---- what the project holds ---------------------------------------------------------------------------

  has(id: string): boolean {
    return this.files.has(id);
  }

  ids(): string[] {
    return [...this.files.keys()];
  }

  /** The file's path relative to the root, if the project holds it. */
  pathOf(id: string): string | undefined {
    return this.files.get(id)?.path;
  }

  idOfPath(path: string): string | undefined {
    return this.byPath.get(path);
  }

  /** The text the analysis uses: the open document's, else the disk's. */
  text(id: string): string | undefined {
    return this.overrides.get(id) ?? this.files.get(id)?.disk;
  }

  /** Schema files in the order they apply (ids). */
  schemaOrder(): readonly string[] {
    this.ensureOrder();
    return this.order!;
  }

  /** What a file is, when the migration layout says so without reading the file (undefined: ask roleOf). */
  layoutRole(id: string): FileRole | undefined {
    this.ensureOrder();
    return this.roles!.get(id);
  }

  /** What the user should know about how the project was read (several tools, unknown tools, partial history). */
  notices(): ProjectNotice[] {
    return projectNotices({
      schemaFiles: this.schemaOrder().map((id) => ({ path: this.pathOf(id) ?? id, role: this.layoutRole(id) })),
      partial: this.partialHistories(),
      pathOf: (id) => this.pathOf(id) ?? id,
    });
  }

  /** What a file is; a file the project does not hold is judged by its name and content alone. */
  roleOf(id: string, document: SqlDocument): FileRole {
    this.ensureOrder();
    return this.roles!.get(id) ?? contentRole(this.pathOf(id) ?? id, document);
  }

  private invalidateOrder(): void {
    this.order = undefined;
    this.roles = undefined;
  }

  private ensureOrder(): void {
    if (this.order) return;
    const inputs: MigrationInput[] = [];
    for (const [id, f] of this.files) {
      const text = this.overrides.get(id) ?? f.disk;
      if (text !== undefined || !f.path.endsWith('.sql')) inputs.push({ path: f.path, text });
    }
    const ordered = orderMigrations(inputs, this.settings.schemaFiles && this.settings.schemaFiles.length > 0 ? { schemaFiles: this.settings.schemaFiles } : {});
    const byRelative = rolesFromOrder(ordered);
    let paths = ordered.files.map((f) => f.path);
    // No migration layout: the tree's SQL files in path order are its schema (a folder of scripts).
    if (paths.length === 0 && !(this.settings.schemaFiles && this.settings.schemaFiles.length > 0)) {
      paths = inputs.map((i) => i.path).filter((p) => /\.(sql|psql|pgsql)$/i.test(p)).sort();
    }
    this.order = paths.map((p) => this.byPath.get(p)).filter((id): id is string => id !== undefined);
    this.roles = new Map();
    for (const [path, role] of byRelative) {
      const id = this.byPath.get(path);
      if (id !== undefined) this.roles.set(id, role);
    }
  }

  // ---- the catalog --------------------------------------------------------------------------------------

  /** True when the last build is not of the current texts and order. */
  catalogOutdated(): boolean {
    const files = this.schemaFiles();
    return !this.built || files.length !== this.applied.length || files.some((f, i) => f.path !== this.applied[i].path || f.text !== this.applied[i].text);
  }

  /**
   * Rebuilds the catalog from the first changed schema file on, yielding after each file, so a host can stop
   * (a newer change) or let other work run in between. Readers see the previous build until this one ends.
   */
  *catalogSteps(): Generator<void, boolean> {
    const files = this.schemaFiles();
    let first = 0;
    while (first < files.length && first < this.applied.length && files[first].path === this.applied[first].path && files[first].text === this.applied[first].text) first++;
    if (first === files.length && files.length === this.applied.length && this.built) return false;
    // The evidence of a partial history is gathered as each file is applied, from the catalog around it.
    yield* this.workspace.applySteps(files, {
      before: (_file, document, catalog) => relationsMissingBefore(document, catalog),
      after: (file, _document, catalog, candidates: MissingRelation[]) => this.missingByFile.set(file.path, stillMissing(file.path, candidates, catalog)),
    });
    this.applied = files;
    this.built = { final: this.workspace.catalog, texts: new Map(files.map((f) => [f.path, f.text])), files: files.map((f) => f.path) };
    this.fileCatalogs.clear();
    this.generation++;
    return true;
  }

  /** Brings the catalog up to date in one go (the CLI). */
  buildCatalog(): boolean {
    const steps = this.catalogSteps();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** Whether a build finished since the project was made. */
  get catalogBuilt(): boolean {
    return this.built !== undefined;
  }

  /** The last finished catalog (DDL only, without the database's). */
  get catalog(): CatalogView {
    return this.built?.final ?? EMPTY;
  }

  /**
   * The last build's schema files in order, each with the catalog before and after it (DDL only): the schema
   * diagram's history and its points to compare. Walking in order costs one file's application per step.
   */
  *schemaSteps(): Generator<{ readonly file: string; readonly text: string; readonly before: CatalogView; readonly after: CatalogView }> {
    const built = this.built;
    if (!built) return;
    for (const file of built.files) {
      const text = built.texts.get(file);
      const before = this.workspace.catalogBefore(file);
      const after = this.workspace.catalogAfter(file);
      if (text !== undefined && before && after) yield { file, text, before, after };
    }
  }

  /** The catalog right after a schema file of the last build (DDL only). */
  catalogAfter(id: string): CatalogView | undefined {
    return this.built ? this.workspace.catalogAfter(id) : undefined;
  }

  /** Problems applying the schema files (a statement the catalog could not apply), per file id. */
  catalogProblems(): ReturnType<WorkspaceCatalog['problems']> {
    return this.workspace.problems();
  }

  private schemaFiles(): SchemaFile[] {
    const out: SchemaFile[] = [];
    for (const id of this.schemaOrder()) {
      const text = this.text(id);
      if (text !== undefined) out.push({ path: id, text });
    }
    return out;
  }

  /** A catalog as documents see it: merged with the connected database's (cached). */
  private withDatabase(catalog: Catalog): Catalog {
    const database = this.database;
    if (!database) return catalog;
    let merged = this.merged.get(catalog);
    if (!merged) {
      merged = mergeCatalogs(database.catalog, catalog);
      this.merged.set(catalog, merged);
    }
    return merged;
  }

  private lookupOf(catalogs: readonly Catalog[]): SchemaLookup {
    const database = this.database;
    // With a database connected, its catalog is complete: the partial history of the files no longer matters.
    const partial = database ? undefined : new Set(this.partialHistories().keys());
    return new SchemaLookup(catalogs, undefined, database ? { name: database.name, catalog: database.catalog } : undefined, partial);
  }

  /**
   * Schemas whose history this project holds only in part: migrations use tables of them that no file creates
   * (a trimmed history, a platform's schema). Unknown names there are not reported.
   */
  partialHistories(): ReadonlyMap<string, PartialHistory> {
    const build = this.built;
    if (!build) return NO_PARTIAL;
    if (this.partial?.build !== build) this.partial = { build, schemas: firstPerSchema(this.applied.map((f) => this.missingByFile.get(f.path) ?? [])) };
    return this.partial.schemas;
  }

  /**
   * The catalog a file is checked against: the catalog before it (a schema file) or after the last schema file
   * (anything else), merged with the database's, with the file's own DDL on top. `compute: false` returns what is
   * at hand without applying the document (fresh: false when that is older than its text): for large documents a
   * host computes later, off the keystroke.
   */
  schemaFor(id: string, document: SqlDocument, options: { readonly compute?: boolean } = {}): FileSchema {
    return finish(this.schemaForSteps(id, document, options));
  }

  /** schemaFor, pausing every few statements while it applies the file's own DDL (a large document in the editor). */
  *schemaForSteps(id: string, document: SqlDocument, options: { readonly compute?: boolean } = {}): Steps<FileSchema> {
    const built = this.built;
    const applied = built?.texts.get(id);
    const base = this.withDatabase((applied !== undefined ? this.workspace.catalogBefore(id) : undefined) ?? built?.final ?? EMPTY);
    if (built && applied === document.text) {
      const after = this.workspace.catalogAfter(id) ?? built.final;
      const workspace: WorkspaceContext = { catalog: built.final, file: id, files: built.files, opaque: this.opaqueNames(built) };
      return { lookup: this.lookupOf([this.withDatabase(after), base]), fresh: true, workspace, before: this.lookupOf([base]) };
    }
    // A file of queries adds nothing to the catalog: no copy needed.
    if (document.statements.every((s) => !s.ast || (QUERY_ONLY.has(s.kind) && !asNode(s.ast, 'SelectStmt')?.intoClause))) return { lookup: this.lookupOf([base]), fresh: true };
    const cached = this.fileCatalogs.get(id);
    if (cached && cached.text === document.text && cached.base === base) return { lookup: this.lookupOf([cached.catalog, base]), fresh: true, before: this.lookupOf([base]) };
    if (options.compute === false) {
      return cached && cached.base === base ? { lookup: this.lookupOf([cached.catalog, base]), fresh: false } : { lookup: this.lookupOf([base]), fresh: false };
    }
    const catalog = base.clone();
    yield* applyDocumentSteps(catalog, document, id);
    this.fileCatalogs.set(id, { text: document.text, base, catalog });
    return { lookup: this.lookupOf([catalog, base]), fresh: true, before: this.lookupOf([base]) };
  }

  /** Forgets what was computed for a file's own DDL (its document closed). */
  forgetFileSchema(id: string): void {
    this.fileCatalogs.delete(id);
  }

  /** Names the project's DO blocks and routine bodies run DDL on: the cross-file checks leave those alone. */
  private opaqueNames(build: Build): ReadonlySet<string> {
    if (this.opaque?.build === build) return this.opaque.names;
    const names = new Set<string>();
    for (const f of this.applied) {
      let hit = this.dynamicDdl.get(f.path);
      if (!hit || hit.text !== f.text) {
        hit = { text: f.text, names: MAY_HOLD_DYNAMIC_DDL.test(f.text) ? dynamicDdlNames(parseDocument(f.text, f.path)) : [] };
        this.dynamicDdl.set(f.path, hit);
      }
      for (const n of hit.names) names.add(n);
    }
    this.opaque = { build, names };
    return names;
  }
}

/** Whether a change of this file's text can change the order or the tools (plans, markers, headers). */
function decidesOrderOf(path: string, before: string | undefined, after: string | undefined): boolean {
  if (!/\.(sql|psql|pgsql)$/i.test(path)) return true; // sqitch.plan, atlas.sum, ...
  if ((before === undefined) !== (after === undefined)) return true;
  return headerOf(before) !== headerOf(after);
}

/** The markers that decide a file's tool live in its comments; a change elsewhere keeps the order. */
function headerOf(text: string | undefined): string {
  if (text === undefined) return '';
  const markers = text.match(/^\s*--\s*(\+goose\s+\w+|migrate:\w+.*|liquibase\s+formatted\s+sql|up\s+migration|down\s+migration)\s*$/gim) ?? [];
  return `${markers.join('\n')}\n${/\bauth\.(uid|users|jwt|role)\b/.test(text)}`;
}
