/**
 * Semantic tokens: what each name of a document is, as far as the parser and the catalog tell. The grammar
 * already colours keywords, literals, comments and built-in type names; these tokens add what it cannot
 * know: tables and views (resolved through the search_path), columns, the workspace's functions and types,
 * schemas, CTEs, PL/pgSQL parameters and variables, and where each is declared. Built-in functions are marked
 * as such. Names are located by PostgreSQL's own tokens, so offsets are UTF-16 and never inside strings.
 */
import type { ColumnDef, ColumnRef, CommonTableExpr, Constraint, FuncCall, FunctionParameter, IndexStmt, Node, ObjectWithArgs, RangeVar, TypeName } from '@pgsql/types';
import { foldIdentifier, type NameReference } from '../catalog/names';
import { asNode, stringValues, walkAst } from '../parse/ast';
import type { DocumentToken, SqlDocument, Statement, StatementView } from '../parse/document';
import { scanText } from '../parse/parser';
import { analyzePlpgsql, type PlpgsqlAnalysis, type PlpgsqlNode } from '../parse/plpgsql';
import { LineIndex, type OffsetRange } from '../parse/positions';
import { builtins } from '../knowledge/builtins';
import { builtinFunction, workspaceFunctions } from './function-lookup';
import type { SchemaLookup } from './lookup';
import { tokenIndexAt } from './ranges';
import { resolveStatement, type ScopeItem } from './resolve';
import { statementSearchPaths } from './search-path';

export type SemanticKind = 'table' | 'view' | 'cte' | 'column' | 'function' | 'type' | 'enum' | 'schema' | 'parameter' | 'variable';

export interface SemanticToken {
  /** UTF-16 document offsets of one name (never more than one source token). */
  readonly start: number;
  readonly end: number;
  readonly kind: SemanticKind;
  /** The defining occurrence: CREATE TABLE's name, a column definition, a parameter, a DECLARE. */
  readonly declaration: boolean;
  /** PostgreSQL's own: built-in functions, PL/pgSQL's implicit variables (FOUND, NEW, TG_OP, ...). */
  readonly builtin: boolean;
}

export interface SemanticTokenOptions {
  /** Only tokens of statements that overlap this range (and inside it). */
  readonly range?: OffsetRange;
  /** Statements longer than this get no tokens (name resolution over megabytes would stall the editor). */
  readonly maxStatementLength?: number;
}

export const MAX_SEMANTIC_STATEMENT = 100_000;

/**
 * How sure a token is: a declaration or a name the catalog resolved beats a PL/pgSQL variable, which beats a
 * column reference nothing resolved (in a routine body, such a name is usually the variable).
 */
const Certainty = { Unresolved: 1, Variable: 2, Resolved: 3, Declaration: 4 } as const;
type Certainty = (typeof Certainty)[keyof typeof Certainty];

class TokenSet {
  private readonly byStart = new Map<number, { token: SemanticToken; certainty: Certainty }>();

  add(range: OffsetRange, kind: SemanticKind, certainty: Certainty, modifiers: { declaration?: boolean; builtin?: boolean } = {}): void {
    if (range.end <= range.start) return;
    const existing = this.byStart.get(range.start);
    if (existing && existing.certainty >= certainty) return;
    this.byStart.set(range.start, { token: { start: range.start, end: range.end, kind, declaration: modifiers.declaration === true, builtin: modifiers.builtin === true }, certainty });
  }

  /** Sorted, without overlaps (the earlier token wins). */
  sorted(range: OffsetRange | undefined): SemanticToken[] {
    const all = [...this.byStart.values()].map((e) => e.token).sort((a, b) => a.start - b.start);
    const out: SemanticToken[] = [];
    let end = -1;
    for (const t of all) {
      if (t.start < end) continue;
      if (range && (t.end <= range.start || t.start >= range.end)) continue;
      out.push(t);
      end = t.end;
    }
    return out;
  }
}

