/**
 * unknown-function: a call to a function no schema the workspace describes has, that is no built-in and that
 * no extension the workspace creates provides. Only the name is judged (overloads make argument checks a
 * job for the server). Conservative by construction: nothing is reported when the workspace creates an
 * extension whose functions are not known, for schemas the workspace does not define, for system schemas,
 * for `pg_*` names, or for names that are types (`int8(x)` is a cast) or that the file itself creates.
 */
import type { FuncCall } from '@pgsql/types';
import type { CatalogView } from '../catalog/catalog';
import { effectiveSearchPath, quoteIdentifier } from '../catalog/names';
import { builtinTypeName } from '../catalog/types';
import { builtinFunctionNames, extensionFunctionNames, extensionsProviding, isBuiltinFunctionName } from '../knowledge/function-names';
import type { Finding } from '../lint';
import { asNode, stringValues } from '../parse/ast';
import { VisitIndex } from '../parse/visit-index';
import type { SqlDocument, Statement } from '../parse/document';
import type { Severity } from '../rules/types';
import { UNKNOWN_FUNCTION_ID } from './check-ids';
import { closestName, NameSuggester } from './did-you-mean';
import type { SchemaLookup } from './lookup';
import { namePartRanges } from './ranges';
import { finish, STATEMENTS_PER_LIGHT_STEP, type Steps } from '../runtime/steps';

/** Schemas PostgreSQL fills itself: their functions are the built-ins or not the workspace's to describe. */
const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

/** Statements whose calls are not run when the statement runs (bodies are strings PostgreSQL checks later, if ever). */
const SKIPPED_STATEMENTS: ReadonlySet<string> = new Set(['CreateFunctionStmt', 'DoStmt', 'CommentStmt']);

/** What the file itself says about functions: names it creates, and whether it may create some we cannot see. */
export interface DocumentFunctions {
  readonly created: ReadonlySet<string>;
  /** A DO block or dynamic SQL in the file mentions CREATE FUNCTION: its functions are not known. */
  readonly opaque: boolean;
}

const CREATES_ROUTINE = /\bcreate\s+(or\s+replace\s+)?(function|procedure|aggregate)\b/gi;

export function documentFunctions(document: SqlDocument): DocumentFunctions {
  return finish(documentFunctionsSteps(document));
}

/** documentFunctions, pausing every few statements (a large file in the editor). */
export function* documentFunctionsSteps(document: SqlDocument): Steps<DocumentFunctions> {
  const created = new Set<string>();
  let opaque = false;
  for (const statement of document.statements) {
    if (statement.index % STATEMENTS_PER_LIGHT_STEP === STATEMENTS_PER_LIGHT_STEP - 1) yield;
    for (const ast of statement.asts) {
      const fn = asNode(ast, 'CreateFunctionStmt');
      if (fn) {
        const name = stringValues(fn.funcname).pop();
        if (name) created.add(name);
      }
      const define = asNode(ast, 'DefineStmt');
      if (define?.kind === 'OBJECT_AGGREGATE') {
        const name = stringValues(define.defnames).pop();
        if (name) created.add(name);
      }
      // Types and tables it creates (a call with their name is a cast or a constructor), even if dropped later.
      const typeName =
        stringValues(asNode(ast, 'CreateEnumStmt')?.typeName).pop() ??
        stringValues(asNode(ast, 'CreateRangeStmt')?.typeName).pop() ??
        stringValues(asNode(ast, 'CreateDomainStmt')?.domainname).pop() ??
        asNode(ast, 'CompositeTypeStmt')?.typevar?.relname ??
        asNode(ast, 'CreateStmt')?.relation?.relname ??
        (define?.kind === 'OBJECT_TYPE' ? stringValues(define.defnames).pop() : undefined);
      if (typeName) created.add(typeName);
      if (typeName && asNode(ast, 'CreateRangeStmt')) created.add(defaultMultirangeName(typeName));
      // A range type's multirange (and its constructor) may be named explicitly.
      for (const p of asNode(ast, 'CreateRangeStmt')?.params ?? []) {
        const param = asNode(p, 'DefElem');
        if (param?.defname !== 'multirange_type_name') continue;
        const name = stringValues(asNode(param.arg, 'TypeName')?.names ?? asNode(param.arg, 'List')?.items).pop() ?? stringValues(param.arg ? [param.arg] : []).pop();
        if (name) created.add(name);
      }
      // A DO block, or a routine whose body runs CREATE FUNCTION (EXECUTE), creates functions no catalog shows.
      // (Only their text is searched: every statement's took ~1 ms a lint on a 500 KB dump.)
      const routine = fn !== undefined || asNode(ast, 'DoStmt') !== undefined;
      const mentions = routine ? (statement.text.match(CREATES_ROUTINE)?.length ?? 0) : 0;
      if ((!fn && mentions > 0) || (fn && mentions > 1)) opaque = true;
    }
  }
  return { created, opaque };
}

