/**
 * The function call the cursor is in, read by a tolerant scan of the text: while typing, the statement rarely
 * parses and PostgreSQL's own scanner gives up on an unterminated string, so parentheses, commas, quotes,
 * dollar quotes and comments are tracked here by hand. Commas count only at the call's own nesting level; a
 * cursor in a function body (a dollar-quoted string) is looked up in the body's own text.
 */
import { foldIdentifier, type NameReference } from '../catalog/names';
import type { OffsetRange } from '../parse/positions';

export interface CallContext {
  /** The called name: the qualifier, when written, and the name (folded as PostgreSQL folds them). */
  readonly name: NameReference;
  readonly nameRange: OffsetRange;
  /** Offset of the call's opening parenthesis. */
  readonly open: number;
  /** The argument the cursor is in: top-level commas of the call before the cursor. */
  readonly argumentIndex: number;
  /** Arguments written, those after the cursor included when the call is closed; 0 for `f()`. */
  readonly argumentCount: number;
  /** The parameter named by the argument the cursor is in (`f(p => |`), folded. */
  readonly argumentName?: string;
  /** The cursor is past the arguments, in an aggregate's ORDER BY. */
  readonly inOrderBy: boolean;
  /** What precedes the name: an upper-cased word, or punctuation (`::`, `,`, `(`), '' at the start. */
  readonly before: string;
  /** The first word of the statement the call is in, upper-cased ('' when none). */
  readonly statementWord: string;
}

type TokenKind = 'word' | 'quoted' | 'punct' | 'literal';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

interface Frame {
  /** `(` or `[`. */
  readonly bracket: string;
  readonly open: number;
  /** The call name and what precedes it, for a `(` after a name. */
  readonly call: { readonly name: NameReference; readonly range: OffsetRange; readonly before: string } | undefined;
  /** A `(` or `[` that only groups (after an operator, a comma, another parenthesis). */
  readonly grouping: boolean;
  commas: number;
  /** Commas counted when ORDER appeared at this level (-1: not seen). */
  orderAt: number;
  firstWord: string | undefined;
  hasContent: boolean;
  /** The first two tokens of the current argument (named-argument notation). */
  argTokens: Token[];
}

/** Words before a parenthesis that holds a list of its own (IN (...), VALUES (...), ARRAY[...]), not a call's arguments. */
const LIST_WORDS: ReadonlySet<string> = new Set([
  'IN', 'ANY', 'ALL', 'SOME', 'ARRAY', 'VALUES', 'EXISTS', 'ROW', 'USING', 'KEY', 'UNIQUE', 'INCLUDE', 'OVER', 'FILTER', 'GROUP', 'CHECK', 'EXCLUDE', 'BY',
]);