export function semanticTokens(document: SqlDocument, lookup: SchemaLookup, options: SemanticTokenOptions = {}): SemanticToken[] {
  const max = options.maxStatementLength ?? MAX_SEMANTIC_STATEMENT;
  const range = options.range;
  const paths = statementSearchPaths(document, lookup.searchPath);
  const set = new TokenSet();
  const functions = new FunctionKinds(lookup);
  for (const statement of document.statements) {
    if (range && (statement.end <= range.start || statement.start >= range.end)) continue;
    if (statement.skipped || !statement.ast || statement.end - statement.start > max) continue;
    const path = paths[statement.index] ?? lookup.searchPath;
    const context: Context = { lookup, path, set, functions };
    statementTokens(statement, context);
    const plpgsql = statement.kind === 'CreateFunctionStmt' || statement.kind === 'DoStmt' ? analyzePlpgsql(statement) : undefined;
    if (plpgsql) routineTokens(statement, plpgsql, context);
  }
  return set.sorted(range);
}

interface Context {
  readonly lookup: SchemaLookup;
  readonly path: readonly string[];
  readonly set: TokenSet;
  readonly functions: FunctionKinds;
}

/** Whether a called name is a built-in or the workspace's (cached: dumps call the same functions many times). */
class FunctionKinds {
  private readonly cache = new Map<string, boolean>();

  constructor(private readonly lookup: SchemaLookup) {}

  builtin(ref: NameReference, path: readonly string[]): boolean {
    const key = `${ref.schema ?? ''}\u0000${ref.name}\u0000${path.join(',')}`;
    let hit = this.cache.get(key);
    if (hit === undefined) {
      hit = builtinFunction(ref) !== undefined && workspaceFunctions(this.lookup, ref, path).length === 0;
      this.cache.set(key, hit);
    }
    return hit;
  }
}

/** The folded name a token spells (identifiers and keywords used as names), undefined for anything else. */
function tokenName(t: DocumentToken | undefined): string | undefined {
  if (!t) return undefined;
  if (t.text.startsWith('"')) return t.text.length >= 2 ? t.text.slice(1, -1).replace(/""/g, '"') : undefined;
  if (t.kind === 'IDENT' || (t.keyword && /^[A-Za-z_]/.test(t.text))) return foldIdentifier(t.text);
  return undefined;
}

/**
 * The ranges of a dotted name's parts, written from the token at `offset` on (within the next `slack` tokens,
 * for locations that point at a keyword before the name), checked against the names the parser gives.
 */
function spelledAt(view: StatementView, offset: number, names: readonly string[], slack = 0): OffsetRange[] | undefined {
  const tokens = view.tokens();
  const first = tokenIndexAt(tokens, offset);
  if (first < 0) return undefined;
  for (let i = first; i <= first + slack && i < tokens.length; i++) {
    const ranges = spelledFrom(tokens, i, names);
    if (ranges) return ranges;
  }
  return undefined;
}

function spelledFrom(tokens: readonly DocumentToken[], i: number, names: readonly string[]): OffsetRange[] | undefined {
  const out: OffsetRange[] = [];
  for (let k = 0; k < names.length; k++) {
    const t = tokens[i];
    if (tokenName(t) !== names[k]) return undefined;
    out.push({ start: t.start, end: t.end });
    if (k < names.length - 1) {
      if (tokens[i + 1]?.text !== '.') return undefined;
      i += 2;
    }
  }
  return out;
}

/** The first spelling of a dotted name at or after `from` (for names the AST gives without a location). */
function spelledAfter(view: StatementView, from: number, names: readonly string[]): OffsetRange[] | undefined {
  const tokens = view.tokens();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].start < from) continue;
    const ranges = spelledFrom(tokens, i, names);
    if (ranges) return ranges;
  }
  return undefined;
}

/** The end of the first token at or after `from` whose text is one of `words` (upper case), or `from`. */
function afterWord(view: StatementView, from: number, words: readonly string[]): number {
  for (const t of view.tokens()) if (t.start >= from && words.includes(t.text.toUpperCase())) return t.end;
  return from;
}