/** What one catalog says about function names (computed once per catalog state). */
interface CatalogFunctions {
  /** Function names of the extensions the catalog creates that the data knows. */
  readonly extensionNames: ReadonlySet<string>;
  /** Schemas of extensions whose functions are not known: nothing in them can be judged. */
  readonly unknownExtensionSchemas: ReadonlySet<string>;
  /** Schemas the workspace's DDL puts tables or functions in. */
  readonly definedSchemas: ReadonlySet<string>;
  /** Every function name, in any schema, and every `schema.name`. */
  readonly names: ReadonlySet<string>;
  readonly qualifiedNames: ReadonlySet<string>;
  /** Every type or relation name (a call with one is a cast or a row constructor), range types' multiranges included. */
  readonly typeNames: ReadonlySet<string>;
  /** Every column name: `name(row)` with one argument may be a column in functional notation. */
  readonly columnNames: ReadonlySet<string>;
}

/** The multirange type (and constructor) PostgreSQL names for a range type when none is given (makeMultirangeTypeName). */
function defaultMultirangeName(range: string): string {
  const at = range.indexOf('range');
  return at >= 0 ? `${range.slice(0, at)}multirange${range.slice(at + 'range'.length)}` : `${range}_multirange`;
}

/** Names in any of a lookup's catalogs, read through their own sets (a file's lookup holds the states before and after it). */
interface Names extends Iterable<string> {
  has(name: string): boolean;
}

function namesIn(sets: readonly ReadonlySet<string>[]): Names {
  if (sets.length === 1) return sets[0];
  return {
    has: (name) => sets.some((s) => s.has(name)),
    [Symbol.iterator]: () => new Set(sets.flatMap((s) => [...s]))[Symbol.iterator](),
  };
}

interface FunctionTrust {
  readonly extensionNames: Names;
  readonly names: Names;
  readonly qualifiedNames: Names;
  readonly typeNames: Names;
  readonly columnNames: Names;
  /** Unqualified names can be judged: the path holds a schema the workspace defines and no unknown extension is created. */
  readonly unqualified: boolean;
  /** Schemas whose qualified names can be judged. */
  readonly schemas: ReadonlySet<string>;
}

const summaries = new WeakMap<CatalogView, CatalogFunctions>();

