/**
 * PL/pgSQL bodies of CREATE FUNCTION/PROCEDURE ... LANGUAGE plpgsql and DO blocks: parsed with PostgreSQL's
 * PL/pgSQL parser, with syntax errors placed inside the body, and every embedded SQL statement or expression
 * parsed by the core parser (as PostgreSQL's validator does at CREATE time) and mapped back to the document.
 *
 * PostgreSQL's PL/pgSQL parser reports errors without a position, so the error token is found by bisection:
 * the shortest body prefix that already fails for a reason other than "end of input" ends at the culprit.
 */
import type { Node } from '@pgsql/types';
import type { Statement, StatementView, DocumentToken } from './document';
import type { OffsetRange } from './positions';
import { LineIndex } from './positions';
import { asNode, stringValues, tagOf } from './ast';
import { parsePlpgsqlText, parseStatementText, scanText, scanTokens, type ParseOutcome, type ScanToken } from './parser';
import { findTokenAt, findWords, headRangeOf } from './tokens';
import { splitSql } from './split';
import { estimatedNesting, MAX_TREE_DEPTH, treeDepth, type Nesting } from './nesting';
import { identifierAt } from './lexeme';

/** A PL/pgSQL tree node as the parser returns it: `{PLpgSQL_stmt_if: {...}}` bodies are plain JSON. */
export type PlpgsqlNode = { readonly [key: string]: unknown };

export interface PlpgsqlError {
  readonly message: string;
  readonly range: OffsetRange;
}

export interface PlpgsqlAnalysis {
  /** The function/DO statement. */
  readonly statement: Statement;
  /** Document offsets of the body's content (inside the quotes). */
  readonly body: OffsetRange;
  /** The body as PL/pgSQL sees it (quotes undone). */
  readonly bodyText: string;
  /** `PLpgSQL_function` of the parse, undefined when the body does not parse. */
  readonly tree: PlpgsqlNode | undefined;
  readonly errors: readonly PlpgsqlError[];
  /** Embedded SQL statements and expressions, in body order. */
  readonly statements: readonly EmbeddedStatement[];
  /** Set when the body nests too deeply to analyse (nesting.ts): no tree, no statements. */
  readonly tooDeep?: Nesting;
  /** Document offset of the start of body line `lineno` (PL/pgSQL's 1-based line numbers). */
  offsetOfLine(lineno: number): number;
  /** Document offset of a body index. */
  offsetOfBodyIndex(index: number): number;
}

/** The routine's language and body literal, if it is PL/pgSQL. */
function plpgsqlBodyOption(ast: Node | undefined): { readonly asLocation: number | undefined } | undefined {
  const fn = asNode(ast, 'CreateFunctionStmt');
  const doStmt = asNode(ast, 'DoStmt');
  const options = fn?.options ?? doStmt?.args;
  if (!options || fn?.sql_body) return undefined;
  let language = doStmt ? 'plpgsql' : '';
  let asLocation: number | undefined;
  let asCount = 0;
  for (const option of options) {
    const def = asNode(option, 'DefElem');
    if (!def) continue;
    if (def.defname === 'language') language = (asNode(def.arg, 'String')?.sval ?? '').toLowerCase();
    if (def.defname === 'as') {
      asLocation = def.location;
      const list = asNode(def.arg, 'List');
      asCount = list ? stringValues(list.items).length : 1;
    }
  }
  if (language !== 'plpgsql' || asLocation === undefined || asCount !== 1) return undefined;
  return { asLocation };
}

/** Body literal found in the statement's tokens: content range (statement-relative) and decoding. */
interface BodyLiteral {
  readonly contentStart: number;
  readonly contentEnd: number;
  /** Statement-relative start of the closing delimiter (what follows a truncated body when bisecting). */
  readonly closeStart: number;
  readonly decoded: string;
  /** decoded index -> statement-relative index; undefined when identical (dollar quoting). */
  readonly map: Uint32Array | undefined;
}