function relationKind(relation: ScopeItem['relation']): SemanticKind {
  return relation && (relation.kind === 'view' || relation.kind === 'materialized-view') ? 'view' : 'table';
}

/** The schema part of a dotted name (the part before the last; a third part before it names the database). */
function addQualifiers(set: TokenSet, ranges: readonly OffsetRange[], certainty: Certainty): void {
  if (ranges.length >= 2) set.add(ranges[ranges.length - 2], 'schema', certainty);
}

/** Tokens of one statement (top-level, or SQL embedded in a routine body). */
function statementTokens(view: StatementView, context: Context): void {
  const { lookup, path, set } = context;
  const ast = view.ast;
  if (!ast) return;
  const tokens = view.tokens();
  const declared = new Set<number>();
  const skipped = new Set<number>();
  const declare = (rv: RangeVar | undefined): void => {
    if (rv?.location !== undefined) declared.add(view.offsetOfLocation(rv.location));
  };
  declare(asNode(ast, 'CreateStmt')?.relation ?? asNode(ast, 'CreateForeignTableStmt')?.base?.relation);
  declare(asNode(ast, 'ViewStmt')?.view);
  declare(asNode(ast, 'CreateTableAsStmt')?.into?.rel);
  // Sequences have no token type of their own; a composite type's name is declared as a type below.
  for (const rv of [asNode(ast, 'CreateSeqStmt')?.sequence, asNode(ast, 'AlterSeqStmt')?.sequence, asNode(ast, 'CompositeTypeStmt')?.typevar]) {
    if (rv?.location !== undefined) skipped.add(view.offsetOfLocation(rv.location));
  }

  const semantics = resolveStatement(view, lookup, path);
  const cteNames = new Set(semantics.ctes.map((c) => c.name));
  for (const ref of semantics.relations) {
    if (skipped.has(ref.range.start)) continue;
    const isDeclaration = declared.has(ref.range.start);
    const certainty = isDeclaration ? Certainty.Declaration : ref.relation || ref.cte ? Certainty.Resolved : Certainty.Unresolved;
    set.add(ref.nameRange, ref.cte ? 'cte' : relationKind(ref.relation), certainty, { declaration: isDeclaration });
    const i = tokenIndexAt(tokens, ref.nameRange.start);
    if (i >= 2 && tokens[i - 1].text === '.' && tokens[i - 2].start >= ref.range.start) set.add(tokens[i - 2], 'schema', certainty);
  }
  for (const ref of semantics.columns) {
    const r = ref.resolution;
    if (r.status !== 'resolved') {
      set.add(ref.nameRange, 'column', Certainty.Unresolved);
      continue;
    }
    if (r.column) set.add(ref.nameRange, 'column', Certainty.Resolved);
    else if (r.item.kind === 'relation') set.add(ref.nameRange, relationKind(r.item.relation), Certainty.Resolved);
    else if (r.item.kind === 'cte') set.add(ref.nameRange, 'cte', Certainty.Resolved);
    // The qualifier when it is the table's (or CTE's) own name rather than an alias.
    const i = tokenIndexAt(tokens, ref.nameRange.start);
    const qualifier = ref.qualifier[ref.qualifier.length - 1];
    if (qualifier === undefined || i < 2 || tokens[i - 1].text !== '.') continue;
    const relation = r.item.relation;
    if (relation && qualifier === relation.name) {
      set.add(tokens[i - 2], relationKind(relation), Certainty.Resolved);
      if (ref.qualifier.length >= 2 && i >= 4 && tokens[i - 3].text === '.') set.add(tokens[i - 4], 'schema', Certainty.Resolved);
    } else if (r.item.kind === 'cte' && cteNames.has(qualifier)) set.add(tokens[i - 2], 'cte', Certainty.Resolved);
  }

  walkAst(ast, (ref, parents) => {
    switch (ref.tag) {
      case 'FuncCall':
        functionCall(view, ref.node as FuncCall, context);
        break;
      case 'TypeName':
        typeName(view, ref.node as TypeName, context);
        break;
      case 'ColumnRef': {
        // Column references in statements the resolver does not scope (CHECK, policies, triggers' WHEN); a
        // domain's CHECK names VALUE, no column.
        if (view.kind === 'CreateDomainStmt' || view.kind === 'AlterDomainStmt') break;
        const column = ref.node as ColumnRef;
        const names = stringValues(column.fields);
        if (names.length > 0 && names.length === (column.fields ?? []).length && column.location !== undefined) {
          const ranges = spelledAt(view, view.offsetOfLocation(column.location), names);
          if (ranges) set.add(ranges[ranges.length - 1], 'column', Certainty.Unresolved);
        }
        break;
      }
      case 'ColumnDef': {
        const def = ref.node as ColumnDef;
        if (def.colname && def.location !== undefined) {
          const r = spelledAt(view, view.offsetOfLocation(def.location), [def.colname]);
          if (r) set.add(r[0], 'column', Certainty.Declaration, { declaration: true });
        }
        break;
      }
      case 'CommonTableExpr': {
        const cte = ref.node as CommonTableExpr;
        if (cte.ctename && cte.location !== undefined) {
          const r = spelledAt(view, view.offsetOfLocation(cte.location), [cte.ctename]);
          if (r) set.add(r[0], 'cte', Certainty.Declaration, { declaration: true });
        }
        break;
      }
      case 'FunctionParameter': {
        const param = ref.node as FunctionParameter;
        if (param.name && param.location !== undefined) {
          const declaration = parents[parents.length - 1]?.tag === 'CreateFunctionStmt';
          // The location is the parameter's start: a mode (IN, OUT, VARIADIC) may come before the name.
          const r = spelledAt(view, view.offsetOfLocation(param.location), [param.name], 1);
          if (r) set.add(r[0], 'parameter', declaration ? Certainty.Declaration : Certainty.Resolved, { declaration });
        }
        break;
      }
      case 'IndexStmt':
        indexColumns(view, ref.node as IndexStmt, set);
        break;
      case 'Constraint':
        constraintColumns(view, ref.node as Constraint, set);
        break;
      case 'ObjectWithArgs': {
        // ALTER / DROP / COMMENT ON / GRANT ... FUNCTION name(args): a function named without a call.
        const names = stringValues((ref.node as ObjectWithArgs).objname);
        if (names.length > 0 && /^[\p{L}_]/u.test(names[names.length - 1])) namedFunction(view, names, view.start, context, false);
        break;
      }
      default:
        break;
    }
  });
  definitions(view, ast, context);
}

