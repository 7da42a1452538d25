/**
 * Splits a SQL document into statements the way psql sends them to the server: semicolons end statements
 * except inside quotes, dollar quotes, comments, parentheses and `BEGIN ATOMIC ... END` bodies; psql
 * meta-commands (`\set`, `\gset`, ...) and COPY ... FROM STDIN data blocks are their own segments.
 *
 * Recovery differs from psql on purpose: an unterminated quote or comment ends its statement at the end of
 * its line, and unbalanced parentheses end it at the first semicolon, so one typo does not swallow the rest
 * of the file.
 */
import type { OffsetRange } from './positions';
import { finish, STATEMENTS_PER_LIGHT_STEP, type Steps } from '../runtime/steps';

export type SegmentKind = 'statement' | 'psql-command' | 'copy-data';

export interface Segment {
  readonly kind: SegmentKind;
  /** Offset of the first significant character (comments before it are not part of the segment). */
  readonly start: number;
  /** Exclusive end offset; for statements it includes the terminating semicolon. */
  readonly end: number;
  /** Where the gap before this segment starts: the end of the previous segment (or 0). */
  readonly gapStart: number;
  /** Statement ended by a semicolon or a sending meta-command (`\g`, `\gset`, ...). */
  readonly terminated: boolean;
  /** Offsets (relative to `start`) of the `:` of candidate psql variable references (`:v`, `:'v'`, `:"v"`, `:{?v}`). */
  readonly psqlVariables: readonly number[];
  /** Ranges (relative to `start`) to blank before parsing: meta-commands in the middle of a statement. */
  readonly blanks: readonly OffsetRange[];
  /** Offsets (relative to `start`) of backslashes in `\'` to rewrite as `''` (standard_conforming_strings off). */
  readonly backslashQuotes: readonly number[];
}

export interface Comment {
  readonly start: number;
  readonly end: number;
  readonly block: boolean;
}

export interface SplitResult {
  readonly segments: readonly Segment[];
  readonly comments: readonly Comment[];
  /**
   * Scanning could start afresh at any segment boundary: no segment depended on text outside it (a psql `\if`, a
   * change of standard_conforming_strings, an unclosed quote, comment or parenthesis), as resplitSqlSteps needs.
   */
  readonly resumable: boolean;
}

/** What changed between two texts: [start, oldEnd) of the old text is [start, newEnd) of the new one. */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

const TEXT_CHUNK = 1_024;

/** Where `next` differs from `previous`: their common head and tail left out (undefined when they are equal). */
export function textChange(previous: string, next: string): TextChange | undefined {
  const shorter = Math.min(previous.length, next.length);
  // A chunk at a time first (comparing slices runs natively: ~10x a loop over characters on a 500 KB file).
  let start = 0;
  while (start + TEXT_CHUNK <= shorter && previous.slice(start, start + TEXT_CHUNK) === next.slice(start, start + TEXT_CHUNK)) start += TEXT_CHUNK;
  while (start < shorter && previous.charCodeAt(start) === next.charCodeAt(start)) start++;
  if (start === previous.length && start === next.length) return undefined;
  let tail = 0;
  const room = shorter - start;
  while (tail + TEXT_CHUNK <= room && previous.slice(previous.length - tail - TEXT_CHUNK, previous.length - tail) === next.slice(next.length - tail - TEXT_CHUNK, next.length - tail)) tail += TEXT_CHUNK;
  while (tail < room && previous.charCodeAt(previous.length - 1 - tail) === next.charCodeAt(next.length - 1 - tail)) tail++;
  return { start, oldEnd: previous.length - tail, newEnd: next.length - tail };
}

/** How a resplit reused the previous split: its first `kept` segments as they were, its segments from `oldFrom` on moved to `newFrom`. */
export interface ResplitReuse {
  readonly kept: number;
  readonly oldFrom: number;
  readonly newFrom: number;
}

/** Meta-commands that send the current query buffer, ending the statement like a semicolon. */
const SENDING_COMMANDS = new Set(['g', 'gx', 'gset', 'gexec', 'gdesc', 'crosstabview', 'watch', 'bind', 'bind_named', 'sendpipeline', 'syncpipeline']);

export function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 128;
}

export function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57) || c === 36;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11;
}