function findBodyLiteral(statement: Statement, asLocation: number): BodyLiteral | undefined {
  const from = statement.offsetOfLocation(asLocation);
  const token = statement.tokens().find((t) => t.start >= from && t.kind === 'SCONST');
  if (!token) return undefined;
  const raw = statement.parsedText.slice(token.start - statement.start, token.end - statement.start);
  const base = token.start - statement.start;
  const dollar = /^\$[^$]*\$/.exec(raw);
  if (dollar) {
    const tag = dollar[0];
    const contentStart = base + tag.length;
    const contentEnd = base + raw.length - tag.length;
    return { contentStart, contentEnd, closeStart: contentEnd, decoded: statement.parsedText.slice(contentStart, contentEnd), map: undefined };
  }
  const escaped = /^[eE]'/.test(raw);
  const open = escaped ? 2 : 1;
  const contentStart = base + open;
  const contentEnd = base + raw.length - 1;
  const chars: string[] = [];
  const map: number[] = [];
  const text = statement.parsedText;
  for (let i = contentStart; i < contentEnd; i++) {
    const c = text[i];
    if (c === "'" && text[i + 1] === "'") {
      map.push(i);
      chars.push("'");
      i++;
    } else if (escaped && c === '\\' && i + 1 < contentEnd) {
      const next = text[i + 1];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
      map.push(i);
      chars.push(simple[next] ?? next);
      i++;
    } else {
      map.push(i);
      chars.push(c);
    }
  }
  map.push(contentEnd);
  return { contentStart, contentEnd, closeStart: contentEnd, decoded: chars.join(''), map: Uint32Array.from(map) };
}

/** Statement-independent analysis (offsets relative to the statement start), cached per parse outcome. */
interface RelativeAnalysis {
  readonly literal: BodyLiteral;
  readonly tree: PlpgsqlNode | undefined;
  readonly errors: readonly { message: string; start: number; end: number }[];
  readonly embedded: readonly EmbeddedParse[];
  readonly tooDeep?: Nesting;
}

interface EmbeddedParse {
  readonly outcome: ParseOutcome;
  /** parse-text index -> statement-relative offset. */
  readonly map: (index: number) => number;
  /** Tokens of the parse text, statement-relative, only those that exist in the body. */
  readonly tokens: readonly ScanToken[];
  readonly lineno: number;
  readonly parseMode: number;
  /** The PL/pgSQL construct holding it (PLpgSQL_stmt_execsql, PLpgSQL_stmt_if, ...). */
  readonly holder: string;
}

const cache = new WeakMap<ParseOutcome, RelativeAnalysis | null>();

/** Analyses a PL/pgSQL function or DO statement; undefined for anything else. */
export function analyzePlpgsql(statement: Statement): PlpgsqlAnalysis | undefined {
  const outcome = statement.parseOutcome;
  if (!outcome || !statement.ast) return undefined;
  let relative = cache.get(outcome);
  if (relative === undefined) {
    relative = analyzeRelative(statement);
    cache.set(outcome, relative);
  }
  if (!relative) return undefined;
  return makeView(statement, relative);
}