function functionCall(view: StatementView, call: FuncCall, context: Context): void {
  // EXTRACT(...), TRIM(...), x AT TIME ZONE y: SQL syntax the parser turns into calls; the grammar colours it.
  if (call.funcformat === 'COERCE_SQL_SYNTAX' || call.location === undefined) return;
  const names = stringValues(call.funcname);
  if (names.length === 0) return;
  const ranges = spelledAt(view, view.offsetOfLocation(call.location), names);
  if (!ranges) return;
  const ref: NameReference = names.length >= 2 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] };
  addQualifiers(context.set, ranges, Certainty.Resolved);
  context.set.add(ranges[ranges.length - 1], 'function', Certainty.Resolved, { builtin: context.functions.builtin(ref, context.path) });
}

/** A function named in DDL (CREATE TRIGGER ... EXECUTE FUNCTION f(), ALTER FUNCTION f(...)): found by its spelling. */
function namedFunction(view: StatementView, names: readonly string[], from: number, context: Context, declaration: boolean): void {
  const ranges = spelledAfter(view, from, names);
  if (!ranges) return;
  const ref: NameReference = names.length >= 2 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] };
  const certainty = declaration ? Certainty.Declaration : Certainty.Resolved;
  addQualifiers(context.set, ranges, certainty);
  context.set.add(ranges[ranges.length - 1], 'function', certainty, { declaration, builtin: !declaration && context.functions.builtin(ref, context.path) });
}

