/**
 * Find references, rename and workspace symbols over core/semantics/references: the object under the cursor is
 * resolved in its document, then every SQL file of the workspace (open documents' unsaved text in place of
 * the disk's) is searched for it, each against its own catalog. Files that cannot mention the name are skipped
 * before parsing; the search yields between files and stops when the request is cancelled.
 */
import {
  CreateFile,
  LSPErrorCodes,
  ResponseError,
  SymbolKind,
  TextDocumentEdit,
  type CancellationToken,
  type Location,
  type Position,
  type Range,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument, type SqlDocument } from '../core/parse/document';
import { LineIndex, type OffsetRange } from '../core/parse/positions';
import type { CatalogView } from '../core/catalog/catalog';
import { SchemaLookup } from '../core/semantics/lookup';
import type { Occurrence, SchemaSymbol } from '../core/semantics/occurrences';
import { displaySymbol, joinRefusal, mentions, occurrenceBatches, parseNewName, renameConflict, renameRefusal, renameText, symbolAt } from '../core/semantics/references';
import { renameStatements } from '../core/semantics/rename-statement';
import { workspaceSymbols as coreWorkspaceSymbols, type WorkspaceSymbolKind } from '../core/semantics/workspace-symbols';
import { inputProblem } from './input-guard';
import { normalizeUri, type WorkspaceIndex } from './workspace-index';
import { RESPONSE_LIMITS, type ResponseLimits } from './response-limits';

export interface ReferencesHost {
  readonly index: WorkspaceIndex;
  /** Open documents. */
  documents(): readonly TextDocument[];
  /** An open document parsed (the linted parse when it is current). */
  parsed(document: TextDocument): SqlDocument;
  /** Statements longer than this get no schema features. */
  readonly maxStatementLength: number;
  readonly limits: ResponseLimits;
}

export interface RenameOptions {
  /** The client applies CreateFile operations (a new migration). */
  readonly createFiles?: boolean;
  /** pgArchitect.rename.migrations = "edit": rewrite the migrations in place (history or not). */
  readonly editMigrations?: boolean;
}

/** The document a request is about, parsed, with the catalog it is read against. */
export interface RequestState {
  readonly document: TextDocument;
  readonly sql: SqlDocument;
  readonly lookup: SchemaLookup;
}

interface FileHits {
  readonly uri: string;
  /** The version of the open document searched (the text may change while a search yields): edits carry it. */
  readonly version: number | null;
  /** The text searched. */
  readonly text: string;
  readonly occurrences: readonly Occurrence[];
}

/** CREATE FUNCTION / PROCEDURE, made CREATE OR REPLACE. */
function orReplace(statement: string): string {
  return statement.replace(/^(\s*CREATE)\s+(?!OR\s+REPLACE\b)/i, '$1 OR REPLACE ');
}

/**
 * The routines migrations define whose string body names the renamed object: each as defined (the last definition of
 * a name wins) and with the new name, both as CREATE OR REPLACE.
 */
