/**
 * Signature help: inside `fn(a, b|`, every signature `fn` can mean (built-in overloads from PostgreSQL's catalog,
 * the workspace's CREATE FUNCTIONs on the search_path, or those of the schema written), the parameter the
 * cursor is on, and the signature that fits the arguments written. The call is read by a tolerant scan
 * (call-context.ts), so it works while the statement does not parse.
 */
import type { FunctionInfo } from '../catalog/model';
import { functionSignature } from '../catalog/model';
import type { NameReference } from '../catalog/names';
import type { SqlDocument } from '../parse/document';
import { builtins, type BuiltinFunction } from '../knowledge/builtins';
import { BUILTIN_FUNCTIONS } from './builtins';
import { callAt, type CallContext } from './call-context';
import { builtinFunction, workspaceFunctions } from './function-lookup';
import type { SchemaLookup } from './lookup';
import { statementSearchPaths } from './search-path';

export interface SignatureParameter {
  /** As shown: `p_order bigint`, `VARIADIC "any"`. */
  readonly label: string;
  /** Where the label is in the signature's label (UTF-16 indexes). */
  readonly start: number;
  readonly end: number;
  /** The parameter's name, for named notation (`name => value`). */
  readonly name?: string;
  /** VARIADIC: takes this and every later argument. */
  readonly variadic: boolean;
  /** Has a default: the call may leave it out. */
  readonly optional: boolean;
}

export interface Signature {
  /** `name(params) → result`. */
  readonly label: string;
  readonly parameters: readonly SignatureParameter[];
  /** The function's one-line description (the built-in's catalog description, a workspace function's comment). */
  readonly documentation?: string;
  readonly source: 'builtin' | 'workspace';
  /** The parameter the cursor is on in this signature; undefined when none (past the last, in ORDER BY). */
  readonly activeParameter: number | undefined;
}

export interface SignatureHelp {
  readonly signatures: readonly Signature[];
  readonly activeSignature: number;
  /** The active signature's active parameter. */
  readonly activeParameter: number | undefined;
  readonly call: CallContext;
}

/** Words before `name (` that make it an object being defined or a column list, not a call. */
const NOT_CALL_AFTER: ReadonlySet<string> = new Set([
  'TABLE', 'INTO', 'REFERENCES', 'FUNCTION', 'PROCEDURE', 'ROUTINE', 'AGGREGATE', 'INDEX', 'VIEW', 'TYPE', 'TRIGGER', 'EXISTS', 'SEQUENCE', 'DOMAIN',
]);

const isReserved = (word: string): boolean => builtins().keywords.get(word.toLowerCase())?.category === 'R';

export interface SignatureHelpOptions {
  /**
   * The label of the signature shown so far (the editor lets the user pick another overload): it stays active
   * while it takes the argument the cursor is in.
   */
  readonly preferredLabel?: string;
}

/** Signature help at a document offset, undefined when the cursor is in no call of a known function. */
export function signatureHelpAt(document: SqlDocument, offset: number, lookup: SchemaLookup, options: SignatureHelpOptions = {}): SignatureHelp | undefined {
  const located = statementAround(document, offset);
  if (!located) return undefined;
  const call = callAt(document.text, located.start, located.end, offset, isReserved);
  if (!call || !isCall(call)) return undefined;
  const path = statementSearchPaths(document, lookup.searchPath)[located.index] ?? lookup.searchPath;
  const shapes = candidates(call.name, lookup, path);
  if (shapes.length === 0) return undefined;
  const signatures = shapes.map((shape) => ({ ...shape, activeParameter: activeParameterOf(shape.parameters, call) }));
  const preferred = signatures.findIndex((sig) => sig.label === options.preferredLabel && takes(sig, call));
  const activeSignature = preferred >= 0 ? preferred : chooseSignature(signatures, call);
  return { signatures, activeSignature, activeParameter: signatures[activeSignature].activeParameter, call };
}

interface Located {
  readonly index: number;
  readonly start: number;
  readonly end: number;
}

/** The statement the cursor is in; an unterminated statement extends to the cursor over trailing blanks. */
function statementAround(document: SqlDocument, offset: number): Located | undefined {
  for (const s of document.statements) {
    if (s.start > offset) break;
    if (offset <= s.end) return { index: s.index, start: s.start, end: s.end };
    if (!s.segment.terminated && /^\s*$/.test(document.text.slice(s.end, offset))) {
      const next = document.statements[s.index + 1];
      if (!next || next.start > offset) return { index: s.index, start: s.start, end: offset };
    }
  }
  return undefined;
}