function typeName(view: StatementView, type: TypeName, context: Context): void {
  const names = stringValues(type.names);
  if (names.length === 0 || type.pct_type || type.location === undefined) return;
  // Built-in types (integer, varchar, text, ...) are the grammar's to colour.
  if (names[0] === 'pg_catalog') return;
  const ref: NameReference = names.length >= 2 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] };
  const user = context.lookup.type(ref, context.path);
  if (!user && ref.schema === undefined && builtins().types.has(ref.name)) return;
  // SETOF and similar words may come first.
  const ranges = spelledAt(view, view.offsetOfLocation(type.location), names, 1);
  if (!ranges) return;
  const certainty = user ? Certainty.Resolved : Certainty.Unresolved;
  addQualifiers(context.set, ranges, certainty);
  context.set.add(ranges[ranges.length - 1], user?.kind === 'enum' ? 'enum' : 'type', certainty);
}

/** Plain column names of CREATE INDEX ... (a, b) INCLUDE (c), found after the table name in order. */
function indexColumns(view: StatementView, index: IndexStmt, set: TokenSet): void {
  const names = [...(index.indexParams ?? []), ...(index.indexIncludingParams ?? [])].flatMap((p) => {
    const name = asNode(p, 'IndexElem')?.name;
    return name ? [name] : [];
  });
  if (names.length === 0 || index.relation?.location === undefined) return;
  columnsInOrder(view, names, afterWord(view, view.offsetOfLocation(index.relation.location), ['(']) - 1, set);
}

/** Columns of PRIMARY KEY (a, b), UNIQUE (a) INCLUDE (b), FOREIGN KEY (a) REFERENCES t (b). */
function constraintColumns(view: StatementView, constraint: Constraint, set: TokenSet): void {
  if (constraint.location === undefined) return;
  const from = view.offsetOfLocation(constraint.location);
  if (constraint.contype === 'CONSTR_PRIMARY' || constraint.contype === 'CONSTR_UNIQUE') {
    columnsInOrder(view, [...stringValues(constraint.keys), ...stringValues(constraint.including)], from, set);
  } else if (constraint.contype === 'CONSTR_FOREIGN') {
    columnsInOrder(view, stringValues(constraint.fk_attrs), from, set);
    if (constraint.pktable?.location !== undefined) columnsInOrder(view, stringValues(constraint.pk_attrs), view.offsetOfLocation(constraint.pktable.location) + 1, set);
  }
}

function columnsInOrder(view: StatementView, names: readonly string[], from: number, set: TokenSet): void {
  let at = from;
  for (const name of names) {
    const r = spelledAfter(view, at, [name]);
    if (!r) return;
    set.add(r[0], 'column', Certainty.Resolved);
    at = r[0].end;
  }
}

