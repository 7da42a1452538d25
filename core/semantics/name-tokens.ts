/**
 * Names read from a statement's tokens where the AST gives no location: DDL object names (`DROP TABLE a, b`,
 * `CREATE FUNCTION f`), column lists (`PRIMARY KEY (a, b)`, `CREATE INDEX ON t (a DESC, lower(b))`) and
 * RENAME targets. Reads move forward from a token index, so names are matched in the order the AST lists them.
 */
import { foldIdentifier } from '../catalog/names';
import type { DocumentToken, StatementView } from '../parse/document';
import type { OffsetRange } from '../parse/positions';

/** The name a token spells (unquoted names folded, quoted ones unescaped); undefined for other tokens. */
export function tokenName(token: DocumentToken | undefined): string | undefined {
  if (!token) return undefined;
  if (token.kind === 'IDENT') return token.text.startsWith('"') ? token.text.slice(1, -1).replace(/""/g, '"') : foldIdentifier(token.text);
  if (token.keyword) return token.text.toLowerCase();
  return undefined;
}

/** A dotted name found in the tokens: the range of each part, and the token index after it. */
export interface FoundName {
  readonly parts: readonly OffsetRange[];
  readonly next: number;
}

/** A parenthesised list: the token indexes of each top-level comma-separated element, and the index after `)`. */
export interface TokenList {
  readonly elements: readonly (readonly number[])[];
  readonly next: number;
}

export class NameReader {
  readonly tokens: readonly DocumentToken[];

  constructor(readonly view: StatementView) {
    this.tokens = view.tokens();
  }

  /** Index of the first token starting at or after a document offset (tokens.length when none). */
  indexAt(offset: number): number {
    let low = 0;
    let high = this.tokens.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.tokens[mid].start < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Index of the token holding an AST location, or -1. */
  indexOfLocation(location: number | undefined): number {
    if (location === undefined || location < 0) return -1;
    const i = this.indexAt(this.view.offsetOfLocation(location));
    return i < this.tokens.length ? i : -1;
  }

  /** Index of the first keyword `word` (upper case) at or after token `from`, or -1. */
  keyword(word: string, from: number): number {
    for (let i = Math.max(0, from); i < this.tokens.length; i++) if (this.tokens[i].keyword && this.tokens[i].kind === word) return i;
    return -1;
  }

  /** The dotted name `parts` spelled from token `i` on. */
  nameAt(i: number, parts: readonly string[]): FoundName | undefined {
    const ranges: OffsetRange[] = [];
    let k = i;
    for (let p = 0; p < parts.length; p++) {
      const t = this.tokens[k];
      if (!t || tokenName(t) !== parts[p]) return undefined;
      ranges.push({ start: t.start, end: t.end });
      if (p < parts.length - 1) {
        if (this.tokens[k + 1]?.text !== '.') return undefined;
        k += 2;
      } else k++;
    }
    // A longer dotted name is another name (`a.b` is not `a`).
    if (this.tokens[k]?.text === '.' || (i > 0 && this.tokens[i - 1]?.text === '.')) return undefined;
    return { parts: ranges, next: k };
  }

  /** The first place at or after token `from` (and before `until`) where the dotted name is spelled. */
  findName(parts: readonly string[], from: number, until = this.tokens.length): FoundName | undefined {
    if (parts.length === 0) return undefined;
    for (let i = Math.max(0, from); i < Math.min(until, this.tokens.length); i++) {
      const found = this.nameAt(i, parts);
      if (found) return found;
    }
    return undefined;
  }

  /** The parenthesised list opening at the first `(` at or after token `from` (and before `until`). */
  list(from: number, until = this.tokens.length): TokenList | undefined {
    let open = -1;
    for (let i = Math.max(0, from); i < Math.min(until, this.tokens.length); i++) {
      if (this.tokens[i].text === '(') {
        open = i;
        break;
      }
    }
    if (open < 0) return undefined;
    const elements: number[][] = [];
    let current: number[] = [];
    let depth = 0;
    for (let i = open + 1; i < this.tokens.length; i++) {
      const text = this.tokens[i].text;
      if (text === '(' || text === '[') depth++;
      else if ((text === ')' || text === ']') && depth > 0) depth--;
      else if (text === ')') {
        if (current.length > 0) elements.push(current);
        return { elements, next: i + 1 };
      } else if (text === ',' && depth === 0) {
        elements.push(current);
        current = [];
        continue;
      }
      current.push(i);
    }
    return undefined;
  }

  /** The range of the list element's leading name when it is `name` (a plain column, not an expression). */
  elementName(element: readonly number[] | undefined, name: string): OffsetRange | undefined {
    const first = element?.[0];
    if (first === undefined) return undefined;
    const t = this.tokens[first];
    if (tokenName(t) !== name || this.tokens[first + 1]?.text === '.' || this.tokens[first + 1]?.text === '(') return undefined;
    return { start: t.start, end: t.end };
  }

  /** The token index after the token that ends at or before `offset` (to continue reading after a range). */
  after(range: OffsetRange): number {
    return this.indexAt(range.end);
  }
}
