/**
 * The PostgreSQL 18 parser (libpg-query, WASM) behind a cache keyed by statement text, so an edit re-parses
 * only the statements whose text changed. Results are plain data; errors are values, never exceptions.
 */
import * as libpg from 'libpg-query';
import type { Node, RawStmt } from '@pgsql/types';
import { EncodedOffsets } from './positions';
import { describeNesting, estimatedNesting, MAX_ESTIMATED_NESTING, MAX_TREE_DEPTH, treeDepth, type Nesting } from './nesting';

export interface ParserSyntaxError {
  readonly message: string;
  /** UTF-16 index into the parsed text where PostgreSQL puts its error cursor. */
  readonly index: number;
}

export interface ScanToken {
  /** UTF-16 indexes into the parsed text. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** PostgreSQL's token name (IDENT, SCONST, ...); keywords are their upper-case word (CREATE, INDEX, ...). */
  readonly kind: string;
  readonly keyword: boolean;
}

export interface ParseOutcome {
  readonly stmts: readonly RawStmt[];
  readonly error?: ParserSyntaxError;
  /** True when psql variable references had to be read as plain identifiers/constants to parse. */
  readonly psqlVariablesSubstituted: boolean;
  /**
   * True when the text has psql variable references and parses neither as written nor with them read as
   * identifiers: what the server receives depends on the variables' values, so no syntax error is claimed.
   */
  readonly dependsOnPsqlVariables: boolean;
  readonly offsets: EncodedOffsets;
  /** The parsed text (after psql variable substitution, if any). */
  readonly text: string;
  /** Set when the statement nests too deeply to analyse (see nesting.ts): no tree, and `error` says why. */
  readonly tooDeep?: Nesting;
}

let ready = false;
let loading: Promise<void> | undefined;

/** Loads the WASM parser once; everything else in core/parse is synchronous after this resolves. */
export function initParser(): Promise<void> {
  loading ??= libpg.loadModule().then(() => {
    ready = true;
  });
  return loading;
}

export function parserReady(): boolean {
  return ready;
}

function assertReady(): void {
  if (!ready) throw new Error('The PostgreSQL parser is not loaded yet: await initParser() first.');
}

let cacheLimit = 50_000;
const cache = new Map<string, ParseOutcome>();
/** The key each cached outcome is stored under: a text of its own (detached), never a slice of a document. */
const keys = new WeakMap<ParseOutcome, string>();
/**
 * Outcomes the limit pushed out of the cache, found again while something still holds them: the statements of a
 * document larger than the limit (whose analysis the editor keeps) are not parsed again on every keystroke.
 */
const dropped = new Map<string, WeakRef<ParseOutcome>>();
const collected = new FinalizationRegistry<string>((key) => {
  if (dropped.get(key)?.deref() === undefined) dropped.delete(key);
});
const registered = new WeakSet<ParseOutcome>();

function drop(key: string, outcome: ParseOutcome): void {
  dropped.set(key, new WeakRef(outcome));
  if (registered.has(outcome)) return;
  registered.add(outcome);
  collected.register(outcome, key);
}

/**
 * How many distinct statement texts stay parsed. The editor wants many (edits re-parse only what changed);
 * a one-pass CLI run wants few, since every retained AST is heap the garbage collector keeps walking.
 */
export function setParseCacheLimit(limit: number): void {
  cacheLimit = Math.max(0, limit);
  while (cache.size > cacheLimit) {
    const oldest = cache.entries().next();
    if (oldest.done) break;
    cache.delete(oldest.value[0]);
    drop(...oldest.value);
  }
}

function remember(key: string, outcome: ParseOutcome): ParseOutcome {
  if (cacheLimit === 0) return outcome;
  if (cache.size >= cacheLimit) {
    // Drop the oldest tenth; Map iteration order is insertion order, and hits are re-inserted.
    let count = Math.max(1, Math.floor(cacheLimit / 10));
    for (const [k, v] of cache) {
      cache.delete(k);
      drop(k, v);
      if (--count <= 0) break;
    }
  }
  cache.set(key, outcome);
  keys.set(outcome, key);
  return outcome;
}

/** Number of distinct statement texts currently cached (exposed for tests and benchmarks). */
export function parseCacheSize(): number {
  return cache.size;
}

export function clearParseCache(): void {
  cache.clear();
  dropped.clear();
}

/**
 * Parses one statement's text. `psqlVariables` are indexes of `:` characters that may start psql variable
 * references; they are only substituted (`:x` read as ` x`) when the text does not parse as written.
 */