function analyzeRelative(statement: Statement): RelativeAnalysis | null {
  const option = plpgsqlBodyOption(statement.ast);
  if (!option) return null;
  const literal = findBodyLiteral(statement, option.asLocation ?? 0);
  if (!literal) return null;
  const toRelative = (bodyIndex: number): number => (literal.map ? literal.map[Math.max(0, Math.min(bodyIndex, literal.map.length - 1))] : literal.contentStart + bodyIndex);
  const { parsed, text } = parseWithScalarGuesses(statement.parsedText, literal);
  if ('tooDeep' in parsed) return { literal, tree: undefined, errors: [], embedded: [], tooDeep: { levels: estimatedNesting(literal.decoded), estimated: true } };
  if ('error' in parsed) {
    const at = locatePlpgsqlError(text, literal, parsed.error);
    return { literal, tree: undefined, errors: [{ message: parsed.error, start: toRelative(at.start), end: toRelative(at.end) }], embedded: [] };
  }
  const tree = (parsed.functions[0] as PlpgsqlNode | undefined)?.PLpgSQL_function as PlpgsqlNode | undefined;
  // The PL/pgSQL rules recurse over the tree: deeper than the analysis takes, the body is not analysed.
  if (treeDepth(tree, MAX_TREE_DEPTH) > MAX_TREE_DEPTH) return { literal, tree: undefined, errors: [], embedded: [], tooDeep: { levels: treeDepth(tree), estimated: false } };
  const bodyTokens = scanText(literal.decoded);
  const bodyLines = new LineIndex(literal.decoded);
  const embedded: EmbeddedParse[] = [];
  const errors: { message: string; start: number; end: number }[] = [];
  for (const expr of collectExpressions(tree)) {
    const e = parseEmbedded(expr, bodyTokens, bodyLines, toRelative);
    if (!e) continue;
    embedded.push(e);
    const error = e.outcome.error;
    // SQL too deep to analyse is a notice (lint reads EmbeddedStatement.tooDeep), not a syntax error.
    if (error && !e.outcome.tooDeep) {
      const at = e.map(error.index);
      const token = findTokenAt(e.tokens, at);
      errors.push({ message: error.message, start: token?.start ?? at, end: token?.end ?? at + 1 });
    }
  }
  return { literal, tree, errors, embedded };
}

interface CollectedExpression {
  readonly query: string;
  readonly parseMode: number;
  readonly lineno: number;
  readonly holder: string;
}

/** Every PLpgSQL_expr in the tree with the line of its nearest enclosing construct. Iterative: bodies nest deeply. */
function collectExpressions(tree: PlpgsqlNode | undefined): CollectedExpression[] {
  const out: CollectedExpression[] = [];
  // Depth-first in body order with an explicit stack: what is pushed last is handled first, so siblings go on
  // in reverse; an expression found goes on the stack too, to be emitted in its turn.
  type Pending = { readonly value: unknown; readonly lineno: number; readonly holder: string } | { readonly expression: CollectedExpression };
  const pending: Pending[] = [];
  const later = (value: unknown, lineno: number, holder: string): void => {
    if (value !== null && typeof value === 'object') pending.push({ value, lineno, holder });
  };
  // Declarations (DECLARE x int := expr; cursor queries) live in datums; they come after the body.
  later(tree?.datums, 1, 'PLpgSQL_datum');
  later(tree?.action, 1, 'PLpgSQL_function');
  while (pending.length > 0) {
    const next = pending.pop()!;
    if ('expression' in next) {
      out.push(next.expression);
      continue;
    }
    const { value, lineno, holder } = next;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) later(value[i], lineno, holder);
      continue;
    }
    const entries = Object.entries(value as PlpgsqlNode);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, body] = entries[i];
      if (key === 'PLpgSQL_expr' && body && typeof body === 'object') {
        const e = body as PlpgsqlNode;
        if (typeof e.query === 'string' && !e.query.includes('__Case__Variable_')) {
          pending.push({ expression: { query: e.query, parseMode: typeof e.parseMode === 'number' ? e.parseMode : 0, lineno, holder } });
        }
        continue;
      }
      if (key === 'datums') continue; // declarations: their default expressions are visited via the block
      const childLine = body && typeof body === 'object' && !Array.isArray(body) && typeof (body as PlpgsqlNode).lineno === 'number' ? ((body as PlpgsqlNode).lineno as number) : lineno;
      later(body, childLine, key.startsWith('PLpgSQL_') ? key : holder);
    }
  }
  return out;
}

const ASSIGNMENT = /^([\s\S]*?)(:=|=)/;

/**
 * What PostgreSQL's validator parses for a PL/pgSQL expression: statements as they are, expressions as
 * SELECT <expr>, assignments as SELECT <right-hand side> (`queryOffset`: where that starts in the query).
 */
