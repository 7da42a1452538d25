/**
 * Hover text for the word under the cursor: a built-in data type, function, operator or keyword, with its
 * description from PostgreSQL's catalog (core/knowledge/builtins.json) and its page in the documentation of the
 * configured version. Tokens come from PostgreSQL's own scanner over the statement at the cursor, so strings,
 * comments and quoted bodies never get word hovers. User objects are not claimed: a name gets a function hover
 * only where it is called, and a type hover only where a type is written.
 */
import { parseStatementText, scanText, type ScanToken } from '../parse/parser';
import { walkAst } from '../parse/ast';
import { segmentParseText, splitSql, type Segment } from '../parse/split';
import { findTokenAt } from '../parse/tokens';
import type { OffsetRange } from '../parse/positions';
import { builtins, type BuiltinFunction, type BuiltinOperator, type BuiltinType, type Builtins } from '../knowledge/builtins';
import { docsLink, docsUrl, functionDocsPage, KEYWORD_PAGES, operatorDocsPage, typeDocsPage } from '../knowledge/builtin-docs';

export interface WordHover {
  readonly markdown: string;
  /** UTF-16 offsets into the document. */
  readonly range: OffsetRange;
}

/** Tokens that are never words to explain. */
const NOT_WORDS = new Set(['SCONST', 'USCONST', 'BCONST', 'XCONST', 'ICONST', 'FCONST', 'PARAM', 'C_COMMENT', 'SQL_COMMENT', 'IDENT_DELIMITED']);
const OPERATOR_TEXT = /^[+\-*/<>=~!@#%^&|`?]+$/;
/** Signatures shown per function or operator. */
const MAX_LINES = 8;

const CATEGORY_NAMES: Readonly<Record<string, string>> = {
  A: 'array type',
  B: 'boolean type',
  D: 'date/time type',
  E: 'enum type',
  G: 'geometric type',
  I: 'network address type',
  N: 'numeric type',
  P: 'pseudo-type',
  R: 'range type',
  S: 'string type',
  T: 'time span type',
  U: 'data type',
  V: 'bit string type',
  X: 'pseudo-type',
  Z: 'internal type',
};

/** Markdown and range for the built-in word at `offset`, or undefined when there is none there. */
export function wordHover(documentText: string, offset: number, postgresVersion: number): WordHover | undefined {
  const tokens = statementTokensAt(documentText, offset);
  if (!tokens) return undefined;
  const token = findTokenAt(tokens, offset);
  if (!token || NOT_WORDS.has(token.kind)) return undefined;
  const index = tokens.indexOf(token);
  const data = builtins();
  const context = new Context(tokens, data);
  if (!token.keyword && token.kind !== 'IDENT') {
    return isOperatorToken(token) ? operatorHover(data, token, postgresVersion) : undefined;
  }
  const type = context.typeAt(index);
  if (type) return { markdown: typeMarkdown(type.type, postgresVersion), range: type.range };
  const fn = context.functionCallAt(index);
  if (fn) return { markdown: functionMarkdown(fn, postgresVersion), range: { start: token.start, end: token.end } };
  if (token.keyword) {
    // An unreserved keyword used as a name (a column called `text`, `t.name`) is the user's, not SQL's.
    const category = data.keywords.get(token.text.toLowerCase())?.category ?? 'U';
    if (category !== 'R' && (context.qualified(index) || nameStartsAt(documentText, offset).has(token.start))) return undefined;
    const markdown = keywordMarkdown(context, index, postgresVersion);
    return markdown ? { markdown, range: { start: token.start, end: token.end } } : undefined;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Tokens of the statement at the cursor (the last document's split is kept: hovers come in runs).

let lastText: string | undefined;
let lastSegments: readonly Segment[] = [];
const tokenCache = new Map<number, readonly ScanToken[]>();
const nameCache = new Map<number, ReadonlySet<number>>();

/**
 * Document offsets where the parser saw a name (column reference, table, column definition, insert column):
 * an unreserved keyword there is a user's column or table, not a keyword. Empty when the statement does not parse.
 */
function nameStartsAt(text: string, offset: number): ReadonlySet<number> {
  const segment = segmentAt(lastSegments, offset);
  if (!segment || text !== lastText) return new Set();
  const hit = nameCache.get(segment.start);
  if (hit) return hit;
  const starts = new Set<number>();
  const outcome = parseStatementText(segmentParseText(text.slice(segment.start, segment.end), segment), segment.psqlVariables);
  for (const raw of outcome.stmts) {
    if (!raw.stmt) continue;
    walkAst(raw.stmt, (ref) => {
      if (ref.tag === 'ColumnRef' || ref.tag === 'RangeVar' || ref.tag === 'ColumnDef' || ref.tag === 'ResTarget') {
        const location = (ref.node as { location?: number }).location;
        if (typeof location === 'number' && location >= 0) starts.add(segment.start + outcome.offsets.indexOfByte(location));
      }
    });
  }
  nameCache.set(segment.start, starts);
  return starts;
}

function statementTokensAt(text: string, offset: number): readonly ScanToken[] | undefined {
  if (text !== lastText) {
    lastText = text;
    lastSegments = splitSql(text).segments;
    tokenCache.clear();
    nameCache.clear();
  }
  const segment = segmentAt(lastSegments, offset);
  if (!segment || segment.kind !== 'statement') return undefined;
  let tokens = tokenCache.get(segment.start);
  if (!tokens) {
    const parseText = segmentParseText(text.slice(segment.start, segment.end), segment);
    tokens = scanText(parseText).map((t) => ({ ...t, start: t.start + segment.start, end: t.end + segment.start }));
    tokenCache.set(segment.start, tokens);
  }
  return tokens;
}

function segmentAt(segments: readonly Segment[], offset: number): Segment | undefined {
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const s = segments[mid];
    if (offset < s.start) high = mid - 1;
    else if (offset >= s.end) low = mid + 1;
    else return s;
  }
  return undefined;
}

function isOperatorToken(token: ScanToken): boolean {
  return token.kind !== 'TYPECAST' && OPERATOR_TEXT.test(token.text);
}

// ---------------------------------------------------------------------------------------------------------
// Where a word stands in its statement.

/** Words before a name that make it the name of an object being created, dropped or written to, not a call. */
const NOT_CALL_AFTER = new Set([
  'INTO', 'TABLE', 'REFERENCES', 'FUNCTION', 'PROCEDURE', 'AGGREGATE', 'ROUTINE', 'TRIGGER', 'VIEW', 'TYPE', 'EXISTS',
  'INDEX', 'SEQUENCE', 'WITH', 'RECURSIVE', 'COPY', 'USING', 'DOMAIN', 'UPDATE', 'ONLY', 'AS', 'STATISTICS', 'POLICY', 'SCHEMA',
]);
/** Statements whose `ON <name>` names a table (CREATE INDEX ... ON t (a), CREATE TRIGGER ... ON t, GRANT ... ON t). */
const OBJECT_ON_STATEMENTS = new Set(['CREATE', 'ALTER', 'DROP', 'GRANT', 'REVOKE', 'COMMENT', 'SECURITY']);
/** Commands whose `(type, type)` lists are argument types. */
const SIGNATURE_COMMANDS = /\b(FUNCTION|PROCEDURE|AGGREGATE|ROUTINE|OPERATOR|CAST)\b/;
/** Statements where `name type` and `(type, type)` are column definitions or argument lists. */
const DEFINITION_STATEMENTS = new Set(['CREATE', 'ALTER', 'DROP', 'COMMENT', 'GRANT', 'REVOKE']);

class Context {
  constructor(
    private readonly tokens: readonly ScanToken[],
    private readonly data: Builtins,
  ) {}

  private upper(i: number): string {
    const t = this.tokens[i];
    return t ? (t.keyword ? t.kind : t.kind === 'IDENT' && !t.text.startsWith('"') ? t.text.toUpperCase() : t.text) : '';
  }

  /** Lower-case word of a keyword or unquoted identifier, the exact text of a quoted one, '' otherwise. */
  private word(i: number): string {
    const t = this.tokens[i];
    if (!t || !(t.keyword || t.kind === 'IDENT')) return '';
    return t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase();
  }

  private isWord(i: number): boolean {
    const t = this.tokens[i];
    return !!t && (t.keyword || t.kind === 'IDENT');
  }

  private text(i: number): string {
    return this.tokens[i]?.text ?? '';
  }

  private get first(): string {
    return this.upper(0);
  }

  /** The built-in type written at token `index` (the whole of a multi-word name), when this is a type position. */
  typeAt(index: number): { type: BuiltinType; range: OffsetRange } | undefined {
    // The longest name that covers the token: "time" in "timestamp with time zone" is part of it.
    for (let start = Math.max(0, index - 5); start <= index; start++) {
      const match = this.matchType(start);
      if (!match || match.last < index) continue;
      const startToken = this.tokens[start];
      const keywordType = startToken.keyword && this.data.keywords.get(startToken.text.toLowerCase())?.category === 'C';
      if (!keywordType && !this.isTypePosition(start, match.last)) return undefined;
      return { type: match.type, range: { start: startToken.start, end: this.tokens[match.last].end } };
    }
    return undefined;
  }

  /** A type name starting at token `i`: double precision, character varying, timestamp(3) with time zone, jsonb. */
  private matchType(i: number): { type: BuiltinType; last: number } | undefined {
    const w = this.word(i);
    if (w === '' || this.text(i).startsWith('"') || this.text(i - 1) === '.' || this.text(i + 1) === '.') return undefined;
    const lookup = (name: string, last: number) => {
      const type = this.data.types.get(name);
      return type ? { type, last } : undefined;
    };
    if (w === 'double' && this.word(i + 1) === 'precision') return lookup('double precision', i + 1);
    if (w === 'national' && ['character', 'char'].includes(this.word(i + 1)))
      return this.word(i + 2) === 'varying' ? lookup('character varying', i + 2) : lookup('character', i + 1);
    if ((w === 'character' || w === 'char' || w === 'bit') && this.word(i + 1) === 'varying') return lookup(`${w === 'bit' ? 'bit' : 'character'} varying`, i + 1);
    if (w === 'timestamp' || w === 'time') {
      let k = i + 1;
      if (this.text(k) === '(') {
        while (k < this.tokens.length && this.text(k) !== ')') k++;
        k++;
      }
      const zone = this.word(k);
      if ((zone === 'with' || zone === 'without') && this.word(k + 1) === 'time' && this.word(k + 2) === 'zone') return lookup(`${w} ${zone} time zone`, k + 2);
      return lookup(w === 'timestamp' ? 'timestamp without time zone' : 'time without time zone', i);
    }
    if (w === 'char' || w === 'character') return lookup('character', i);
    return lookup(w, i);
  }

  /** After `::`, AS inside CAST(...), TYPE, RETURNS, SETOF, or in a column definition or argument list. */
  private isTypePosition(start: number, last: number): boolean {
    const prev = this.upper(start - 1);
    if (this.tokens[start - 1]?.kind === 'TYPECAST') return true;
    if (prev === 'TYPE' || prev === 'RETURNS' || prev === 'SETOF') return true;
    if (prev === 'AS') {
      const open = this.openParenBefore(start - 1);
      if (open > 0 && ['CAST', 'TREAT'].includes(this.upper(open - 1))) return true;
      return ['DOMAIN', 'SEQUENCE'].some((w) => this.upper(start - 3) === w);
    }
    if (!DEFINITION_STATEMENTS.has(this.first)) return false;
    const next = this.tokens[last + 1];
    const followedByName = !!next && (next.kind === 'IDENT' || (next.keyword && this.data.types.has(next.text.toLowerCase())));
    // (int, text): an unnamed argument type; (a int) / ADD COLUMN a int / (IN a int): a named one.
    if ((prev === '(' || prev === ',') && !followedByName) return this.openParenBefore(start - 1) >= 0 && SIGNATURE_COMMANDS.test(this.command()?.name ?? '');
    if (this.isWord(start - 1)) {
      const before = this.upper(start - 2);
      return ['(', ',', 'COLUMN', 'ADD', 'IN', 'OUT', 'INOUT', 'VARIADIC'].includes(before) && (before !== 'ADD' || this.first === 'ALTER');
    }
    return false;
  }

  /** Index of the `(` that encloses token `i`, or -1. */
  private openParenBefore(i: number): number {
    let depth = 0;
    for (let k = i; k >= 0; k--) {
      const t = this.text(k);
      if (t === ')') depth++;
      else if (t === '(') {
        if (depth === 0) return k;
        depth--;
      }
    }
    return -1;
  }

  private closeParenAfter(open: number): number {
    let depth = 0;
    for (let k = open; k < this.tokens.length; k++) {
      const t = this.text(k);
      if (t === '(') depth++;
      else if (t === ')' && --depth === 0) return k;
    }
    return -1;
  }

  /** The built-in function called at token `index`: `name(` where the name is not a table, CTE or new object. */
  functionCallAt(index: number): BuiltinFunction | undefined {
    if (this.text(index + 1) !== '(') return undefined;
    const fn = this.data.functions.get(this.word(index));
    if (!fn) return undefined;
    let before = index - 1;
    if (this.text(before) === '.') {
      if (this.word(before - 1) !== 'pg_catalog') return undefined;
      before -= 2;
    }
    const prev = this.upper(before);
    if (NOT_CALL_AFTER.has(prev)) return undefined;
    if (prev === 'ON' && OBJECT_ON_STATEMENTS.has(this.first) && !this.tokens.slice(0, before).some((t) => t.kind === 'JOIN')) return undefined;
    // WITH name(a, b) AS (...): a CTE with a column list.
    const close = this.closeParenAfter(index + 1);
    if (close > 0 && this.upper(close + 1) === 'AS' && ['(', 'MATERIALIZED', 'NOT'].includes(this.upper(close + 2))) return undefined;
    return fn;
  }

  /** The SQL command the statement starts with: the longest command whose words lead the statement. */
  command(): { name: string; description: string; page: string } | undefined {
    const words: string[] = [];
    for (let i = 0; i < this.tokens.length && words.length < 8 && this.text(i) !== '('; i++) words.push(this.upper(i));
    let best: { name: string; description: string; page: string } | undefined;
    let bestLength = 0;
    for (const command of this.data.commands.values()) {
      const parts = command.name.split(' ');
      if (parts[0] !== words[0] || parts.length <= bestLength) continue;
      let k = 1;
      for (let w = 1; w < words.length && k < parts.length; w++) if (words[w] === parts[k]) k++;
      if (k === parts.length) {
        best = command;
        bestLength = parts.length;
      }
    }
    return best;
  }

  /** A word before or after a `.`: part of a qualified name. */
  qualified(i: number): boolean {
    return this.text(i - 1) === '.' || this.text(i + 1) === '.';
  }

  upperAt(i: number): string {
    return this.upper(i);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Markdown.

function typeMarkdown(type: BuiltinType, postgresVersion: number): string {
  const alias = type.displayName !== type.name && !type.displayName.startsWith('"') ? ` (\`${type.name}\`)` : '';
  const facts = [CATEGORY_NAMES[type.category] ?? 'data type'];
  if (type.length > 0) facts.push(`${type.length} byte${type.length === 1 ? '' : 's'}`);
  else if (type.length === -1 && type.typtype !== 'p') facts.push('variable length');
  const lines = [`**${type.displayName}**${alias} — built-in ${facts.join(', ')}`];
  if (type.description) lines.push('', sentence(type.description));
  lines.push('', docsLink(typeDocsPage(type), postgresVersion));
  return lines.join('\n');
}

function functionMarkdown(fn: BuiltinFunction, postgresVersion: number): string {
  const kinds = new Set(fn.signatures.map((s) => (s.kind === 'function' && s.returnsSet ? 'set-returning function' : `${s.kind === 'function' ? '' : s.kind + ' '}function`.replace('procedure function', 'procedure'))));
  const volatilities = new Set(fn.signatures.map((s) => s.volatility));
  const kind = [...kinds].join(' / ');
  const volatility = volatilities.size === 1 ? `, ${[...volatilities][0]}` : '';
  const lines = [`**${fn.name}** — built-in ${kind}${volatility}`, ''];
  const descriptions = new Set(fn.signatures.map((s) => s.description));
  const shown = fn.signatures.slice(0, MAX_LINES);
  if (descriptions.size === 1) {
    lines.push('```sql', ...shown.map((s) => `${fn.name}(${s.args}) → ${s.result}`), '```');
    const only = [...descriptions][0];
    if (only) lines.push(sentence(only));
  } else {
    for (const s of shown) lines.push(`- \`${fn.name}(${s.args})\` → \`${s.result}\`${s.description ? ': ' + s.description : ''}`);
  }
  const more = fn.signatures.length - shown.length + fn.more;
  if (more > 0) lines.push(`- … and ${more} more signature${more === 1 ? '' : 's'}`);
  lines.push('', docsLink(functionDocsPage(fn, postgresVersion), postgresVersion));
  return lines.join('\n');
}

function operatorHover(data: Builtins, token: ScanToken, postgresVersion: number): WordHover | undefined {
  const name = token.text === '!=' ? '<>' : token.text;
  const operators = data.operators.get(name);
  if (!operators || operators.length === 0) return undefined;
  const lines = [`**${token.text}** — built-in operator`, ''];
  // Common types first: what people write most often.
  const ranked = [...operators].sort((a, b) => rank(a) - rank(b));
  const shown = ranked.slice(0, MAX_LINES);
  for (const o of shown) lines.push(`- \`${o.left ? o.left + ' ' : ''}${o.name} ${o.right}\` → \`${o.result}\`${o.description ? ': ' + o.description : ''}`);
  if (operators.length > shown.length) lines.push(`- … and ${operators.length - shown.length} more`);
  lines.push('', docsLink(operatorDocsPage(name, ranked, postgresVersion), postgresVersion));
  return { markdown: lines.join('\n'), range: { start: token.start, end: token.end } };
}

const COMMON_TYPES = ['text', 'integer', 'bigint', 'numeric', 'jsonb', 'json', 'timestamp with time zone', 'date', 'anyarray', 'boolean'];
function rank(o: BuiltinOperator): number {
  const i = COMMON_TYPES.indexOf(o.left || o.right);
  return i < 0 ? COMMON_TYPES.length : i;
}

/** Tokens after which a command of its own starts: AS SELECT, (SELECT, UNION ALL SELECT, EXPLAIN (...) SELECT, DO INSTEAD ... */
const SUBQUERY_STARTS: ReadonlySet<string> = new Set(['AS', '(', ')', 'UNION', 'INTERSECT', 'EXCEPT', 'ALL', 'DISTINCT', 'INSTEAD', 'ALSO', 'EXPLAIN', 'ANALYZE', 'VERBOSE', 'THEN', 'ATOMIC', ';', 'FOR', 'CURSOR', 'PREPARE']);

function keywordMarkdown(context: Context, index: number, postgresVersion: number): string | undefined {
  const data = builtins();
  const upper = context.upperAt(index);
  const keyword = data.keywords.get(upper.toLowerCase());
  const category = keyword ? `, ${keyword.categoryText}` : '';
  const lines = [`**${upper}** — SQL keyword${category}`];
  const page = KEYWORD_PAGES[upper];
  // A keyword that starts a command of its own (SELECT in CREATE VIEW ... AS SELECT) explains that command; the
  // same word inside another command's name (TABLE in ALTER TABLE, UPDATE in FOR UPDATE) does not.
  const before = index > 0 ? context.upperAt(index - 1) : '';
  // After FOR only a query starts (DECLARE c CURSOR FOR SELECT), not FOR UPDATE / FOR SHARE.
  const starts = SUBQUERY_STARTS.has(before) && (before !== 'FOR' || upper === 'SELECT' || upper === 'VALUES' || upper === 'WITH');
  const own = starts ? data.commands.get(upper) : undefined;
  const command = own ?? context.command();
  const inCommandName = !!command && command.name.split(' ').includes(upper);
  if (page && index > 0 && !inCommandName) {
    lines.push('', docsLink(page, postgresVersion));
    if (command && command.page !== page) lines.push(`- in ${commandLink(command, postgresVersion)}`);
  } else if (command) {
    lines.push('', `${index === 0 || own ? 'Starts' : 'Part of'} **${command.name}**${command.description ? ': ' + command.description : ''}.`);
    lines.push('', docsLink(command.page, postgresVersion, command.name));
  } else if (page) {
    lines.push('', docsLink(page, postgresVersion));
  } else if (!keyword) {
    return undefined;
  }
  return lines.join('\n');
}

function commandLink(command: { name: string; page: string }, postgresVersion: number): string {
  return `[${command.name}](${docsUrl(command.page, postgresVersion)})`;
}

function sentence(t: string): string {
  return t;
}
