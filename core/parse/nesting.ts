/**
 * How deeply a statement nests, before and after parsing.
 *
 * Before: PostgreSQL's parser (WASM) recurses over the tree when it hands it over, so a long chain of operators,
 * joins, set operations or calls overflows the native stack there; the overflow leaves the module's own stack
 * pointer behind, and after a few dozen of them every later parse fails. Such statements are refused before
 * parsing, from an estimate over the text (`estimatedNesting`), which overstates rather than understates.
 *
 * After: rules, semantics and the PL/pgSQL walkers recurse over trees; a tree deeper than MAX_TREE_DEPTH levels
 * (`treeDepth`) is not analysed. PostgreSQL's own parser stack (bison, 10,000 entries) stops right-nested input
 * like `((((...` or nested CASE and subqueries much earlier with "memory exhausted": that stays its syntax error.
 */
import { blockCommentEnd, DOLLAR_TAG, isIdentPart, isIdentStart, lineEnd } from './split';

/** Parse trees deeper than this (nested nodes) are not analysed. */
export const MAX_TREE_DEPTH = 1000;
/** Statements whose estimated nesting exceeds this are not handed to the parser (it overflows from about 7,000). */
export const MAX_ESTIMATED_NESTING = 3000;

/** Nesting levels of a tree or of the input, and whether the number is an estimate from the text. */
export interface Nesting {
  readonly levels: number;
  readonly estimated: boolean;
}

/** "nested too deeply to analyse (about 9,000 levels; the limit is 1,000)" */
export function describeNesting(nesting: Nesting): string {
  const levels = `${nesting.estimated ? 'about ' : ''}${nesting.levels.toLocaleString('en-US')} levels`;
  return `nested too deeply to analyse (${levels}; the limit is ${MAX_TREE_DEPTH.toLocaleString('en-US')})`;
}

/**
 * Nested objects in a parse tree (JSON from the parser). Wrappers (`{SelectStmt: {...}}`, one capitalised key)
 * and arrays are not levels, so the count is the nesting of nodes. Iterative; stops counting past `limit`.
 */
export function treeDepth(root: unknown, limit = Infinity): number {
  // Each pending value with the number of levels above it.
  const values: unknown[] = [root];
  const above: number[] = [0];
  let max = 0;
  while (values.length > 0) {
    const value = values.pop();
    const depth = above.pop()!;
    if (value === null || typeof value !== 'object') continue;
    const first = values.length;
    if (Array.isArray(value)) {
      for (const v of value) if (v !== null && typeof v === 'object') (values.push(v), above.push(depth));
      continue;
    }
    let keys = 0;
    let firstKey = '';
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (++keys === 1) firstKey = key;
      const v = record[key];
      if (v !== null && typeof v === 'object') (values.push(v), above.push(depth + 1));
    }
    const c = firstKey.charCodeAt(0);
    if (keys === 1 && c >= 65 && c <= 90) {
      // A wrapper: its body is the node, at the wrapper's level.
      if (values.length > first) above[first] = depth;
      continue;
    }
    if (depth + 1 > max) {
      max = depth + 1;
      if (max > limit) return max;
    }
  }
  return max;
}

/** Words that nest the next operand one level deeper (operators spelled as keywords). */
const OPERATOR_WORDS = new Set(['not', 'is', 'isnull', 'notnull', 'like', 'ilike', 'similar', 'between', 'in', 'at', 'collate', 'overlaps', 'operator']);
/** Words after which what follows is a sibling, not a deeper level (flattened AND/OR, CASE arms). */
const SIBLING_WORDS = new Set(['and', 'or', 'when', 'then', 'else']);
const SET_OPERATIONS = new Set(['union', 'intersect', 'except']);
/** Words that open a level END closes (CASE in SQL; PL/pgSQL's blocks). */
const BLOCK_WORDS = new Set(['case', 'if', 'loop', 'begin']);
/** PostgreSQL's operator characters (and `:` of `::`), by character code. */
const OPERATOR_CHAR = new Uint8Array(128);
for (const c of '+-*/<>=~!@#%^&|`?:') OPERATOR_CHAR[c.charCodeAt(0)] = 1;
const isOperatorChar = (c: number): boolean => c < 128 && OPERATOR_CHAR[c] === 1;