/** More semicolons than this inside parentheses or BEGIN ATOMIC: treat the nesting as a typo (see `;`).
 * (PostgreSQL's regression suite has at most a handful: CREATE RULE actions, SQL-standard function bodies.) */
const MAX_DEEP_SEMICOLONS = 64;
/** Nor may a statement run on more than this many characters past its first such semicolon. */
const MAX_DEEP_SPAN = 65_536;

/** dbmate's `-- migrate:up|down` and Liquibase's `--changeset` comments: statements never span them. */
const SECTION_MARKER = /^--\s*(migrate:(up|down)\b|changeset\s)/i;
export const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][A-Za-z_0-9\u0080-\uffff]*)?\$/y;
const SET_SCS = /^set\s+(?:session\s+|local\s+)?standard_conforming_strings\s*(?:=|to)\s*'?(\w+)'?/i;
const RESET_SCS = /^reset\s+(?:standard_conforming_strings|all)\b/i;

interface StatementState {
  start: number;
  parenDepth: number;
  beginDepth: number;
  identifierCount: number;
  /** First letters of the leading CREATE [OR REPLACE] FUNCTION|PROCEDURE words, as psql tracks them. */
  heads: string[];
  /** Lower-cased words at parenthesis depth 0, for COPY ... FROM STDIN detection. */
  firstWord: string;
  previousWord: string;
  /** COPY ... FROM STDIN commands in the statement (several when joined with `\;`): one data block each. */
  copyBlocks: number;
  psqlVariables: number[];
  blanks: OffsetRange[];
  backslashQuotes: number[];
  /** Where to cut if the statement would otherwise run to the end of the file. */
  recoveryCut: number;
  /** Semicolons seen inside parentheses or BEGIN ... END so far. */
  deepSemicolons: number;
}

export interface SplitOptions {
  /**
   * How many COPY ... FROM STDIN commands a statement really runs (psql reads a data block only when the server
   * accepts the COPY). Given the parse-ready text of a statement the lexer saw such words in; by default every
   * lexical match counts.
   */
  readonly copyFromStdinCount?: (parseText: string) => number;
}

export function splitSql(text: string, options: SplitOptions = {}): SplitResult {
  return finish(splitSqlSteps(text, options));
}

/** splitSql, pausing every few segments: a 5 MB file takes ~110 ms to split, too long to hold the language server. */
export function splitSqlSteps(text: string, options: SplitOptions = {}): Steps<SplitResult> {
  return new Splitter(text, options).run();
}

/**
 * splitSql of `text`, an edit of the text `previous` was split from: only the segments around the change are scanned
 * again (from the boundary before the segment it touches, until a boundary of the previous split after it); the
 * others are the previous ones, moved. The same result as splitSql(text); `reuse` says what was kept (undefined:
 * split whole, where the previous split could not be resumed).
 */
export function* resplitSqlSteps(text: string, previous: SplitResult, change: TextChange, options: SplitOptions = {}): Steps<{ readonly split: SplitResult; readonly reuse?: ResplitReuse }> {
  const resumed = previous.resumable ? yield* new Splitter(text, options).resume(previous, change) : undefined;
  return resumed ?? { split: yield* splitSqlSteps(text, options) };
}

/** The text handed to the parser: same length as written, with meta-commands blanked and `\'` read as `''`. */
export function segmentParseText(written: string, segment: Pick<Segment, 'blanks' | 'backslashQuotes'>): string {
  if (segment.blanks.length === 0 && segment.backslashQuotes.length === 0) return written;
  const chars = written.split('');
  for (const blank of segment.blanks) {
    for (let i = blank.start; i < blank.end; i++) if (chars[i] !== '\n' && chars[i] !== '\r') chars[i] = ' ';
  }
  for (const at of segment.backslashQuotes) chars[at] = "'";
  return chars.join('');
}

class Splitter {
  private readonly segments: Segment[] = [];
  private readonly comments: Comment[] = [];
  private standardStrings = true;
  /** psql \if nesting: whether each level is active and whether a branch of it was already taken. */
  private readonly conditions: { active: boolean; taken: boolean }[] = [];
  private readonly n: number;

  constructor(
    private readonly text: string,
    private readonly options: SplitOptions,
  ) {
    this.n = text.length;
  }

