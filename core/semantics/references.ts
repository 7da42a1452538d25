/**
 * Find references and rename over a workspace's documents: the object under the cursor (or why it cannot be
 * renamed), every occurrence of an object in a document, and the checks a new name must pass. Each document is
 * read against its own SchemaLookup (a migration against the catalog around it, a query against the
 * workspace's), so an occurrence counts when it resolves to the same qualified name.
 *
 * Not followed (so neither found nor renamed): names inside strings (dynamic SQL in EXECUTE or format(),
 * regclass literals, single-quoted LANGUAGE sql bodies), PL/pgSQL declarations (`v orders%ROWTYPE`),
 * NATURAL joins, and the column names a view or CTE takes from a renamed column. `JOIN ... USING (col)` lists
 * are found, and refuse a rename (they name the column of both sides).
 */
import { quoteIdentifier } from '../catalog/names';
import { builtins } from '../knowledge/builtins';
import type { DocumentToken, SqlDocument } from '../parse/document';
import type { OffsetRange } from '../parse/positions';
import type { SchemaLookup } from './lookup';
import { tokenName } from './name-tokens';
import { statementOccurrences, symbolKey, type BodyQuoting, type Occurrence, type SchemaSymbol } from './occurrences';
import { resolveStatement } from './resolve';
import { statementParts, type StatementPart } from './routine-bodies';
import { statementSearchPaths } from './search-path';
import { MAX_IDENTIFIER_BYTES } from '../catalog/ddl/naming';

export interface ReferenceOptions {
  /** The search_path the document starts with (default: the lookup's). */
  readonly searchPath?: readonly string[];
  /** Statements longer than this (UTF-16 units) are skipped, as the other schema features skip them. */
  readonly maxStatementLength?: number;
}

const DEFAULT_MAX_STATEMENT = 100_000;
const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

export type SymbolAt =
  | { readonly symbol: SchemaSymbol; readonly range: OffsetRange; readonly alias: boolean }
  | { readonly refusal: string };

/**
 * Whether a text can mention the symbol at all (a cheap filter before parsing and resolving). A column is
 * only ever reached through its table's name (FROM, INSERT INTO, ALTER TABLE, REFERENCES, ...), so both must be there.
 */
