/** Ranges of the parts of a dotted name (`s.t.c`) from the AST location of its first part, by the statement's tokens. */
import type { DocumentToken, StatementView } from '../parse/document';
import type { OffsetRange } from '../parse/positions';
import { dottedNameAt } from '../parse/lexeme';

/** Index of the token starting at or containing `offset` (binary search), or -1. */
export function tokenIndexAt(tokens: readonly DocumentToken[], offset: number): number {
  let low = 0;
  let high = tokens.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const t = tokens[mid];
    if (offset < t.start) high = mid - 1;
    else if (offset >= t.end) low = mid + 1;
    else return mid;
  }
  return -1;
}

/**
 * The ranges of `parts` dot-separated name parts starting at AST `location` (a `*` counts as a part).
 * Undefined when the tokens there do not spell such a name (e.g. a location PostgreSQL put elsewhere).
 */
export function namePartRanges(statement: StatementView, location: number | undefined, parts: number): OffsetRange[] | undefined {
  if (location === undefined || location < 0 || parts <= 0) return undefined;
  // Names read where they stand in the document's text; the statement's tokens only for other forms.
  const source = statement.container ?? statement;
  const direct = dottedNameAt(source.text, statement.offsetOfLocation(location) - source.start, parts);
  if (direct) return direct.map((r) => ({ start: r.start + source.start, end: r.end + source.start }));
  const tokens = statement.tokens();
  let i = tokenIndexAt(tokens, statement.offsetOfLocation(location));
  if (i < 0) return undefined;
  const out: OffsetRange[] = [];
  for (let k = 0; k < parts; k++) {
    const t = tokens[i];
    if (!t || t.text === '.' || t.text === '(' || t.text === ',') return undefined;
    out.push({ start: t.start, end: t.end });
    if (k < parts - 1) {
      if (tokens[i + 1]?.text !== '.') return undefined;
      i += 2;
    }
  }
  return out;
}

/** The range of the first token at or after `from` whose text folds to `name` (for names without an AST location). */
export function findNameToken(statement: StatementView, name: string, from = statement.start): OffsetRange | undefined {
  for (const t of statement.tokens()) {
    if (t.start < from) continue;
    const text = t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase();
    if (text === name) return { start: t.start, end: t.end };
  }
  return undefined;
}