export function parseStatementText(text: string, psqlVariables: readonly number[] = []): ParseOutcome {
  assertReady();
  const hit = cache.get(text);
  if (hit) {
    // Most recent last, under the key it was stored with (`text` is a slice of the caller's document: see detached).
    const key = keys.get(hit) ?? detached(text);
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const held = dropped.get(text)?.deref();
  if (held) {
    dropped.delete(text);
    return remember(detached(text), held);
  }
  const own = detached(text);
  const direct = parseOnce(own, false);
  if (!direct.error || direct.tooDeep || psqlVariables.length === 0) return remember(own, direct);
  const substituted = parseOnce(substitutePsqlVariables(own, psqlVariables), true);
  return remember(own, substituted.error ? { ...direct, dependsOnPsqlVariables: true } : substituted);
}

/**
 * A copy of a statement's text that holds only itself. A statement's text is a slice of its document's, and V8
 * keeps a slice's whole parent alive: cached under it, every edited version of a large document stayed in memory
 * (the language server grew ~0.5 MB per keystroke on a 15k-line dump).
 */
export function detached(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Same-length rewrite: `:v` -> ` v`, `:'v'` -> ` 'v'`, `:"v"` -> ` "v"`, `:{?v}` -> `true  `. */
function substitutePsqlVariables(text: string, psqlVariables: readonly number[]): string {
  const chars = text.split('');
  for (const at of psqlVariables) {
    if (chars[at] !== ':') continue;
    if (chars[at + 1] === '{') {
      const close = text.indexOf('}', at);
      if (close < 0) continue;
      const replacement = 'true'.padEnd(close - at + 1, ' ');
      for (let k = 0; k < replacement.length; k++) chars[at + k] = replacement[k];
    } else chars[at] = ' ';
  }
  return chars.join('');
}

/** Told each parse's time when set (`--timing`): cache hits cost nothing and are not counted. */
let parseClock: ((ms: number) => void) | undefined;
export function setParseClock(clock: ((ms: number) => void) | undefined): void {
  parseClock = clock;
}

function parseOnce(text: string, substituted: boolean): ParseOutcome {
  if (!parseClock) return parseOnceUntimed(text, substituted);
  const started = performance.now();
  try {
    return parseOnceUntimed(text, substituted);
  } finally {
    parseClock(performance.now() - started);
  }
}

function parseOnceUntimed(text: string, substituted: boolean): ParseOutcome {
  const offsets = new EncodedOffsets(text);
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    return { stmts: [], error: { message: 'invalid byte sequence for encoding "UTF8": 0x00', index: nul }, psqlVariablesSubstituted: substituted, dependsOnPsqlVariables: false, offsets, text };
  }
  if (text.trim() === '') return { stmts: [], psqlVariablesSubstituted: substituted, dependsOnPsqlVariables: false, offsets, text };
  const tooDeep = (nesting: Nesting): ParseOutcome => ({
    stmts: [],
    error: { message: describeNesting(nesting), index: 0 },
    tooDeep: nesting,
    psqlVariablesSubstituted: substituted,
    dependsOnPsqlVariables: false,
    offsets,
    text,
  });
  // Each counted level takes a character, so short texts need no estimate.
  if (text.length > MAX_ESTIMATED_NESTING) {
    const estimate = estimatedNesting(text);
    if (estimate > MAX_ESTIMATED_NESTING) return tooDeep({ levels: estimate, estimated: true });
  }
  try {
    const result = libpg.parseSync(text);
    const stmts = result.stmts ?? [];
    // A level takes at least a character of text: only longer texts can be too deep.
    if (text.length > MAX_TREE_DEPTH && treeDepth(stmts, MAX_TREE_DEPTH) > MAX_TREE_DEPTH) return tooDeep({ levels: treeDepth(stmts), estimated: false });
    return { stmts, psqlVariablesSubstituted: substituted, dependsOnPsqlVariables: false, offsets, text };
  } catch (e) {
    if (isNestingFailure(e)) return tooDeep({ levels: estimatedNesting(text), estimated: true });
    const details = libpg.hasSqlDetails(e) ? e.sqlDetails : undefined;
    const message = e instanceof Error ? e.message : String(e);
    const cursor = details?.cursorPosition ?? 0;
    return { stmts: [], error: { message, index: offsets.indexOfCodePoint(cursor) }, psqlVariablesSubstituted: substituted, dependsOnPsqlVariables: false, offsets, text };
  }
}

const tokenCache = new WeakMap<ParseOutcome, readonly ScanToken[]>();

/** PostgreSQL's own lexer over the parsed text (comments are not tokens). */
export function scanTokens(outcome: ParseOutcome): readonly ScanToken[] {
  const hit = tokenCache.get(outcome);
  if (hit) return hit;
  const tokens = scanText(outcome.text, outcome.offsets);
  tokenCache.set(outcome, tokens);
  return tokens;
}

/** PostgreSQL's lexer over any text; an empty list when the text cannot be scanned (e.g. unterminated quote). */
export function scanText(text: string, offsets = new EncodedOffsets(text)): ScanToken[] {
  assertReady();
  if (text.trim() === '' || text.includes('\0')) return [];
  try {
    return libpg.scanSync(text).tokens.map((t) => {
      const keyword = t.keywordKind !== 0;
      const start = offsets.indexOfByte(t.start);
      const end = offsets.indexOfByte(t.end);
      const written = text.slice(start, end);
      return { start, end, text: written, kind: keyword ? written.toUpperCase() : t.tokenName, keyword };
    });
  } catch {
    return [];
  }
}

/** The tag of a parse node: `{IndexStmt: {...}}` -> 'IndexStmt'. */
export function nodeTag(node: Node): string {
  for (const key in node) return key;
  return '';
}

/** Parses a PL/pgSQL function or DO statement; errors are values (PostgreSQL gives them no position here). */
export function parsePlpgsqlText(text: string): { readonly functions: readonly unknown[] } | { readonly error: string } | { readonly tooDeep: true } {
  assertReady();
  try {
    const result = libpg.parsePlPgSQLSync(text) as unknown as { plpgsql_funcs?: unknown[] };
    return { functions: result.plpgsql_funcs ?? [] };
  } catch (e) {
    if (isNestingFailure(e)) return { tooDeep: true };
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * The parser gave up on the input's nesting, not its syntax: its native stack overflowed (the estimate in
 * nesting.ts let the text through), or its own stack of 10,000 entries ran out ("memory exhausted", which
 * PostgreSQL would say too; the input is not analysed either way).
 */
function isNestingFailure(e: unknown): boolean {
  return e instanceof RangeError || (e instanceof Error && /^memory exhausted\b/.test(e.message));
}
