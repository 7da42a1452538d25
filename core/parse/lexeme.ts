/**
 * The one identifier that starts at an offset, read the way PostgreSQL's lexer reads it (scan.l: `identifier` and
 * `xd` quoted identifiers), without scanning the whole statement. AST locations point at names far more often
 * than anything else, and a statement's full token list costs a WASM scan: ranges of names start here and fall
 * back to the scan for anything that is not a plain or quoted identifier.
 */
import type { OffsetRange } from './positions';

/** scan.l: ident_start [A-Za-z\200-\377_], ident_cont [A-Za-z\200-\377_0-9\$] (on UTF-16: any non-ASCII). */
function identStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}

function identCont(c: number): boolean {
  return identStart(c) || (c >= 48 && c <= 57) || c === 36;
}

/** The identifier or quoted identifier starting exactly at `offset`, or undefined (not one, or a form to leave to the lexer). */
export function identifierAt(text: string, offset: number): OffsetRange | undefined {
  const c = text.charCodeAt(offset);
  if (c === 34) {
    // "quoted" with "" inside; an unterminated one is the lexer's business.
    let i = offset + 1;
    for (;;) {
      const q = text.indexOf('"', i);
      if (q < 0) return undefined;
      if (text.charCodeAt(q + 1) === 34) {
        i = q + 2;
        continue;
      }
      return { start: offset, end: q + 1 };
    }
  }
  if (!identStart(c)) return undefined;
  // U&"..." / U&'...' (Unicode escapes) and the string prefixes E'', B'', X'', N'' are other tokens.
  const next = text.charCodeAt(offset + 1);
  if (next === 38 || next === 39) return undefined;
  let i = offset + 1;
  while (i < text.length && identCont(text.charCodeAt(i))) i++;
  return { start: offset, end: i };
}

/**
 * The ranges of `parts` dotted name parts from `offset` (`s . "T"`), with only whitespace between them; undefined
 * when the text there is anything else (comments between the parts, a `*`): the caller then asks the lexer.
 */
export function dottedNameAt(text: string, offset: number, parts: number): OffsetRange[] | undefined {
  const out: OffsetRange[] = [];
  let at = offset;
  for (let k = 0; k < parts; k++) {
    const part = identifierAt(text, at);
    if (!part) return undefined;
    out.push(part);
    if (k === parts - 1) break;
    let i = part.end;
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] !== '.') return undefined;
    i++;
    while (i < text.length && /\s/.test(text[i])) i++;
    at = i;
  }
  return out;
}