  /** Set once a segment's scan depended on more than its own text (see SplitResult.resumable). */
  private dependsOnOtherSegments = false;

  *run(): Steps<SplitResult> {
    let i = 0;
    let gapStart = 0;
    let scanned = 0;
    while (i < this.n) {
      const next = this.scanSegment(i, gapStart);
      if (next === undefined) break;
      i = next;
      gapStart = next;
      if (++scanned % STATEMENTS_PER_LIGHT_STEP === 0) yield;
    }
    return { segments: this.segments, comments: this.comments, resumable: !this.dependsOnOtherSegments };
  }

  /**
   * The text split again around `change` (see resplitSqlSteps), or undefined where that cannot be done: the rescan
   * met state that crosses boundaries.
   */
  *resume(previous: SplitResult, change: TextChange): Steps<{ readonly split: SplitResult; readonly reuse: ResplitReuse } | undefined> {
    const old = previous.segments;
    const delta = change.newEnd - change.oldEnd;
    // From the boundary before the segment the change touches, one more back (what ends a segment, a psql `\g` or a
    // section marker, comes after it: a change there moves that end), and never from inside a COPY's data.
    let first = Math.max(0, firstEndingAtOrAfter(old, change.start) - 1);
    while (first > 0 && old[first].kind === 'copy-data') first--;
    const from = old.length > 0 ? old[first].gapStart : 0;
    for (let k = 0; k < first; k++) this.segments.push(old[k]);
    for (const c of previous.comments) {
      if (c.start >= from) break;
      this.comments.push(c);
    }
    let i = from;
    let scanned = 0;
    while (i < this.n) {
      const next = this.scanSegment(i, i);
      if (this.dependsOnOtherSegments) return undefined;
      if (next === undefined) break;
      i = next;
      if (++scanned % STATEMENTS_PER_LIGHT_STEP === 0) yield;
      // Past the change and past a line break after it (a scan looks back to its line's start at most), a boundary
      // the previous split had too: from there on the text and the scan are the same, moved by delta.
      if (next < change.newEnd || !hasLineBreak(this.text, change.newEnd, next)) continue;
      const oldBoundary = next - delta;
      const j = firstEndingAtOrAfter(old, oldBoundary);
      // (Not between a COPY and its data: the new scan ended a statement the previous one read data after.)
      if (oldBoundary < change.oldEnd || j >= old.length || old[j].end !== oldBoundary || old[j + 1]?.kind === 'copy-data') continue;
      const newFrom = this.segments.length;
      for (let k = j + 1; k < old.length; k++) {
        if ((k - j) % (STATEMENTS_PER_LIGHT_STEP * 4) === 0) yield;
        this.segments.push(moved(old[k], delta));
      }
      for (const c of previous.comments) if (c.start >= oldBoundary) this.comments.push({ start: c.start + delta, end: c.end + delta, block: c.block });
      return { split: { segments: this.segments, comments: this.comments, resumable: true }, reuse: { kept: first, oldFrom: j + 1, newFrom } };
    }
    return { split: { segments: this.segments, comments: this.comments, resumable: true }, reuse: { kept: first, oldFrom: old.length, newFrom: this.segments.length } };
  }