export function mentions(text: string, symbol: SchemaSymbol): boolean {
  const lower = text.toLowerCase();
  const has = (name: string): boolean => {
    const n = name.toLowerCase();
    return lower.includes(n) || (n.includes('"') && lower.includes(n.replace(/"/g, '""')));
  };
  return has(symbol.name) && (symbol.kind !== 'column' || has(symbol.table));
}

/** `schema.name` / `schema.table.column` for messages. */
export function displaySymbol(symbol: SchemaSymbol): string {
  const q = quoteIdentifier;
  return symbol.kind === 'column' ? `${q(symbol.schema)}.${q(symbol.table)}.${q(symbol.name)}` : `${q(symbol.schema)}.${q(symbol.name)}`;
}

const KIND_NAMES: Readonly<Record<SchemaSymbol['kind'], string>> = { relation: 'table', column: 'column', function: 'function', type: 'type' };

export function kindName(symbol: SchemaSymbol, lookup?: SchemaLookup): string {
  if (symbol.kind !== 'relation' || !lookup) return KIND_NAMES[symbol.kind];
  const kind = lookup.relation({ schema: symbol.schema, name: symbol.name })?.kind ?? 'table';
  return kind.replace(/-/g, ' ');
}

/** Statements that get names resolved: parsed, and not too large to resolve on a request. */
function resolvable(statement: SqlDocument['statements'][number], maxLength: number): boolean {
  return statement.ast !== undefined && !statement.skipped && statement.end - statement.start <= maxLength;
}

/** Every occurrence of `symbol` in a document (aliases left out), in text order. */
export function findOccurrences(document: SqlDocument, lookup: SchemaLookup, symbol: SchemaSymbol, options: ReferenceOptions = {}): Occurrence[] {
  return [...occurrenceBatches(document, lookup, symbol, options)].flat();
}

/**
 * The same, one statement at a time (statements that cannot mention the name are not visited), so a caller
 * can yield between statements of a large file.
 */
export function* occurrenceBatches(document: SqlDocument, lookup: SchemaLookup, symbol: SchemaSymbol, options: ReferenceOptions = {}): Generator<readonly Occurrence[]> {
  if (!mentions(document.text, symbol)) return;
  const key = symbolKey(symbol);
  const max = options.maxStatementLength ?? DEFAULT_MAX_STATEMENT;
  const initial = options.searchPath ?? lookup.searchPath;
  const paths = statementSearchPaths(document, initial);
  for (const statement of document.statements) {
    if (!resolvable(statement, max) || !mentions(statement.text, symbol)) continue;
    const out: Occurrence[] = [];
    for (const part of statementParts(statement, paths[statement.index], initial, document.text)) {
      for (const o of partOccurrences(part, lookup)) if (!o.alias && symbolKey(o.symbol) === key) out.push(o);
    }
    yield out;
  }
}

function partOccurrences(part: StatementPart, lookup: SchemaLookup): Occurrence[] {
  const found = statementOccurrences(part.view, lookup, part.searchPath);
  if (part.shift === 0 && !part.body) return found;
  return found.map((o) => ({
    ...o,
    range: { start: o.range.start + part.shift, end: o.range.end + part.shift },
    ...(part.body ? { body: part.body } : {}),
  }));
}

const inside = (r: OffsetRange, offset: number): boolean => offset >= r.start && offset <= r.end;

/** The object whose name is at `offset`, or why there is none to find or rename; undefined outside statements. */
export function symbolAt(document: SqlDocument, offset: number, lookup: SchemaLookup, options: ReferenceOptions = {}): SymbolAt | undefined {
  const statement = document.statements.find((s) => offset >= s.start && offset <= s.end);
  if (!statement) return undefined;
  if (!statement.ast) return { refusal: 'The statement here does not parse: names in it cannot be resolved.' };
  if (!resolvable(statement, options.maxStatementLength ?? DEFAULT_MAX_STATEMENT)) return { refusal: 'The statement here is too large to resolve names in.' };
  const initial = options.searchPath ?? lookup.searchPath;
  const path = statementSearchPaths(document, initial)[statement.index];
  const bodies: OffsetRange[] = [];
  const parts = statementParts(statement, path, initial, document.text, bodies);
  // Inner statements (routine bodies) first: they are the most specific.
  for (const part of [...parts].reverse()) {
    const hit = partOccurrences(part, lookup).find((o) => inside(o.range, offset));
    if (hit) return { symbol: hit.symbol, range: hit.range, alias: hit.alias === true };
  }
  return { refusal: nothingAt(parts, bodies, offset, lookup) };
}

/** Why the token at `offset` is no schema object's name. */
function nothingAt(parts: readonly StatementPart[], bodies: readonly OffsetRange[], offset: number, lookup: SchemaLookup): string {
  for (const part of [...parts].reverse()) {
    const local = offset - part.shift;
    const tokens = part.view.tokens();
    const at = tokens.findIndex((t) => local >= t.start && local <= t.end && t.end > t.start);
    if (at < 0) continue;
    const token = tokens[at];
    if (/CONST$/.test(token.kind) && /^[$'eEbBxXuUnN]/.test(token.text)) {
      if (part.shift === 0 && !part.body && bodies.some((b) => local >= b.start && local <= b.end)) {
        return 'Only names in the SQL statements of a routine body can be renamed; this is not one (a PL/pgSQL variable, label, keyword or declaration).';
      }
      return 'Names inside string literals (dynamic SQL run by EXECUTE or format(), regclass literals) are not followed: they cannot be renamed safely. Edit them by hand.';
    }
    return nameProblem(part, tokens, at, lookup);
  }
  return 'There is no name here.';
}

function nameProblem(part: StatementPart, tokens: readonly DocumentToken[], at: number, lookup: SchemaLookup): string {
  const token = tokens[at];
  const name = tokenName(token);
  if (name === undefined) return 'There is no name here.';
  const qualifier = tokens[at - 1]?.text === '.' ? tokenName(tokens[at - 2]) : undefined;
  if (qualifier !== undefined && SYSTEM_SCHEMAS.has(qualifier)) return `"${name}" is a system object of PostgreSQL (${qualifier}): it cannot be renamed.`;
  if (tokens[at + 1]?.text === '.' && lookup.catalogs.some((c) => c.schema(name))) return `"${name}" is a schema: renaming schemas is not supported here (ALTER SCHEMA ... RENAME TO).`;
  const reserved = token.keyword ? builtins().keywords.get(name) : undefined;
  if (token.keyword && (!reserved || reserved.category === 'R' || reserved.category === 'T')) return `"${token.text}" is an SQL keyword, not a name.`;
  if (qualifier === undefined && tokens[at + 1]?.text === '(' && builtins().functions.has(name)) return `${name}() is a built-in function of PostgreSQL (pg_catalog): it cannot be renamed.`;
  if (qualifier === undefined && builtins().types.has(name)) return `"${name}" is a built-in type of PostgreSQL: it cannot be renamed.`;
  if (name.startsWith('pg_')) return `"${name}" is a system catalog of PostgreSQL: it cannot be renamed.`;
  const semantics = part.view.ast ? resolveStatement(part.view, lookup, part.searchPath) : undefined;
  if (semantics?.relations.some((r) => r.cte && r.nameRange.start === token.start)) return `"${name}" is a CTE (WITH query) of this statement, not a schema object: rename it by hand.`;
  const unresolved = semantics?.columns.find((c) => c.nameRange.start === token.start);
  if (unresolved?.ambiguity) return `"${name}" is ambiguous here (more than one table in scope has it): qualify it first.`;
  if (unresolved?.resolution.status === 'resolved') return `"${name}" is a column of a subquery, CTE or function result here, not of a table: rename it where it is defined.`;
  return `"${name}" is not a table, view, column, function or type defined by the workspace's SQL files.`;
}

/** Why a found object must not be renamed, if it must not. */
export function renameRefusal(target: Extract<SymbolAt, { symbol: SchemaSymbol }>, lookup: SchemaLookup): string | undefined {
  const { symbol } = target;
  if (target.alias) return `This is an alias of ${displaySymbol(symbol)}, local to its statement: rename the ${kindName(symbol, lookup)} at its name, or the alias by hand.`;
  if (SYSTEM_SCHEMAS.has(symbol.schema)) return `${displaySymbol(symbol)} is a system object of PostgreSQL: it cannot be renamed.`;
  const extension = objectExtension(symbol, lookup);
  if (extension) return `${displaySymbol(symbol)} belongs to extension ${extension}: renaming it would break the extension.`;
  if (symbol.kind === 'column') {
    // PostgreSQL renames a column in every partition and inheritance child at once; names written for those
    // tables are theirs, not this one's, so a rename here would leave them behind.
    const table = { schema: symbol.schema, name: symbol.table };
    const relation = lookup.relation(table);
    const linked = lookup.catalogs.some((c) => c.childrenOf(table).length > 0) || (relation && (relation.partitionOf || relation.inherits.length > 0));
    if (linked) return `${displaySymbol(symbol)} is shared with partitions or inheritance children (or inherited): renaming it here would leave their copies behind. Use ALTER TABLE ... RENAME COLUMN.`;
  }
  if (symbol.kind === 'function') {
    const overloads = lookup.functions({ schema: symbol.schema, name: symbol.name });
    if (overloads.length > 1) return `${displaySymbol(symbol)} has ${overloads.length} overloads: calls cannot be told apart without their argument types, so it cannot be renamed safely. Use ALTER FUNCTION ... RENAME for one of them.`;
  }
  return undefined;
}

/**
 * Why occurrences found for a rename cannot all be edited: a `JOIN ... USING (col)` names the column of both
 * joined tables at once. `where` says where it is (for the message).
 */
export function joinRefusal(symbol: SchemaSymbol, occurrences: readonly Occurrence[], where: (o: Occurrence) => string): string | undefined {
  const join = occurrences.find((o) => o.join);
  if (!join) return undefined;
  return `${displaySymbol(symbol)} is joined with USING (${symbol.name}) at ${where(join)}, which names that column of both joined tables: a rename cannot keep the join. Rewrite it with ON first.`;
}

function objectExtension(symbol: SchemaSymbol, lookup: SchemaLookup): string | undefined {
  const ref = { schema: symbol.schema, name: symbol.kind === 'column' ? symbol.table : symbol.name };
  if (symbol.kind === 'relation' || symbol.kind === 'column') return lookup.relation(ref)?.extension;
  if (symbol.kind === 'type') return lookup.type(ref)?.extension;
  return lookup.functions(ref).find((f) => f.extension)?.extension;
}

/**
 * The name the user typed: `"Quoted Name"` as PostgreSQL reads it, anything else taken as the exact name
 * (quoted in the SQL when it needs to be). Errors are messages for the user.
 */
export function parseNewName(input: string): { readonly name: string } | { readonly error: string } {
  const text = input.trim();
  if (text === '') return { error: 'The new name is empty.' };
  let name = text;
  if (text.startsWith('"')) {
    if (!/^"(?:[^"]|"")+"$/.test(text)) return { error: `${text} is not a quoted identifier.` };
    name = text.slice(1, -1).replace(/""/g, '"');
  } else if (text.includes('.')) {
    return { error: 'Renaming keeps an object in its schema: give the name without a schema (quote it to include a dot).' };
  }
  if (name.includes('\u0000')) return { error: 'A name cannot contain NUL.' };
  if (Buffer.byteLength(name, 'utf8') > MAX_IDENTIFIER_BYTES) return { error: `"${name}" is longer than ${MAX_IDENTIFIER_BYTES} bytes: PostgreSQL would truncate it.` };
  return { name };
}

/** Why `symbol` cannot take `name`: it is its name already, or another object of its namespace has it. */
export function renameConflict(symbol: SchemaSymbol, name: string, lookup: SchemaLookup): string | undefined {
  if (name === symbol.name) return `${displaySymbol(symbol)} is already named "${name}".`;
  const q = { schema: symbol.schema, name };
  for (const catalog of lookup.catalogs) {
    switch (symbol.kind) {
      case 'relation':
        if (catalog.relation(q) || catalog.index(q) || catalog.sequence(q) || catalog.type(q)) return `"${name}" already exists in schema ${quoteIdentifier(symbol.schema)}.`;
        break;
      case 'column':
        if (catalog.relation({ schema: symbol.schema, name: symbol.table })?.columns.some((c) => c.name === name)) return `${quoteIdentifier(symbol.table)} already has a column "${name}".`;
        break;
      case 'type':
        if (catalog.type(q) || catalog.relation(q)) return `A type or table "${name}" already exists in schema ${quoteIdentifier(symbol.schema)}.`;
        break;
      case 'function':
        if (catalog.functionsNamed(q).length > 0) return `A function "${name}" already exists in schema ${quoteIdentifier(symbol.schema)}: renaming would mix their calls.`;
        break;
    }
  }
  return undefined;
}

/** The text replacing a name: quoted when needed, with `'` doubled inside single-quoted routine bodies. */
export function renameText(name: string, body?: BodyQuoting): string {
  const quoted = quoteIdentifier(name);
  if (body === 'single') return quoted.replace(/'/g, "''");
  if (body === 'escape') return quoted.replace(/\\/g, '\\\\').replace(/'/g, "''");
  return quoted;
}