/** Rules out names followed by a parenthesis that are no call: `CREATE TABLE t (`, `INSERT INTO t (`, `x::numeric(`. */
function isCall(call: CallContext): boolean {
  if (NOT_CALL_AFTER.has(call.before)) return false;
  if (call.before === 'ON' && call.statementWord === 'CREATE') return false;
  if (call.name.schema === undefined && builtins().types.has(call.name.name)) {
    // A type's modifiers: after `::`, CAST's AS, or a column name in a definition.
    if (call.before === '::' || call.before === 'AS') return false;
    if (/^[A-Z_"]/.test(call.before) && !isReserved(call.before)) return false;
  }
  return true;
}

type Shape = Omit<Signature, 'activeParameter'> & { readonly required: number };

/** Every signature the name can mean, in search_path order (pg_catalog first unless the path puts it later). */
function candidates(ref: NameReference, lookup: SchemaLookup, path: readonly string[]): Shape[] {
  const schemas = ref.schema !== undefined ? [ref.schema] : lookup.lookupPath(path).filter((s) => s !== 'pg_temp');
  const out: Shape[] = [];
  for (const schema of schemas) {
    if (schema === 'pg_catalog') {
      const builtin = builtinFunction({ name: ref.name });
      if (builtin) out.push(...builtinShapes(builtin, ref));
      else out.push(...syntaxShapes(ref.name));
    }
    for (const f of workspaceFunctions(lookup, { schema, name: ref.name }, path)) out.push(workspaceShape(f, ref));
  }
  return out;
}

function displayName(ref: NameReference, name: string): string {
  return ref.schema !== undefined ? `${ref.schema}.${name}` : name;
}

/** Assembles `name(p1, p2) → result` and each parameter's place in it. */
function shape(name: string, params: readonly Omit<SignatureParameter, 'start' | 'end'>[], result: string | undefined): { label: string; parameters: SignatureParameter[] } {
  let label = `${name}(`;
  const parameters: SignatureParameter[] = [];
  params.forEach((p, i) => {
    if (i > 0) label += ', ';
    parameters.push({ ...p, start: label.length, end: label.length + p.label.length });
    label += p.label;
  });
  label += ')';
  if (result) label += ` → ${result}`;
  return { label, parameters };
}

function builtinShapes(fn: BuiltinFunction, ref: NameReference): Shape[] {
  return fn.signatures.map((s) => {
    const params = splitArguments(s.args).map(builtinParameter);
    // count(*) is the aggregate without arguments.
    const name = displayName(ref, fn.name);
    const built = s.kind === 'aggregate' && params.length === 0 ? { label: `${name}(*)${s.result ? ` → ${s.result}` : ''}`, parameters: [] } : shape(name, params, s.result);
    const kind = s.kind === 'aggregate' ? ' (aggregate)' : s.kind === 'window' ? ' (window function)' : '';
    const documentation = s.description ? `${s.description}${kind}` : kind.trim().replace(/^\(|\)$/g, '');
    return { ...built, ...(documentation ? { documentation } : {}), source: 'builtin' as const, required: params.filter((p) => !p.variadic).length };
  });
}

/** COALESCE, NULLIF, GREATEST, LEAST, TRIM: SQL syntax rather than catalog functions; completion's list has their forms. */
function syntaxShapes(name: string): Shape[] {
  const known = BUILTIN_FUNCTIONS.find((f) => f.name === name);
  if (!known) return [];
  return splitTopLevel(known.signature, ' | ').flatMap((form) => {
    const m = /^([^(]+)\((.*)\)/.exec(form.trim());
    if (!m) return [];
    const parts = splitArguments(m[2]);
    const params = parts.map((label) => ({ label, variadic: label === '...', optional: label === '...' }));
    const built = shape(m[1], params, known.returns);
    return [{ ...built, source: 'builtin' as const, required: params.filter((p) => !p.optional).length }];
  });
}

function workspaceShape(f: FunctionInfo, ref: NameReference): Shape {
  const inputs = f.arguments.filter((a) => a.mode !== 'out' && a.mode !== 'table');
  const params = inputs.map((a) => {
    const mode = a.mode === 'variadic' ? 'VARIADIC ' : a.mode === 'inout' ? 'INOUT ' : '';
    const label = `${mode}${a.name ? `${a.name} ` : ''}${a.type}${a.hasDefault ? ' = …' : ''}`;
    return { label, ...(a.name ? { name: a.name } : {}), variadic: a.mode === 'variadic', optional: a.hasDefault };
  });
  const built = shape(displayName(ref, f.name), params, f.returnType);
  const about = `${f.kind} ${functionSignature(f)} (${f.language}, ${f.volatility})`;
  return {
    ...built,
    documentation: f.comment ? `${f.comment}\n\n${about}` : about,
    source: 'workspace',
    required: params.filter((p) => !p.optional && !p.variadic).length,
  };
}

/** Splits an argument list at its top-level commas (types such as numeric(10,2) keep theirs). */
function splitArguments(args: string): string[] {
  const parts = splitTopLevel(args, ',').map((p) => p.trim());
  return parts.length === 1 && parts[0] === '' ? [] : parts;
}

/** Splits at `separator` outside quotes, parentheses and brackets. */
function splitTopLevel(text: string, separator: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && text.startsWith(separator, i)) {
      out.push(text.slice(start, i));
      start = i + separator.length;
      i = start - 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Multi-word type names start with these words: `double precision`, `timestamp with time zone`, ... */
const TYPE_FIRST_WORDS: ReadonlySet<string> = new Set(['double', 'timestamp', 'time', 'character', 'char', 'bit', 'national', 'varchar']);

/** `VARIADIC "any"`, `secs double precision`, `text`: mode, name and type of an identity argument. */
function builtinParameter(text: string): Omit<SignatureParameter, 'start' | 'end'> {
  const mode = /^(VARIADIC|IN|INOUT|OUT)\s+/i.exec(text);
  const rest = mode ? text.slice(mode[0].length) : text;
  const variadic = mode?.[1].toUpperCase() === 'VARIADIC';
  const space = rest.indexOf(' ');
  let name: string | undefined;
  if (space > 0 && !isTypeName(rest)) {
    const first = rest.slice(0, space);
    const type = rest.slice(space + 1);
    if (isTypeName(type) || !TYPE_FIRST_WORDS.has(first.toLowerCase())) name = first.replace(/^"|"$/g, '');
  }
  return { label: text, ...(name ? { name } : {}), variadic, optional: false };
}

function isTypeName(text: string): boolean {
  const base = text.replace(/(\[\])+$/, '').toLowerCase();
  return base.startsWith('"') || builtins().types.has(base);
}

/** The parameter the cursor's argument goes to: by name in named notation, else by position (VARIADIC takes the rest). */
function activeParameterOf(parameters: readonly SignatureParameter[], call: CallContext): number | undefined {
  if (call.inOrderBy || parameters.length === 0) return undefined;
  if (call.argumentName !== undefined) {
    const at = parameters.findIndex((p) => p.name === call.argumentName);
    return at >= 0 ? at : undefined;
  }
  if (call.argumentIndex < parameters.length) return call.argumentIndex;
  return parameters[parameters.length - 1].variadic ? parameters.length - 1 : undefined;
}

/** Whether a signature has a parameter for the argument the cursor is in. */
function takes(s: Shape, call: CallContext): boolean {
  if (call.argumentName !== undefined) return s.parameters.some((p) => p.name === call.argumentName);
  return s.parameters.length > call.argumentIndex || s.parameters.some((p) => p.variadic);
}

/**
 * Types arguments most often have, most common first: among overloads that take the arguments written, the one
 * over these is shown first (round(numeric) before round(double precision), lower(text) before lower(anyrange)).
 */
const COMMON_TYPES: readonly string[] = [
  'text', 'integer', 'bigint', 'numeric', 'timestamp with time zone', 'jsonb', 'boolean', 'date', 'timestamp without time zone',
  'character varying', 'uuid', 'double precision', 'json', 'interval', 'smallint', 'real', 'anyelement', 'anyarray', '"any"',
];

function commonness(s: Shape): number {
  let score = 0;
  for (const p of s.parameters) {
    const type = p.label.replace(/^VARIADIC\s+/i, '').split(' = ')[0].toLowerCase();
    const at = COMMON_TYPES.findIndex((t) => type === t || type.endsWith(` ${t}`));
    score += at < 0 ? COMMON_TYPES.length : at;
  }
  return s.parameters.length === 0 ? 0 : score / s.parameters.length;
}

/** The signature that takes the arguments written (by count, and the parameter named); else the first long enough. */
function chooseSignature(signatures: readonly (Shape & { activeParameter: number | undefined })[], call: CallContext): number {
  const count = call.argumentCount;
  const fits = (s: Shape): boolean => {
    const variadic = s.parameters.some((p) => p.variadic);
    if (count < s.required || (count > s.parameters.length && !variadic)) return false;
    return call.argumentName === undefined || s.parameters.some((p) => p.name === call.argumentName);
  };
  const best = (accept: (s: Shape) => boolean, shortest: boolean): number => {
    let found = -1;
    for (let i = 0; i < signatures.length; i++) {
      const s = signatures[i];
      if (!accept(s)) continue;
      if (found < 0) {
        found = i;
        continue;
      }
      // Workspace functions and built-ins keep their search_path order; overloads of one source go by commonness.
      const f = signatures[found];
      if (s.source !== f.source) continue;
      const shorter = shortest ? f.parameters.length - s.parameters.length : 0;
      if (shorter > 0 || (shorter === 0 && commonness(s) < commonness(f))) found = i;
    }
    return found;
  };
  const fitting = best(fits, false);
  if (fitting >= 0) return fitting;
  const longEnough = best((s) => takes(s, call), true);
  return longEnough >= 0 ? longEnough : 0;
}