/** The names CREATE FUNCTION / TYPE / DOMAIN / SCHEMA and CREATE TRIGGER's function declare or name. */
function definitions(view: StatementView, ast: Node, context: Context): void {
  const set = context.set;
  const fn = asNode(ast, 'CreateFunctionStmt');
  if (fn) {
    const names = stringValues(fn.funcname);
    if (names.length > 0) namedFunction(view, names, afterWord(view, view.start, ['FUNCTION', 'PROCEDURE']), context, true);
    return;
  }
  const trigger = asNode(ast, 'CreateTrigStmt');
  if (trigger) {
    const names = stringValues(trigger.funcname);
    if (names.length > 0) namedFunction(view, names, afterWord(view, view.start, ['EXECUTE']), context, false);
    return;
  }
  const typeNames = stringValues(asNode(ast, 'CreateEnumStmt')?.typeName ?? asNode(ast, 'CreateRangeStmt')?.typeName ?? asNode(ast, 'CreateDomainStmt')?.domainname);
  const define = asNode(ast, 'DefineStmt');
  const defined = define?.kind === 'OBJECT_TYPE' ? stringValues(define.defnames) : [];
  const composite = asNode(ast, 'CompositeTypeStmt')?.typevar;
  const declaredType = typeNames.length > 0 ? typeNames : defined.length > 0 ? defined : composite?.relname ? [...(composite.schemaname ? [composite.schemaname] : []), composite.relname] : [];
  if (declaredType.length > 0) {
    const ranges = spelledAfter(view, afterWord(view, view.start, ['TYPE', 'DOMAIN']), declaredType);
    if (ranges) {
      addQualifiers(set, ranges, Certainty.Declaration);
      set.add(ranges[ranges.length - 1], asNode(ast, 'CreateEnumStmt') ? 'enum' : 'type', Certainty.Declaration, { declaration: true });
    }
    return;
  }
  const schema = asNode(ast, 'CreateSchemaStmt')?.schemaname;
  if (schema) {
    const ranges = spelledAfter(view, afterWord(view, view.start, ['SCHEMA']), [schema]);
    if (ranges) set.add(ranges[0], 'schema', Certainty.Declaration, { declaration: true });
  }
}

// ---------------------------------------------------------------------------------------------------------
// PL/pgSQL bodies: the SQL they embed, and their parameters and variables wherever the body names them.

/** Variables PL/pgSQL declares itself. */
const IMPLICIT_VARIABLES = /^(found|new|old|tg_\w+|sqlstate|sqlerrm)$/;

function routineTokens(statement: Statement, analysis: PlpgsqlAnalysis, context: Context): void {
  for (const embedded of analysis.statements) statementTokens(embedded, context);
  const tree = analysis.tree;
  if (!tree) return;
  const fn = asNode(statement.ast, 'CreateFunctionStmt');
  const parameters = new Set((fn?.parameters ?? []).flatMap((p) => {
    const name = asNode(p, 'FunctionParameter')?.name;
    return name ? [name] : [];
  }));
  /** Name -> line of its declaration (1-based body lines; 0 for parameters and implicit variables). */
  const variables = new Map<string, number>();
  for (const datum of Array.isArray(tree.datums) ? (tree.datums as PlpgsqlNode[]) : []) {
    const body = (datum.PLpgSQL_var ?? datum.PLpgSQL_rec) as PlpgsqlNode | undefined;
    const name = typeof body?.refname === 'string' ? body.refname : undefined;
    if (!name || name.startsWith('$') || name.startsWith('(')) continue;
    const lineno = typeof body?.lineno === 'number' ? body.lineno : 0;
    if (!variables.has(name) || lineno > 0) variables.set(name, lineno);
  }
  if (variables.size === 0) return;
  const body = analysis.bodyText;
  const tokens = scanText(body);
  const lines = new LineIndex(body);
  const declaredOnce = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind !== 'IDENT' && !(t.keyword && builtins().keywords.get(t.text.toLowerCase())?.category !== 'R')) continue;
    const name = t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : foldIdentifier(t.text);
    const lineno = variables.get(name);
    if (lineno === undefined) continue;
    // A field (`r.total`) or a function of the same name: not the variable.
    if (tokens[i - 1]?.text === '.' || tokens[i + 1]?.text === '(') continue;
    const range = { start: analysis.offsetOfBodyIndex(t.start), end: analysis.offsetOfBodyIndex(t.end) };
    const declaration = lineno > 0 && !declaredOnce.has(name) && lines.positionAt(t.start).line + 1 === lineno;
    if (declaration) declaredOnce.add(name);
    const isParameter = parameters.has(name) && lineno === 0;
    const builtin = !isParameter && lineno === 0 && IMPLICIT_VARIABLES.test(name);
    context.set.add(range, isParameter ? 'parameter' : 'variable', declaration ? Certainty.Declaration : Certainty.Variable, { declaration, builtin });
  }
}