export function embeddedSql(query: string, parseMode: number): { readonly prefix: string; readonly queryOffset: number; readonly text: string } | undefined {
  if (parseMode === 2) return { prefix: 'SELECT ', queryOffset: 0, text: `SELECT ${query}` };
  if (parseMode < 3) return { prefix: '', queryOffset: 0, text: query };
  const m = ASSIGNMENT.exec(query);
  if (!m) return undefined;
  return { prefix: 'SELECT ', queryOffset: m[0].length, text: `SELECT ${query.slice(m[0].length)}` };
}

function parseEmbedded(expr: CollectedExpression, bodyTokens: readonly ScanToken[], bodyLines: LineIndex, toRelative: (i: number) => number): EmbeddedParse | undefined {
  const sql = embeddedSql(expr.query, expr.parseMode);
  if (!sql) return undefined;
  const { prefix, queryOffset } = sql;
  const outcome = parseStatementText(sql.text);
  // Align the query's tokens with the body's, starting at the construct's line.
  const queryTokens = scanText(expr.query);
  const lineStart = bodyLines.lineStart(Math.max(0, expr.lineno - 1));
  let j = bodyTokens.findIndex((t) => t.start >= lineStart);
  if (j < 0) j = bodyTokens.length;
  const pairs: { q: number; b: number; len: number }[] = [];
  for (const qt of queryTokens) {
    const wanted = qt.text.toLowerCase();
    for (let k = j; k < Math.min(bodyTokens.length, j + 16); k++) {
      if (bodyTokens[k].text.toLowerCase() === wanted) {
        pairs.push({ q: qt.start, b: bodyTokens[k].start, len: qt.end - qt.start });
        j = k + 1;
        break;
      }
    }
  }
  const fallback = toRelative(lineStart);
  const queryToBody = (q: number): number => {
    let best: { q: number; b: number; len: number } | undefined;
    for (const p of pairs) {
      if (p.q <= q) best = p;
      else break;
    }
    if (!best) return pairs.length > 0 ? pairs[0].b : -1;
    return best.b + Math.min(q - best.q, best.len);
  };
  const map = (index: number): number => {
    const q = index - prefix.length + queryOffset;
    const b = queryToBody(Math.max(0, q));
    return b < 0 ? fallback : toRelative(b);
  };
  const tokens: ScanToken[] = [];
  for (const t of scanTokens(outcome)) {
    if (t.start < prefix.length) continue;
    const q = t.start - prefix.length + queryOffset;
    const pair = pairs.find((p) => p.q === q);
    if (!pair) continue;
    const start = toRelative(pair.b);
    tokens.push({ ...t, start, end: toRelative(pair.b + (t.end - t.start)) });
  }
  return { outcome, map, tokens, lineno: expr.lineno, parseMode: expr.parseMode, holder: expr.holder };
}

/** Finds the body range (decoded indexes) of a PL/pgSQL parse error by bisecting over body prefixes. */
/**
 * Parses the routine; where PostgreSQL's PL/pgSQL parser, lacking the catalog, takes a variable of an unknown
 * type (an enum or domain, say) for a composite and rejects `SELECT a, b INTO x, v` with "v is not a scalar
 * variable", the declaration is re-read with a same-length scalar type and parsed again. With the catalog,
 * PostgreSQL would know; without it, we do not claim an error.
 */
function parseWithScalarGuesses(text: string, literal: BodyLiteral): { parsed: ReturnType<typeof parsePlpgsqlText>; text: string } {
  let parsed = parsePlpgsqlText(text);
  for (let attempt = 0; attempt < 16 && 'error' in parsed; attempt++) {
    const variable = /^"(.+)" is not a scalar variable$/.exec(parsed.error)?.[1];
    if (!variable) break;
    const declaration = new RegExp(`(^|[\\s;])${variable.replace(/[^\w]/g, '\\$&')}\\s+(constant\\s+)?([A-Za-z_][\\w$]*(?:\\.[A-Za-z_][\\w$]*)*)(?![\\w$.%])`, 'i');
    const body = text.slice(literal.contentStart, literal.contentEnd);
    const m = declaration.exec(body);
    if (!m || m[3].length < 3) break;
    const typeStart = literal.contentStart + (m.index ?? 0) + m[0].length - m[3].length;
    const scalar = (m[3].length >= 4 ? 'text' : 'int').padEnd(m[3].length, ' ');
    text = text.slice(0, typeStart) + scalar + text.slice(typeStart + m[3].length);
    parsed = parsePlpgsqlText(text);
  }
  return { parsed, text };
}