function catalogFunctions(catalog: CatalogView): CatalogFunctions {
  const hit = summaries.get(catalog);
  if (hit) return hit;
  const extensionNames = new Set<string>();
  const unknownExtensionSchemas = new Set<string>();
  for (const e of catalog.extensions()) {
    if (e.name === 'plpgsql') continue;
    const names = extensionFunctionNames(e.name);
    if (names) for (const n of names) extensionNames.add(n);
    else unknownExtensionSchemas.add(e.schema);
  }
  const definedSchemas = new Set<string>();
  const typeNames = new Set<string>();
  const columnNames = new Set<string>();
  for (const r of catalog.relations()) {
    if (!r.extension) definedSchemas.add(r.schema);
    typeNames.add(r.name);
    for (const c of r.columns) columnNames.add(c.name);
  }
  for (const t of catalog.types()) {
    typeNames.add(t.name);
    if (t.kind === 'range') typeNames.add(defaultMultirangeName(t.name));
    if (t.kind === 'composite') for (const a of t.attributes) columnNames.add(a.name);
  }
  const names = new Set<string>();
  const qualifiedNames = new Set<string>();
  for (const f of catalog.functions()) {
    names.add(f.name);
    qualifiedNames.add(`${f.schema}.${f.name}`);
    if (!f.extension) definedSchemas.add(f.schema);
  }
  const out: CatalogFunctions = { extensionNames, unknownExtensionSchemas, definedSchemas, names, qualifiedNames, typeNames, columnNames };
  summaries.set(catalog, out);
  return out;
}

/** Per lookup and search_path (statements of a file share one path object until it changes). */
const trustCache = new WeakMap<SchemaLookup, Map<readonly string[], FunctionTrust | undefined>>();

function trustOf(lookup: SchemaLookup, path: readonly string[]): FunctionTrust | undefined {
  let byPath = trustCache.get(lookup);
  if (!byPath) trustCache.set(lookup, (byPath = new Map()));
  if (byPath.has(path)) return byPath.get(path);
  const trust = computeTrust(lookup, path);
  byPath.set(path, trust);
  return trust;
}

function computeTrust(lookup: SchemaLookup, path: readonly string[]): FunctionTrust | undefined {
  if (lookup.catalogs.length === 0) return undefined;
  const parts = lookup.catalogs.map(catalogFunctions);
  // The schema sets are small; the name sets are read where they are, not copied for every file and path.
  const union = (pick: (p: CatalogFunctions) => ReadonlySet<string>): Set<string> => new Set(parts.flatMap((p) => [...pick(p)]));
  const names = (pick: (p: CatalogFunctions) => ReadonlySet<string>): Names => namesIn(parts.map(pick));
  const unknownExtensionSchemas = union((p) => p.unknownExtensionSchemas);
  // Temporary schemas hold what one session created: never the workspace's to describe.
  const schemas = new Set([...union((p) => p.definedSchemas)].filter((s) => !unknownExtensionSchemas.has(s) && !SYSTEM_SCHEMAS.has(s) && !s.startsWith('pg_temp')));
  // Unqualified names: an extension we know nothing about may have put functions anywhere on the path.
  const unqualified = unknownExtensionSchemas.size === 0 && effectiveSearchPath(path).some((s) => schemas.has(s));
  return {
    unqualified,
    schemas,
    extensionNames: names((p) => p.extensionNames),
    names: names((p) => p.names),
    qualifiedNames: names((p) => p.qualifiedNames),
    typeNames: names((p) => p.typeNames),
    columnNames: names((p) => p.columnNames),
  };
}

/** unknown-function findings of one statement. */
const FUNCTION_CALLS = VisitIndex.for(['FuncCall']);

export function unknownFunctions(statement: Statement, lookup: SchemaLookup, path: readonly string[], own: DocumentFunctions, severity: Severity): Finding[] {
  const ast = statement.ast;
  if (!ast || own.opaque || SKIPPED_STATEMENTS.has(statement.kind)) return [];
  let trust: FunctionTrust | undefined | null = null;
  const out: Finding[] = [];
  // The calls of a statement's AST are listed once per parse (an edit re-lists only the statements it changed).
  for (const { ref } of FUNCTION_CALLS.nodes(ast)) {
    const call = ref.node as FuncCall;
    // EXTRACT, TRIM, AT TIME ZONE, ...: the parser's own pg_catalog calls.
    if (call.funcformat === 'COERCE_SQL_SYNTAX') continue;
    const names = stringValues(call.funcname);
    if (names.length === 0 || names.length > 2 || names.length !== (call.funcname ?? []).length) continue;
    const name = names[names.length - 1];
    const schema = names.length === 2 ? names[0] : undefined;
    if (trust === null) trust = trustOf(lookup, path);
    if (!trust || isKnown(name, schema, trust, own)) continue;
    // `last(f)` is `f.last` when f is a row with that column (functional notation).
    if ((call.args?.length ?? 0) === 1 && !call.agg_star && !call.over && trust.columnNames.has(name)) continue;
    const finding = report(statement, call, names, lookup, trust, severity);
    if (finding) out.push(finding);
  }
  return out;
}