  /** Scans one segment starting at `from`; returns the offset after it, or undefined at the end of input. */
  private scanSegment(from: number, gapStart: number): number | undefined {
    const text = this.text;
    const n = this.n;
    let st: StatementState | undefined;
    let i = from;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      if (c === 45 /* - */ && text.charCodeAt(i + 1) === 45) {
        const end = lineEnd(text, i);
        // Migration tools run the sections around their markers separately: a marker ends a statement.
        if (st && SECTION_MARKER.test(text.slice(i, end)) && atLineStart(text, i)) return this.finishStatement(st, i, true, gapStart);
        this.comments.push({ start: i, end, block: false });
        i = end;
        continue;
      }
      if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
        const end = this.blockCommentEnd(i);
        this.comments.push({ start: i, end: end ?? lineEnd(text, i), block: true });
        if (end === undefined) {
          // Unterminated comment: PostgreSQL rejects it; keep it inside the statement so the parser reports it.
          if (!st) st = this.newStatement(i);
          return this.cutShort(st, lineEnd(text, i), false, gapStart);
        }
        i = end;
        continue;
      }
      if (c === 92 /* \ */) {
        if (text.charCodeAt(i + 1) === 59 /* ; */ && st) {
          // `\;` puts a literal semicolon into the buffer without sending: several statements, one query.
          st.blanks.push({ start: i - st.start, end: i + 1 - st.start });
          st.firstWord = '';
          st.identifierCount = 0;
          st.heads = [];
          i += 2;
          continue;
        }
        const command = metaCommandName(text, i);
        if (command === 'if' || command === 'elif' || command === 'else' || command === 'endif') {
          const resume = this.conditional(command, i);
          if (!st) {
            this.segments.push(emptySegment('psql-command', i, resume, gapStart));
            return resume;
          }
          st.blanks.push({ start: i - st.start, end: resume - st.start });
          i = resume;
          continue;
        }
        if (!st) {
          const end = lineEnd(text, i);
          this.segments.push(emptySegment('psql-command', i, end, gapStart));
          return this.skipCopyData(end, /^\\copy\b.*\bfrom\s+p?std(in|out)\b/i.test(text.slice(i, end)));
        }
        if (SENDING_COMMANDS.has(command)) return this.finishStatement(st, i, true, gapStart);
        const end = metaCommandEnd(text, i);
        if (command === 'r' || command === 'reset') {
          // The query buffer is discarded: nothing before this was sent.
          const lineStop = lineEnd(text, i);
          this.segments.push(emptySegment('psql-command', st.start, lineStop, gapStart));
          return lineStop;
        }
        st.blanks.push({ start: i - st.start, end: end - st.start });
        i = end;
        continue;
      }
      if (!st) st = this.newStatement(i);
      switch (c) {
        case 59 /* ; */:
          if (st.parenDepth === 0 && st.beginDepth === 0) return this.finishStatement(st, i + 1, true, gapStart);
          if (st.recoveryCut < 0) st.recoveryCut = i + 1;
          // Semicolons inside parentheses or BEGIN ATOMIC are rare and few (CREATE RULE ... DO (a; b), short
          // function bodies). Past many of them the parenthesis is almost surely unbalanced: cut now rather than
          // scan to the end, then again from the cut for every later statement (quadratic on broken files).
          if (++st.deepSemicolons > MAX_DEEP_SEMICOLONS || i - st.recoveryCut > MAX_DEEP_SPAN) return this.cutShort(st, st.recoveryCut, true, gapStart);
          i++;
          continue;
        case 40 /* ( */:
          st.parenDepth++;
          i++;
          continue;
        case 41 /* ) */:
          if (st.parenDepth > 0) st.parenDepth--;
          i++;
          continue;
        case 39 /* ' */: {
          const end = this.quotedEnd(st, i, this.standardStrings ? 'standard' : 'backslash-rewrite');
          if (end === undefined) return this.cutShort(st, lineEnd(text, i), false, gapStart);
          i = end;
          continue;
        }
        case 34 /* " */: {
          const end = doubledQuoteEnd(text, i, 34);
          if (end === undefined) return this.cutShort(st, lineEnd(text, i), false, gapStart);
          i = end;
          continue;
        }
        case 36 /* $ */: {
          if (isDigit(text.charCodeAt(i + 1))) {
            i = skipWhile(text, i + 1, isDigit);
            continue;
          }
          DOLLAR_TAG.lastIndex = i;
          const m = DOLLAR_TAG.exec(text);
          if (!m) {
            i++;
            continue;
          }
          const close = text.indexOf(m[0], i + m[0].length);
          if (close < 0) return this.cutShort(st, lineEnd(text, i), false, gapStart);
          i = close + m[0].length;
          continue;
        }
        case 58 /* : */: {
          const next = text.charCodeAt(i + 1);
          if (text.charCodeAt(i - 1) !== 58 && next !== 58 && (isIdentStart(next) || next === 39 || next === 34 || next === 123)) {
            st.psqlVariables.push(i - st.start);
          }
          i++;
          continue;
        }
      }
      if (isIdentStart(c)) {
        const end = skipWhile(text, i + 1, isIdentPart);
        const word = text.slice(i, end);
        const lower = word.toLowerCase();
        const after = text.charCodeAt(end);
        if (after === 39 && (lower === 'e' || lower === 'b' || lower === 'x' || lower === 'n')) {
          // Prefixed string constant: E'' honours backslash escapes; B'', X'', N'' behave like ''.
          const q = this.quotedEnd(st, end, lower === 'e' ? 'backslash' : this.standardStrings ? 'standard' : 'backslash-rewrite');
          if (q === undefined) return this.cutShort(st, lineEnd(text, i), false, gapStart);
          i = q;
          continue;
        }
        if (lower === 'u' && after === 38 /* & */ && (text.charCodeAt(end + 1) === 39 || text.charCodeAt(end + 1) === 34)) {
          const quote = text.charCodeAt(end + 1);
          const q = quote === 39 ? this.quotedEnd(st, end + 1, 'standard') : doubledQuoteEnd(text, end + 1, 34);
          if (q === undefined) return this.cutShort(st, lineEnd(text, i), false, gapStart);
          i = q;
          continue;
        }
        this.trackWord(st, lower);
        i = end;
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
        i = skipWhile(text, i + 1, (d) => isDigit(d) || isIdentStart(d) || d === 46);
        continue;
      }
      i++;
    }
    if (!st) return undefined;
    if (st.recoveryCut >= 0 && (st.parenDepth > 0 || st.beginDepth > 0)) return this.cutShort(st, st.recoveryCut, true, gapStart);
    return this.finishStatement(st, n, false, gapStart);
  }

  /**
   * psql `\if` / `\elif` / `\else` / `\endif`: literal booleans are evaluated; anything else (usually an
   * interpolated variable) is assumed true, so one consistent path of the script is analysed. Returns where
   * scanning resumes: after the command when its branch is active, else at the next branch command.
   */
  private conditional(command: string, at: number): number {
    this.dependsOnOtherSegments = true;
    const end = metaCommandEnd(this.text, at);
    const argument = this.text.slice(at + 1 + command.length, end).trim().toLowerCase();
    const parentActive = this.conditions.every((c) => c.active);
    const top = this.conditions[this.conditions.length - 1];
    if (command === 'if') {
      const value = parentActive && psqlBoolean(argument);
      this.conditions.push({ active: value, taken: value });
    } else if (command === 'endif') {
      this.conditions.pop();
    } else if (top) {
      const outerActive = this.conditions.slice(0, -1).every((c) => c.active);
      const value = outerActive && !top.taken && (command === 'else' || psqlBoolean(argument));
      top.active = value;
      top.taken ||= value;
    }
    if (this.conditions.every((c) => c.active)) return end;
    return this.skipInactive(end);
  }

  /** Skips an inactive branch up to the next `\elif`, `\else` or `\endif` of the same level. */
  private skipInactive(from: number): number {
    const text = this.text;
    let depth = 0;
    let i = from;
    while (i < this.n) {
      const c = text.charCodeAt(i);
      if (c === 39) {
        const close = doubledQuoteEnd(text, i, 39);
        i = close ?? this.n;
        continue;
      }
      if (c === 45 && text.charCodeAt(i + 1) === 45) {
        i = lineEnd(text, i);
        continue;
      }
      if (c === 92) {
        const name = metaCommandName(text, i);
        if (name === 'if') depth++;
        else if (name === 'endif') {
          if (depth === 0) return i;
          depth--;
        } else if ((name === 'elif' || name === 'else') && depth === 0) return i;
        i = metaCommandEnd(text, i);
        continue;
      }
      i++;
    }
    return this.n;
  }

  /** Block comment closers by opener, built once a comment runs to the end (see blockCommentEnd). */
  private commentPairs: Map<number, number> | undefined;

  /**
   * End of the nested block comment opening at `at`, or undefined if it never closes. The direct scan is
   * linear; but an unclosed comment is followed by recovery and more scanning, so after the first one every
   * opener is answered from one left-to-right pairing of all openers and closers (a stack), keeping a file
   * full of stray `/*` linear too.
   */
  private blockCommentEnd(at: number): number | undefined {
    if (this.commentPairs) return this.commentPairs.get(at);
    const end = blockCommentEnd(this.text, at);
    if (end !== undefined) return end;
    this.dependsOnOtherSegments = true;
    const pairs = new Map<number, number>();
    const open: number[] = [];
    const text = this.text;
    for (let i = 0; i < this.n - 1; i++) {
      const c = text.charCodeAt(i);
      if (c === 47 && text.charCodeAt(i + 1) === 42) {
        open.push(i);
        i++;
      } else if (c === 42 && text.charCodeAt(i + 1) === 47 && open.length > 0) {
        pairs.set(open.pop()!, i + 2);
        i++;
      }
    }
    this.commentPairs = pairs;
    return undefined;
  }

  private newStatement(start: number): StatementState {
    return {
      start,
      parenDepth: 0,
      beginDepth: 0,
      identifierCount: 0,
      heads: [],
      firstWord: '',
      previousWord: '',
      copyBlocks: 0,
      psqlVariables: [],
      blanks: [],
      backslashQuotes: [],
      recoveryCut: -1,
      deepSemicolons: 0,
    };
  }

  /** psql's heuristic for SQL-standard function bodies, plus COPY ... FROM STDIN detection. */
  private trackWord(st: StatementState, lower: string): void {
    if (st.identifierCount === 0) st.firstWord = lower;
    if (st.identifierCount < 4 && (lower === 'create' || lower === 'function' || lower === 'procedure' || lower === 'or' || lower === 'replace')) {
      st.heads[st.identifierCount] = lower[0];
    }
    st.identifierCount++;
    const h = st.heads;
    const isRoutine = h[0] === 'c' && (h[1] === 'f' || h[1] === 'p' || (h[1] === 'o' && h[2] === 'r' && (h[3] === 'f' || h[3] === 'p')));
    if (isRoutine && st.parenDepth === 0) {
      if (lower === 'begin') st.beginDepth++;
      else if (lower === 'case') {
        if (st.beginDepth >= 1) st.beginDepth++;
      } else if (lower === 'end') {
        if (st.beginDepth > 0) st.beginDepth--;
      }
    }
    if (st.parenDepth === 0) {
      if (st.firstWord === 'copy' && st.previousWord === 'from' && (lower === 'stdin' || lower === 'stdout')) st.copyBlocks++;
      st.previousWord = lower;
    }
  }

  /**
   * End of a single-quoted constant opening at `open`. Modes: 'standard' ('' doubles a quote),
   * 'backslash' (E'': backslash escapes too), 'backslash-rewrite' (standard_conforming_strings off: like
   * E'', and `\'` is recorded so the parser, which assumes the setting is on, sees `''`).
   */
  private quotedEnd(st: StatementState, open: number, mode: 'standard' | 'backslash' | 'backslash-rewrite'): number | undefined {
    const text = this.text;
    for (let i = open + 1; i < this.n; i++) {
      const c = text.charCodeAt(i);
      if (c === 92 && mode !== 'standard') {
        if (mode === 'backslash-rewrite' && text.charCodeAt(i + 1) === 39) st.backslashQuotes.push(i - st.start);
        i++;
        continue;
      }
      if (c === 39) {
        if (text.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i + 1;
      }
    }
    return undefined;
  }

  /**
   * A statement cut by recovery (an unclosed quote, an unbalanced parenthesis): where it ends depended on text far
   * past that end, so a later edit may move it.
   */
  private cutShort(st: StatementState, end: number, terminated: boolean, gapStart: number): number {
    this.dependsOnOtherSegments = true;
    return this.finishStatement(st, end, terminated, gapStart);
  }

  private finishStatement(st: StatementState, end: number, terminated: boolean, gapStart: number): number {
    this.segments.push({
      kind: 'statement',
      start: st.start,
      end,
      gapStart,
      terminated,
      psqlVariables: st.psqlVariables,
      blanks: st.blanks,
      backslashQuotes: st.backslashQuotes,
    });
    if (st.firstWord === 'set' || st.firstWord === 'reset') this.trackStandardStrings(this.text.slice(st.start, end));
    let next = end;
    const blocks = terminated && st.copyBlocks > 0 && this.options.copyFromStdinCount ? this.options.copyFromStdinCount(segmentParseText(this.text.slice(st.start, end), st)) : st.copyBlocks;
    if (terminated) for (let k = 0; k < blocks; k++) next = this.skipCopyData(lineEnd(this.text, next), true);
    return next;
  }

  private trackStandardStrings(statement: string): void {
    const set = SET_SCS.exec(statement);
    const value = set ? !/^(off|false|no|0)$/i.test(set[1]) : RESET_SCS.test(statement) ? true : this.standardStrings;
    // pg_dump sets it on, as it already is: only a change carries state to the statements after.
    if (value !== this.standardStrings) this.dependsOnOtherSegments = true;
    this.standardStrings = value;
  }

  /** After COPY ... FROM STDIN, the data lines up to `\.` belong to the command, not to SQL. */
  private skipCopyData(from: number, hasData: boolean): number {
    if (!hasData) return from;
    const text = this.text;
    let lineStart = from;
    if (text.charCodeAt(lineStart) === 13) lineStart++;
    if (text.charCodeAt(lineStart) === 10) lineStart++;
    const dataStart = lineStart;
    while (lineStart < this.n) {
      const end = lineEnd(text, lineStart);
      if (/^\\\.\s*$/.test(text.slice(lineStart, end))) {
        this.segments.push(emptySegment('copy-data', dataStart, end, from));
        return end;
      }
      lineStart = end + 1;
      if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) lineStart++;
    }
    if (dataStart < this.n) this.segments.push(emptySegment('copy-data', dataStart, this.n, from));
    return this.n;
  }
}