function locatePlpgsqlError(text: string, literal: BodyLiteral, message: string): { start: number; end: number } {
  const body = literal.decoded;
  const tokens = scanText(body);
  const cuts = tokens.length > 0 ? tokens.map((t) => t.end) : lineEnds(body);
  const rawOf = (bodyIndex: number): number => (literal.map ? literal.map[Math.min(bodyIndex, literal.map.length - 1)] : literal.contentStart + bodyIndex);
  const failsHere = (cutIndex: number): boolean => {
    const cut = rawOf(cuts[cutIndex]);
    const candidate = text.slice(0, cut) + '\n' + text.slice(literal.closeStart);
    const result = parsePlpgsqlText(candidate);
    return 'error' in result && !/end of input|end of function|unexpected end/i.test(result.error);
  };
  let low = 0;
  let high = cuts.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (failsHere(mid)) {
      found = mid;
      high = mid - 1;
    } else low = mid + 1;
  }
  if (found < 0) {
    // Every prefix ends early, so bisection cannot tell (the message is "... at end of input"): look for the
    // PL/pgSQL statement whose SQL is cut short; else it is the body's end (e.g. a missing END).
    const culprit = incompleteSqlStatement(body);
    if (culprit) return culprit;
    const last = tokens[tokens.length - 1];
    return last ? { start: last.start, end: last.end } : { start: Math.max(0, body.length - 1), end: body.length };
  }
  const near = /"((?:[^"]|"")+)"/.exec(message)?.[1]?.toLowerCase();
  if (near && tokens.length > 0) {
    for (let k = found; k >= 0; k--) {
      const t = tokens[k];
      const word = t.text.toLowerCase();
      if (word === near || word === `"${near}"` || near.startsWith(word + '\n') || (near.length > 2 && word.startsWith(near))) return { start: t.start, end: t.end };
    }
  }
  const t = tokens[found];
  return t ? { start: t.start, end: t.end } : { start: cuts[found], end: cuts[found] };
}

/**
 * The first `;`-terminated PL/pgSQL statement whose SQL part ends in mid-expression ("at end of input"),
 * read the way PL/pgSQL hands it to the SQL parser: PERFORM/RETURN as SELECT, conditions and assignments as
 * SELECT <expr>. Returns the range of its terminating semicolon.
 */
function incompleteSqlStatement(body: string): { start: number; end: number } | undefined {
  for (const segment of splitSql(body).segments) {
    if (segment.kind !== 'statement' || !segment.terminated) continue;
    let sql = body.slice(segment.start, segment.end - 1);
    sql = sql.replace(/^(\s*(begin|loop|else|then|declare)\b)+/i, '');
    sql = sql.replace(/^\s*(perform|return(\s+(next|query))?)\b/i, 'select ');
    sql = sql.replace(/^\s*(if|elsif|while)\b([\s\S]*?)\b(then|loop)\b[\s\S]*$/i, 'select $2');
    sql = sql.replace(/^\s*[\w.]+\s*:?=/, 'select ');
    if (sql.trim() === '') continue;
    const outcome = parseStatementText(sql);
    if (outcome.error && /end of input/.test(outcome.error.message)) return { start: segment.end - 1, end: segment.end };
  }
  return undefined;
}

function lineEnds(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') out.push(i);
  out.push(text.length);
  return out;
}