/**
 * An upper estimate of the parse tree's nesting, from the text (comments and quoted text skipped): open
 * parentheses, brackets, CASE and PL/pgSQL blocks (IF, LOOP, BEGIN ... END), plus, at each of those levels, the
 * operators, joins and set operations that chain left-deep (a list separator, AND/OR and CASE arms start a
 * sibling). Linear; no parser needed.
 */
export function estimatedNesting(text: string): number {
  // One frame per open level: its chained operators (reset by siblings), joins (reset by commas), set operations.
  const expr: number[] = [0];
  const join: number[] = [0];
  const setop: number[] = [0];
  /** Frames opened by a word (CASE, IF, LOOP, BEGIN), which END closes. */
  const isBlock: boolean[] = [false];
  let chained = 0;
  let max = 0;
  const bump = (counter: number[]): void => {
    counter[counter.length - 1]++;
    chained++;
    if (counter.length + chained > max) max = counter.length + chained;
  };
  const reset = (counter: number[]): void => {
    chained -= counter[counter.length - 1];
    counter[counter.length - 1] = 0;
  };
  const push = (block: boolean): void => {
    expr.push(0);
    join.push(0);
    setop.push(0);
    isBlock.push(block);
    if (expr.length + chained > max) max = expr.length + chained;
  };
  const pop = (): void => {
    if (expr.length === 1) return;
    chained -= expr.pop()! + join.pop()! + setop.pop()!;
    isBlock.pop();
  };
  let previousWord = '';
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c <= 32) {
      i++;
      continue;
    }
    if (c === 45 && text.charCodeAt(i + 1) === 45) {
      i = lineEnd(text, i);
      continue;
    }
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      i = blockCommentEnd(text, i) ?? n;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      // Every word that matters has 2 to 9 ASCII letters.
      const word = j - i >= 2 && j - i <= 9 ? text.slice(i, j).toLowerCase() : '';
      if (BLOCK_WORDS.has(word)) {
        // `END IF`, `END LOOP`, `END CASE` close a block rather than open one.
        if (previousWord !== 'end') push(true);
      } else if (word === 'end') {
        if (isBlock[isBlock.length - 1]) pop();
      } else if (SIBLING_WORDS.has(word)) reset(expr);
      else if (word === 'join') bump(join);
      else if (SET_OPERATIONS.has(word)) bump(setop);
      else if (OPERATOR_WORDS.has(word)) bump(expr);
      previousWord = word;
      i = j;
      continue;
    }
    // Any other token separates words (`END; IF` opens a block); blanks and comments do not.
    previousWord = '';
    if (c === 39 || c === 34) {
      i = quotedEnd(text, i, c === 39 && isEscapeString(text, i));
    } else if (c === 36 && !isIdentPart(text.charCodeAt(i - 1))) {
      i = dollarQuotedEnd(text, i);
    } else if (c === 40 || c === 91) {
      push(false);
      i++;
    } else if (c === 41 || c === 93) {
      // Closes the innermost parenthesis or bracket, and any block left open inside it.
      while (isBlock[isBlock.length - 1]) pop();
      pop();
      i++;
    } else if (c === 44 || c === 59) {
      reset(expr);
      reset(join);
      i++;
    } else if (isOperatorChar(c)) {
      let j = i + 1;
      while (j < n && isOperatorChar(text.charCodeAt(j)) && !(text.charCodeAt(j) === 45 && text.charCodeAt(j + 1) === 45)) j++;
      bump(expr);
      i = j;
    } else i++;
  }
  return max;
}

/** `E'...'`: backslash escapes apply. */
function isEscapeString(text: string, quote: number): boolean {
  const p = text.charCodeAt(quote - 1);
  return (p === 69 || p === 101) && !isIdentPart(text.charCodeAt(quote - 2));
}

/** Past the closing quote (a doubled quote is part of the text), or the end of the text. */
function quotedEnd(text: string, open: number, backslashEscapes: boolean): number {
  const quote = text.charCodeAt(open);
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (backslashEscapes && c === 92) i++;
    else if (c === quote) {
      if (text.charCodeAt(i + 1) !== quote) return i + 1;
      i++;
    }
  }
  return text.length;
}

/** Past a dollar-quoted string starting at `i`, or past the `$` when it is not one (`$1`). */
function dollarQuotedEnd(text: string, i: number): number {
  DOLLAR_TAG.lastIndex = i;
  const tag = DOLLAR_TAG.exec(text)?.[0];
  if (!tag) return i + 1;
  const close = text.indexOf(tag, i + tag.length);
  return close < 0 ? text.length : close + tag.length;
}