function redefinedRoutines(files: readonly FileHits[], newName: string): { original: string; renamed: string }[] {
  const byName = new Map<string, { original: string; renamed: string }>();
  for (const f of files) {
    const inBody = f.occurrences.filter((o) => o.body !== undefined);
    if (inBody.length === 0) continue;
    for (const st of parseDocument(f.text).statements) {
      const head = /^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+([^(]+)\(/i.exec(st.text);
      const hits = inBody.filter((o) => o.range.start >= st.start && o.range.end <= st.end).sort((a, b) => b.range.start - a.range.start);
      if (!head || hits.length === 0) continue;
      const original = f.text.slice(st.start, st.end).replace(/;?\s*$/, ';');
      let renamed = original;
      for (const o of hits) renamed = renamed.slice(0, o.range.start - st.start) + renameText(newName, o.body) + renamed.slice(o.range.end - st.start);
      byName.set(head[1].trim().toLowerCase(), { original: orReplace(original), renamed: orReplace(renamed) });
    }
  }
  return [...byName.values()];
}

/** Offset -> position in the text a file was searched in. */
function positions(file: FileHits): (offset: number) => Position {
  const lines = new LineIndex(file.text);
  return (offset) => lines.positionAt(offset);
}

/** A long search gives the event loop a turn this often. */
const YIELD_AFTER_MS = 20;

const failed = (message: string): ResponseError<void> => new ResponseError(LSPErrorCodes.RequestFailed, message);

const SYMBOL_KINDS: Readonly<Record<WorkspaceSymbolKind, SymbolKind>> = {
  table: SymbolKind.Class,
  'foreign-table': SymbolKind.Class,
  view: SymbolKind.Interface,
  'materialized-view': SymbolKind.Interface,
  function: SymbolKind.Function,
  procedure: SymbolKind.Method,
  type: SymbolKind.TypeParameter,
  sequence: SymbolKind.Number,
  index: SymbolKind.Key,
  schema: SymbolKind.Namespace,
};

export class WorkspaceReferences {
  constructor(private readonly host: ReferencesHost) {}

  async references(state: RequestState, position: Position, includeDeclaration: boolean, token: CancellationToken): Promise<Location[]> {
    const at = symbolAt(state.sql, state.document.offsetAt(position), state.lookup, this.options());
    if (!at || 'refusal' in at) return [];
    const files = await this.search(at.symbol, token);
    if (!files) return [];
    // Bounded: the first RESPONSE_LIMITS.references, by file and position, converted to positions.
    let budget = RESPONSE_LIMITS.references;
    let total = 0;
    const out: Location[] = [];
    for (const f of files) {
      const ranges = f.occurrences.filter((o) => includeDeclaration || !o.declaration).map((o) => o.range);
      total += ranges.length;
      if (budget > 0 && ranges.length > 0) {
        const taken = ranges.slice(0, budget);
        budget -= taken.length;
        out.push(...this.locations(f, taken));
      }
    }
    if (total > out.length) this.host.limits.cut('references', total, 'references');
    return out;
  }

  prepareRename(state: RequestState, position: Position): { range: Range; placeholder: string } | ResponseError<void> | null {
    const at = symbolAt(state.sql, state.document.offsetAt(position), state.lookup, this.options());
    if (!at) return null;
    if ('refusal' in at) return failed(at.refusal);
    const refusal = renameRefusal(at, state.lookup) ?? this.onlyInDatabase(at.symbol);
    if (refusal) return failed(refusal);
    return { range: { start: state.document.positionAt(at.range.start), end: state.document.positionAt(at.range.end) }, placeholder: at.symbol.name };
  }

  async rename(state: RequestState, position: Position, newName: string, token: CancellationToken, documentChanges: boolean, options: RenameOptions = {}): Promise<WorkspaceEdit | ResponseError<void> | null> {
    const at = symbolAt(state.sql, state.document.offsetAt(position), state.lookup, this.options());
    if (!at) return null;
    if ('refusal' in at) return failed(at.refusal);
    const refusal = renameRefusal(at, state.lookup) ?? this.onlyInDatabase(at.symbol);
    if (refusal) return failed(refusal);
    const parsed = parseNewName(newName);
    if ('error' in parsed) return failed(parsed.error);
    // Taken names: in the catalog this document sees and in the workspace's final catalogs.
    const conflict = renameConflict(at.symbol, parsed.name, new SchemaLookup([...state.lookup.catalogs, ...this.host.index.catalogs()]));
    if (conflict) return failed(conflict);
    const files = await this.search(at.symbol, token);
    if (!files) return null;
    // A rename is all or nothing: one too large to send is refused, never sent in part.
    const places = files.reduce((n, f) => n + f.occurrences.length, 0);
    if (places > RESPONSE_LIMITS.renameEdits) {
      return failed(`Renaming ${displaySymbol(at.symbol)} would change ${places.toLocaleString('en-US')} places, more than the ${RESPONSE_LIMITS.renameEdits.toLocaleString('en-US')} one rename may.`);
    }
    for (const f of files) {
      const position = positions(f);
      const blocked = joinRefusal(at.symbol, f.occurrences, (o) => `${f.uri}:${position(o.range.start).line + 1}`);
      if (blocked) return failed(blocked);
    }
    // Migrations are history: where the object comes from migrations, a new migration renames it, and only the
    // files that are not migrations (queries, views written for the app, ...) are edited.
    const history = options.editMigrations ? undefined : this.renameMigration(at.symbol, parsed.name, files, state.lookup);
    if (history && (!documentChanges || !options.createFiles)) {
      return failed(`${displaySymbol(at.symbol)} is defined by migrations that may already be applied: this editor cannot create the new migration that renames it. Write ALTER ... RENAME in a new migration, or set pgArchitect.rename.migrations to "edit" to rewrite the old files.`);
    }
    const edits = files
      .filter((f) => !history?.skipped.has(f.uri))
      .map((f) => {
        const position = positions(f);
        const textEdits: TextEdit[] = f.occurrences.map((o) => ({ range: { start: position(o.range.start), end: position(o.range.end) }, newText: renameText(parsed.name, o.body) }));
        return { uri: f.uri, version: f.version, edits: textEdits };
      });
    if (documentChanges) {
      const created = (history?.files ?? []).flatMap((f) => [
        CreateFile.create(f.uri, { overwrite: false, ignoreIfExists: false }),
        TextDocumentEdit.create({ uri: f.uri, version: null }, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.text }]),
      ]);
      return { documentChanges: [...edits.filter((e) => e.edits.length > 0).map((e) => TextDocumentEdit.create({ uri: e.uri, version: e.version }, e.edits)), ...created] };
    }
    return { changes: Object.fromEntries(edits.map((e) => [e.uri, e.edits])) };
  }

  /**
   * The rename as a new migration, when migrations mention the object: the migration files left as they are, and the
   * new files (next number, the tool's layout) with ALTER ... RENAME and its undo. Undefined when no migration
   * mentions it, only the newest one does (the migration being written), or the rename cannot be written as DDL or the folder's convention is unknown (then: edit in place).
   */
  private renameMigration(symbol: SchemaSymbol, newName: string, files: readonly FileHits[], lookup: SchemaLookup): { skipped: Set<string>; files: { uri: string; text: string }[] } | undefined {
    const migrations = files.map((f) => ({ f, migration: this.host.index.migrationOf(f.uri) })).filter((m): m is { f: FileHits; migration: NonNullable<typeof m.migration> } => m.migration !== undefined);
    // Only the newest migration mentions it: that is the migration being written, edited in place.
    if (migrations.length === 0 || (migrations.length === 1 && migrations[0].migration.latest)) return undefined;
    const statements = renameStatements(symbol, newName, lookup);
    // The folder of the migration that creates the object (else the last one mentioning it) gets the new migration.
    const home = migrations.find((m) => m.f.occurrences.some((o) => o.declaration)) ?? migrations[migrations.length - 1];
    // Routine bodies written as strings are not re-parsed by PostgreSQL when a name changes: the ones the migrations
    // define and that name the object are redefined with the new name (and back in the undo).
    const routines = redefinedRoutines(migrations.map((m) => m.f), newName);
    const up = statements ? [statements.up, ...routines.map((r) => r.renamed)].join('\n\n') : '';
    const down = statements ? [statements.down, ...routines.map((r) => r.original)].join('\n\n') : '';
    const created = statements && home.migration.newMigration?.({ name: statements.name, up, down, outsideTransaction: false });
    if (!created || created.length === 0) return undefined;
    return { skipped: new Set(migrations.map((m) => m.f.uri)), files: created.map((c) => ({ uri: new URL(c.path, home.f.uri).href, text: c.text })) };
  }

  /** Symbols of the workspace's catalogs matching `query`, located in the files that define them. */
  workspaceSymbols(query: string): SymbolInformation[] {
    const open = new Map(this.host.documents().map((d) => [normalizeUri(d.uri), d]));
    const lines = new Map<string, ((offset: number) => Position) | undefined>();
    const positionAt = (file: string): ((offset: number) => Position) | undefined => {
      if (lines.has(file)) return lines.get(file);
      const document = open.get(normalizeUri(file));
      const text = document ? undefined : this.host.index.text(file);
      const index = text === undefined ? undefined : new LineIndex(text);
      const convert = document ? (o: number): Position => document.positionAt(o) : index ? (o: number): Position => index.positionAt(o) : undefined;
      lines.set(file, convert);
      return convert;
    };
    return coreWorkspaceSymbols(this.host.index.catalogs(), query).flatMap((s) => {
      const at = positionAt(s.location.file);
      if (!at) return [];
      const uri = open.get(normalizeUri(s.location.file))?.uri ?? s.location.file;
      const symbol: SymbolInformation = {
        name: s.name,
        kind: SYMBOL_KINDS[s.kind],
        location: { uri, range: { start: at(s.location.range.start), end: at(s.location.range.end) } },
        ...(s.container ? { containerName: s.container } : {}),
      };
      return [symbol];
    });
  }

  private options(): { maxStatementLength: number } {
    return { maxStatementLength: this.host.maxStatementLength };
  }

  /** Objects only the connected database has are not the workspace's to rename: no file defines them. */
  private onlyInDatabase(symbol: SchemaSymbol): string | undefined {
    const database = this.host.index.databaseSnapshot?.catalog;
    if (!database || !defines(database, symbol) || this.host.index.catalogs().some((c) => defines(c, symbol))) return undefined;
    return `${displaySymbol(symbol)} comes from the connected database, not from the workspace's SQL files: it cannot be renamed here.`;
  }

  /** Every workspace file's occurrences of `symbol`; undefined when cancelled. */
  private async search(symbol: SchemaSymbol, token: CancellationToken): Promise<FileHits[] | undefined> {
    const open = new Map<string, TextDocument>();
    for (const d of this.host.documents()) open.set(normalizeUri(d.uri), d);
    const uris = new Set<string>([...this.host.index.files(), ...open.keys()]);
    const out: FileHits[] = [];
    let turn = Date.now();
    // Lets other requests, linting and a cancellation in between a long search.
    const pause = async (): Promise<boolean> => {
      if (Date.now() - turn > YIELD_AFTER_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        turn = Date.now();
      }
      return token.isCancellationRequested;
    };
    for (const key of uris) {
      if (await pause()) return undefined;
      const document = open.get(key);
      const version = document?.version ?? null;
      const text = document ? document.getText() : this.host.index.text(key);
      if (text === undefined || !mentions(text, symbol) || inputProblem(text)) continue;
      const sql = document ? this.host.parsed(document) : parseDocument(text, key);
      const lookup = document && version !== null ? this.host.index.documentSchema(document.uri, version, sql).lookup : this.host.index.fileSchema(key, sql);
      const occurrences: Occurrence[] = [];
      for (const batch of occurrenceBatches(sql, lookup, symbol, this.options())) {
        occurrences.push(...batch);
        if (await pause()) return undefined;
      }
      if (occurrences.length > 0) out.push({ uri: document?.uri ?? key, version: document ? version : null, text, occurrences });
    }
    return out.sort((a, b) => a.uri.localeCompare(b.uri));
  }

  private locations(file: FileHits, ranges: readonly OffsetRange[]): Location[] {
    const at = positions(file);
    return ranges.map((r) => ({ uri: file.uri, range: { start: at(r.start), end: at(r.end) } }));
  }
}

function defines(catalog: CatalogView, symbol: SchemaSymbol): boolean {
  const ref = { schema: symbol.schema, name: symbol.kind === 'column' ? symbol.table : symbol.name };
  if (symbol.kind === 'relation') return catalog.relation(ref) !== undefined;
  if (symbol.kind === 'column') return catalog.relation(ref)?.columns.some((c) => c.name === symbol.name) === true;
  if (symbol.kind === 'type') return catalog.type(ref) !== undefined;
  return catalog.functionsNamed(ref).length > 0;
}