function isKnown(name: string, schema: string | undefined, trust: FunctionTrust, own: DocumentFunctions): boolean {
  // A type's name called with a value is a cast (`int8(x)`, `mood('happy')`, `public.positive(3)`).
  if (own.created.has(name) || trust.extensionNames.has(name) || trust.typeNames.has(name) || builtinTypeName(name) !== undefined) return true;
  if (schema === 'pg_catalog') return isBuiltinFunctionName(name);
  if (schema !== undefined) return !trust.schemas.has(schema) || trust.qualifiedNames.has(`${schema}.${name}`);
  if (!trust.unqualified) return true;
  // A name the catalog has in any schema is not called unknown: the session's search_path may reach it.
  return isBuiltinFunctionName(name) || trust.names.has(name);
}

function report(statement: Statement, call: FuncCall, names: readonly string[], lookup: SchemaLookup, trust: FunctionTrust, severity: Severity): Finding | undefined {
  const ranges = namePartRanges(statement, call.location, names.length);
  if (!ranges) return undefined;
  const range = ranges[ranges.length - 1];
  const name = names[names.length - 1];
  const schema = names.length === 2 ? names[0] : undefined;
  const suggestion =
    schema === undefined
      ? suggesterOf(trust).closest(name)
      : schema === 'pg_catalog'
        ? builtinSuggester().closest(name)
        : closestName(name, schemaFunctionNames(lookup, schema).filter((n) => !n.startsWith('_')));
  const providers = extensionsProviding(name);
  const written = schema !== undefined ? `${schema}.${name}` : name;
  const where = schema === 'pg_catalog' ? 'among PostgreSQL\'s built-in functions' : schema !== undefined ? `in schema "${schema}"` : 'in the workspace schema or among PostgreSQL\'s built-in functions';
  const hint = providers.length > 0 ? ` It comes with the extension ${providers.map((p) => `"${p}"`).join(' or ')}, which the workspace does not create.` : '';
  return {
    ruleId: UNKNOWN_FUNCTION_ID,
    severity,
    message: `Function "${written}" does not exist ${where}.${hint}${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    range,
    fixes: suggestion ? [{ title: `Change to "${suggestion}"`, edits: [{ range, newText: quoteIdentifier(suggestion) }], preferred: true }] : [],
  };
}

/** "Did you mean" among every name a call may reach, built once per catalog state and search path. */
const suggesters = new WeakMap<FunctionTrust, NameSuggester>();
function suggesterOf(trust: FunctionTrust): NameSuggester {
  let hit = suggesters.get(trust);
  if (!hit) suggesters.set(trust, (hit = new NameSuggester([...builtinFunctionNames(), ...trust.names, ...trust.extensionNames].filter((n) => !n.startsWith('_')))));
  return hit;
}

let builtins: NameSuggester | undefined;
function builtinSuggester(): NameSuggester {
  return (builtins ??= new NameSuggester([...builtinFunctionNames()].filter((n) => !n.startsWith('_'))));
}

function schemaFunctionNames(lookup: SchemaLookup, schema: string): string[] {
  return [...new Set(lookup.catalogs.flatMap((c) => c.functions().filter((f) => f.schema === schema).map((f) => f.name)))];
}