/** The index of the first segment ending at or after `offset` (segments.length if none). */
function firstEndingAtOrAfter(segments: readonly Segment[], offset: number): number {
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}

/** A segment of the previous split where the text after the change moved it (its relative offsets stay). */
function moved(s: Segment, delta: number): Segment {
  return { kind: s.kind, start: s.start + delta, end: s.end + delta, gapStart: s.gapStart + delta, terminated: s.terminated, psqlVariables: s.psqlVariables, blanks: s.blanks, backslashQuotes: s.backslashQuotes };
}

function emptySegment(kind: SegmentKind, start: number, end: number, gapStart: number): Segment {
  return { kind, start, end, gapStart, terminated: true, psqlVariables: [], blanks: [], backslashQuotes: [] };
}

function atLineStart(text: string, i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) return true;
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

function skipWhile(text: string, i: number, pred: (c: number) => boolean): number {
  while (i < text.length && pred(text.charCodeAt(i))) i++;
  return i;
}

export function lineEnd(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
    i++;
  }
  return i;
}

/** End of a nested block comment starting at `i`, or undefined if unterminated. */
export function blockCommentEnd(text: string, i: number): number | undefined {
  let depth = 0;
  while (i < text.length) {
    if (text.charCodeAt(i) === 47 && text.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (text.charCodeAt(i) === 42 && text.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else i++;
  }
  return undefined;
}

/** End of a constant or identifier quoted with `quote`, where a doubled quote is an escaped one. */
function doubledQuoteEnd(text: string, open: number, quote: number): number | undefined {
  for (let i = open + 1; i < text.length; i++) {
    if (text.charCodeAt(i) === quote) {
      if (text.charCodeAt(i + 1) === quote) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return undefined;
}

/**
 * A meta-command's arguments run to the end of the line or to the next unquoted backslash command. Every step
 * only moves forward (no look-ahead to the line's end), so a long line full of backslashes stays linear.
 */
function metaCommandEnd(text: string, i: number): number {
  let j = i + 1;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) return j;
    if (c === 92 && j > i + 1) return j;
    if (c === 39 || c === 34 || c === 96) {
      // A quoted argument: up to its closing quote, or the end of the line if it has none.
      let k = j + 1;
      while (k < text.length && text.charCodeAt(k) !== c && text.charCodeAt(k) !== 10 && text.charCodeAt(k) !== 13) k++;
      j = k < text.length && text.charCodeAt(k) === c ? k + 1 : k;
      continue;
    }
    j++;
  }
  return j;
}

/** psql's boolean reading of an `\if` argument; unknown expressions count as true. */
function psqlBoolean(argument: string): boolean {
  if (argument === '') return true;
  const falsy = ['false', 'off', 'no', '0'];
  const truthy = ['true', 'on', 'yes', '1'];
  if (falsy.some((f) => f.startsWith(argument) && (argument.length > 1 || f !== 'off'))) return false;
  if (truthy.some((t) => t.startsWith(argument))) return true;
  return true;
}

function metaCommandName(text: string, i: number): string {
  let end = i + 1;
  while (end < text.length && isIdentPart(text.charCodeAt(end))) end++;
  return text.slice(i + 1, end).toLowerCase();
}