/** Words that open a subquery: commas after them are not the enclosing call's. */
const QUERY_WORDS: ReadonlySet<string> = new Set(['SELECT', 'WITH', 'VALUES', 'TABLE']);

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/y;
const OPERATOR_CHARS = /[+\-*/<>=~!@#%^&|`?:]/;

/**
 * The innermost call around `offset` in `text[from, to)`, walking out through grouping parentheses; undefined
 * when the cursor is in a comment, in a subquery or in a parenthesis that is no call (a column list, IN (...)).
 * `isReserved` says which words cannot name a function (reserved keywords).
 */
export function callAt(text: string, from: number, to: number, offset: number, isReserved: (word: string) => boolean): CallContext | undefined {
  return new CallScanner(text, isReserved).scan(from, to, offset);
}

class CallScanner {
  constructor(
    private readonly text: string,
    private readonly isReserved: (word: string) => boolean,
  ) {}

  scan(from: number, to: number, offset: number): CallContext | undefined {
    const text = this.text;
    let stack: Frame[] = [];
    const recent: Token[] = [];
    let statementWord = '';
    /** Set once the cursor is reached: the frame it is in, followed to its end to count all its arguments. */
    let target: { frame: Frame; depth: number; context: Omit<CallContext, 'argumentCount'>; commasAtCursor: number; contentAtCursor: boolean } | undefined;
    /** Whether the cursor's call is still open (its frame is where it was on the stack). */
    const open = (t: { frame: Frame; depth: number }): boolean => stack.length > t.depth && stack[t.depth] === t.frame;
    let reached = false;
    let i = from;

    const snapshot = (): Omit<CallContext, 'argumentCount'> & { frame: Frame } | undefined => {
      for (let k = stack.length - 1; k >= 0; k--) {
        const frame = stack[k];
        if (frame.call) {
          const argumentName = namedArgument(frame.argTokens);
          return {
            frame,
            name: frame.call.name,
            nameRange: frame.call.range,
            open: frame.open,
            argumentIndex: frame.orderAt >= 0 ? frame.orderAt : frame.commas,
            ...(argumentName !== undefined ? { argumentName } : {}),
            inOrderBy: frame.orderAt >= 0,
            before: frame.call.before,
            statementWord,
          };
        }
        if (!frame.grouping || (frame.firstWord !== undefined && QUERY_WORDS.has(frame.firstWord))) return undefined;
      }
      return undefined;
    };
    /** Records, once, the call the cursor is in (none when it is in a subquery or a list). */
    const reach = (): void => {
      if (reached) return;
      reached = true;
      const s = snapshot();
      if (s) {
        const { frame, ...context } = s;
        target = { frame, depth: stack.indexOf(frame), context, commasAtCursor: frame.commas, contentAtCursor: frame.hasContent };
      }
    };
    const push = (token: Token): void => {
      const top = stack[stack.length - 1];
      if (top) {
        if (!top.hasContent) {
          top.hasContent = true;
          if (token.kind === 'word') top.firstWord = token.text.toUpperCase();
        }
        if (top.argTokens.length < 3) top.argTokens.push(token);
        if (token.kind === 'word' && top.call && top.orderAt < 0 && token.text.toUpperCase() === 'ORDER') top.orderAt = top.commas;
      } else if (statementWord === '' && token.kind === 'word') statementWord = token.text.toUpperCase();
      recent.push(token);
      if (recent.length > 4) recent.shift();
    };

    while (i < to) {
      if (!reached && i >= offset) reach();
      if (reached && (!target || !open(target))) break;
      const c = text[i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') {
        i++;
        continue;
      }
      const start = i;
      if (c === '-' && text[i + 1] === '-') {
        const newline = text.indexOf('\n', i);
        const end = newline < 0 || newline > to ? to : newline;
        if (!reached && offset > start && offset <= end) return undefined;
        i = end;
        continue;
      }
      if (c === '/' && text[i + 1] === '*') {
        const end = blockCommentEnd(text, i, to);
        if (!reached && offset > start && (offset < end || (offset === end && !text.startsWith('*/', end - 2)))) return undefined;
        i = end;
        continue;
      }
      if (c === "'") {
        const previous = recent[recent.length - 1];
        const escaped = previous !== undefined && previous.end === start && /^[eE]$/.test(previous.text);
        const quoted = quotedEnd(text, i, to, "'", escaped);
        // A cursor inside a string is in the argument the string is.
        if (!reached && offset > start && (offset < quoted.end || !quoted.closed)) reach();
        push({ kind: 'literal', text: "'", start, end: quoted.end });
        i = quoted.end;
        continue;
      }
      if (c === '"') {
        const quoted = quotedEnd(text, i, to, '"', false);
        if (!reached && offset > start && (offset < quoted.end || !quoted.closed)) reach();
        const value = text.slice(start + 1, quoted.closed ? quoted.end - 1 : quoted.end).replace(/""/g, '"');
        push({ kind: 'quoted', text: value, start, end: quoted.end });
        i = quoted.end;
        continue;
      }
      if (c === '$') {
        DOLLAR_TAG.lastIndex = i;
        const tag = (recent.length === 0 || recent[recent.length - 1].end !== start || recent[recent.length - 1].kind !== 'word') ? DOLLAR_TAG.exec(text) : null;
        if (tag) {
          const contentStart = i + tag[0].length;
          const close = text.indexOf(tag[0], contentStart);
          const contentEnd = close < 0 || close + tag[0].length > to ? to : close;
          const end = close < 0 || close + tag[0].length > to ? to : close + tag[0].length;
          if (!reached && offset >= contentStart && offset <= contentEnd) {
            // A routine body: the call the cursor is in within the body's own text, else the string is an argument.
            const inner = new CallScanner(text, this.isReserved).scan(contentStart, contentEnd, offset);
            if (inner) return inner;
            reach();
          }
          push({ kind: 'literal', text: '$', start, end });
          i = end;
          continue;
        }
      }
      if (IDENT_START.test(c)) {
        let j = i + 1;
        while (j < to && IDENT_PART.test(text[j])) j++;
        push({ kind: 'word', text: text.slice(i, j), start, end: j });
        i = j;
        continue;
      }
      if (c >= '0' && c <= '9') {
        let j = i + 1;
        while (j < to && /[0-9A-Za-z_.]/.test(text[j]) && !(text[j] === '.' && text[j + 1] === '.')) j++;
        push({ kind: 'literal', text: text.slice(i, j), start, end: j });
        i = j;
        continue;
      }
      if (c === '(' || c === '[') {
        const frame = this.openFrame(c, start, recent);
        push({ kind: 'punct', text: c, start, end: start + 1 });
        stack.push(frame);
        recent.length = 0;
        i++;
        continue;
      }
      if (c === ')' || c === ']') {
        stack.pop();
        push({ kind: 'punct', text: c, start, end: start + 1 });
        i++;
        continue;
      }
      if (c === ',') {
        const top = stack[stack.length - 1];
        if (top) {
          top.commas++;
          top.argTokens = [];
        }
        recent.push({ kind: 'punct', text: ',', start, end: start + 1 });
        if (recent.length > 4) recent.shift();
        i++;
        continue;
      }
      if (c === ';') {
        // A new statement (top level, or the next PL/pgSQL statement of a body).
        if (reached) break;
        stack = [];
        recent.length = 0;
        statementWord = '';
        i++;
        continue;
      }
      let j = i + 1;
      if (OPERATOR_CHARS.test(c)) while (j < to && OPERATOR_CHARS.test(text[j]) && !text.startsWith('--', j) && !text.startsWith('/*', j)) j++;
      push({ kind: 'punct', text: text.slice(i, j), start, end: j });
      i = j;
    }
    if (!reached) {
      if (offset > to) return undefined;
      reach();
    }
    if (!target) return undefined;
    const frame = target.frame;
    let argumentCount: number;
    if (!open(target)) argumentCount = frame.hasContent ? (frame.orderAt >= 0 ? frame.orderAt : frame.commas) + 1 : 0;
    else argumentCount = target.contentAtCursor || target.commasAtCursor > 0 ? target.context.argumentIndex + 1 : 0;
    return { ...target.context, argumentCount };
  }

  /** A frame for `(` / `[` from the tokens before it: a call after a name, grouping after punctuation. */
  private openFrame(bracket: string, open: number, recent: readonly Token[]): Frame {
    const { call, grouping } = this.classify(bracket, recent);
    return { bracket, open, call, grouping, commas: 0, orderAt: -1, firstWord: undefined, hasContent: false, argTokens: [] };
  }

  private classify(bracket: string, recent: readonly Token[]): Pick<Frame, 'call' | 'grouping'> {
    const last = recent[recent.length - 1];
    if (!last) return { call: undefined, grouping: true };
    if (last.kind === 'punct') return { call: undefined, grouping: last.text !== ')' && last.text !== ']' };
    if (last.kind === 'literal') return { call: undefined, grouping: false };
    if (last.kind === 'word') {
      if (LIST_WORDS.has(last.text.toUpperCase())) return { call: undefined, grouping: false };
      // `AND (`, `SELECT (`, `THEN (`: a reserved word before a parenthesis that only groups.
      if (this.isReserved(last.text)) return { call: undefined, grouping: true };
    }
    if (bracket !== '(') return { call: undefined, grouping: true };
    const name = last.kind === 'word' ? foldIdentifier(last.text) : last.text;
    const range = { start: last.start, end: last.end };
    const dot = recent[recent.length - 2];
    const qualifier = recent[recent.length - 3];
    if (dot?.text === '.' && dot.kind === 'punct' && qualifier && (qualifier.kind === 'word' || qualifier.kind === 'quoted')) {
      const schema = qualifier.kind === 'word' ? foldIdentifier(qualifier.text) : qualifier.text;
      return { call: { name: { schema, name }, range, before: describe(recent[recent.length - 4]) }, grouping: false };
    }
    return { call: { name: { name }, range, before: describe(dot) }, grouping: false };
  }
}

function describe(token: Token | undefined): string {
  if (!token) return '';
  return token.kind === 'word' ? token.text.toUpperCase() : token.kind === 'quoted' ? `"${token.text}"` : token.text;
}

/** `name =>` or `name :=` at the start of an argument. */
function namedArgument(tokens: readonly Token[]): string | undefined {
  const [first, arrow] = tokens;
  if (!first || !arrow || arrow.kind !== 'punct' || (arrow.text !== '=>' && arrow.text !== ':=')) return undefined;
  if (first.kind === 'word') return foldIdentifier(first.text);
  if (first.kind === 'quoted') return first.text;
  return undefined;
}

/** End of a (possibly nested) block comment starting at `i`, or `to` when unterminated. */
function blockCommentEnd(text: string, i: number, to: number): number {
  let depth = 0;
  let j = i;
  while (j < to) {
    if (text.startsWith('/*', j)) {
      depth++;
      j += 2;
    } else if (text.startsWith('*/', j)) {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else j++;
  }
  return to;
}

/** End of a quoted string or identifier starting at `i` (doubled quotes; backslashes in E'' strings). */
function quotedEnd(text: string, i: number, to: number, quote: string, backslashes: boolean): { end: number; closed: boolean } {
  let j = i + 1;
  while (j < to) {
    const ch = text[j];
    if (backslashes && ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === quote) {
      if (j + 1 < to && text[j + 1] === quote) {
        j += 2;
        continue;
      }
      return { end: j + 1, closed: true };
    }
    j++;
  }
  return { end: to, closed: false };
}