function makeView(statement: Statement, relative: RelativeAnalysis): PlpgsqlAnalysis {
  const base = statement.start;
  const literal = relative.literal;
  const bodyLines = new LineIndex(literal.decoded);
  const offsetOfBodyIndex = (i: number): number => base + (literal.map ? literal.map[Math.max(0, Math.min(i, literal.map.length - 1))] : literal.contentStart + i);
  return {
    statement,
    body: { start: base + literal.contentStart, end: base + literal.contentEnd },
    bodyText: literal.decoded,
    tree: relative.tree,
    errors: relative.errors.map((e) => ({ message: e.message, range: { start: base + e.start, end: base + Math.max(e.end, e.start + 1) } })),
    statements: relative.embedded.map((e) => new EmbeddedStatement(statement, e)),
    ...(relative.tooDeep ? { tooDeep: relative.tooDeep } : {}),
    offsetOfLine: (lineno) => offsetOfBodyIndex(bodyLines.lineStart(Math.max(0, lineno - 1))),
    offsetOfBodyIndex,
  };
}

/** A SQL statement or expression inside a PL/pgSQL body, seen like a top-level statement by rules. */
export class EmbeddedStatement implements StatementView {
  private tokenCache: readonly DocumentToken[] | undefined;

  constructor(
    readonly container: Statement,
    private readonly parse: EmbeddedParse,
  ) {}

  get index(): number {
    return this.container.index;
  }

  /** Set when this SQL nests too deeply to analyse (it then has no AST). */
  get tooDeep(): Nesting | undefined {
    return this.parse.outcome.tooDeep;
  }

  /** PL/pgSQL's parse mode: 0 a statement, 2 an expression, 3-5 an assignment. */
  get parseMode(): number {
    return this.parse.parseMode;
  }

  /** The PL/pgSQL construct holding this SQL (PLpgSQL_stmt_execsql, PLpgSQL_stmt_if, ...). */
  get holder(): string {
    return this.parse.holder;
  }

  get lineno(): number {
    return this.parse.lineno;
  }

  get text(): string {
    return this.parse.outcome.text;
  }

  get ast(): Node | undefined {
    return this.parse.outcome.stmts[0]?.stmt;
  }

  get kind(): string {
    return tagOf(this.ast);
  }

  get start(): number {
    const tokens = this.tokens();
    return tokens.length > 0 ? tokens[0].start : this.container.start + this.parse.map(0);
  }

  get end(): number {
    const tokens = this.tokens();
    return tokens.length > 0 ? tokens[tokens.length - 1].end : this.start;
  }

  offsetOfLocation(location: number | undefined): number {
    const index = location === undefined || location < 0 ? 0 : this.parse.outcome.offsets.indexOfByte(location);
    return this.container.start + this.parse.map(index);
  }

  rangeOfLocation(location: number | undefined): OffsetRange {
    const offset = this.offsetOfLocation(location);
    // A name is read where it stands in the document (the body's identifiers are written as in plain SQL).
    const name = identifierAt(this.container.text, offset - this.container.start);
    if (name) return { start: name.start + this.container.start, end: name.end + this.container.start };
    const token = this.tokenAt(offset);
    return token ? { start: token.start, end: token.end } : { start: offset, end: offset };
  }

  tokens(): readonly DocumentToken[] {
    const base = this.container.start;
    this.tokenCache ??= this.parse.tokens.map((t) => ({ ...t, start: t.start + base, end: t.end + base }));
    return this.tokenCache;
  }

  tokenAt(offset: number): DocumentToken | undefined {
    return findTokenAt(this.tokens(), offset);
  }

  rangeOfWords(words: readonly string[], from = this.start): OffsetRange {
    return findWords(this.tokens(), words, from) ?? this.headRange();
  }

  headRange(): OffsetRange {
    const start = this.start;
    const end = this.end;
    const range = headRangeOf(start, this.container.text.slice(start - this.container.start, end - this.container.start));
    return range.end > range.start ? range : { start, end: Math.max(end, start + 1) };
  }
}
