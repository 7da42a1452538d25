/** Lookups over a sorted token list with document offsets, shared by top-level and embedded statements. */
import type { OffsetRange } from './positions';
import type { ScanToken } from './parser';

/** The token that contains `offset` (binary search), if any. */
export function findTokenAt<T extends ScanToken>(tokens: readonly T[], offset: number): T | undefined {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const t = tokens[mid];
    if (offset < t.start) high = mid - 1;
    else if (offset >= t.end) low = mid + 1;
    else return t;
  }
  return undefined;
}

/**
 * Range from the first to the last token of the first in-order match of `words` (case-insensitive) at or
 * after `from`; other tokens may come between the words. Undefined when they do not all occur.
 */
export function findWords(tokens: readonly ScanToken[], words: readonly string[], from: number): OffsetRange | undefined {
  const upper = words.map((w) => w.toUpperCase());
  let first: ScanToken | undefined;
  let k = 0;
  for (const t of tokens) {
    if (t.start < from) continue;
    if (t.text.toUpperCase() === upper[k]) {
      if (k === 0) first = t;
      k++;
      if (k === upper.length && first) return { start: first.start, end: t.end };
    }
  }
  return undefined;
}

/** The first line of a statement's text, trimmed: a readable squiggle for whole-statement findings. */
export function headRangeOf(start: number, text: string): OffsetRange {
  const newline = text.search(/[\r\n]/);
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  return { start, end: start + firstLine.trimEnd().length };
}
