/**
 * EXPLAIN output as people paste it, back to what PostgreSQL printed: psql's frames in every style (ascii,
 * unicode and old-ascii line styles, borders 0 to 2, aligned or unaligned, with or without the QUERY PLAN header
 * and its rule, the `(N rows)` footer, `+` and `↵` continuation marks), a psql session transcript around the plan,
 * pgAdmin and DBeaver copies (each row quoted, quotes doubled), uniform indentation (markdown, e-mail), comment
 * or title lines before the plan, and lines a terminal wrapped. Pure text in, text out.
 */

import { looksLikePlanNode } from './parse-text';

/** Characters psql draws frames with (ascii, old-ascii and unicode line styles). */
const FRAME = '-=+:|─━═│║┌┐└┘╔╗╚╝├┤╞╡╟╢┬┴┼╪╫╬╠╣╦╩╤╧╥╨╒╕╘╛╓╖╙╜';
const RULE_LINE = new RegExp(`^[\\s${escape(FRAME)}]*$`);
const HORIZONTAL = /[-=─━═]{3}/;
const LEFT_BORDER = /^\s*[|│║]/;
/** `(9 rows)`, and in the client's language: `(3 lignes)`, `(2 Zeilen)`, `(1 fila)`. */
const ROWS_FOOTER = /^\s*\(\d+ [^\s()]+\)\s*$/;
/** Lines PostgreSQL prints under the plan, at the top level. */
const TOP_LEVEL_LINE = /^(?:Planning Time|Execution Time|Total runtime|Planning|Serialization|JIT|Settings|Query Identifier|Query Text|Trigger .*|Planning Buffers)\s*:/i;

function escape(chars: string): string {
  return chars.replace(/[\\\]^-]/g, (c) => `\\${c}`);
}

export function unframe(input: string): string {
  let lines = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  lines = unquoteRows(lines);
  lines = fromHeader(lines);
  const footer = lines.findIndex((l) => ROWS_FOOTER.test(l));
  if (footer >= 0) lines = lines.slice(0, footer);
  lines = lines.filter((l) => !(RULE_LINE.test(l) && HORIZONTAL.test(l)));
  lines = withoutSideBorders(lines);
  // psql marks a line that continues in the same cell: `+` (ascii) or `↵` (unicode) before the right border.
  lines = lines.map((l) => l.replace(/\s*(?:\+|↵)\s*$/, ''));
  // JSON, YAML and XML need no more: their lines carry no tree in their indentation.
  const first = lines.find((l) => l.trim() !== '')?.trim() ?? '';
  if (/^[[{<]/.test(first) || /^-\s+Plan:|^Plan:/.test(first)) return dedent(lines.map((l) => l.trimEnd())).join('\n');
  lines = dedent(withoutPreamble(lines.filter((l) => l.trim() !== '')));
  // Trailing spaces stay until wrapped lines are joined: a terminal may cut a row right after a space.
  return rejoinWrapped(lines)
    .map((l) => l.trimEnd())
    .join('\n');
}

/** Comment or title lines before the plan's first node ("# copied from ...", "-- slow query", a name). */
function withoutPreamble(lines: string[]): string[] {
  const first = lines.findIndex((l) => {
    const t = l.trim();
    return looksLikePlanNode(t.replace(/^->\s+/, ''));
  });
  if (first <= 0 || first > MAX_PREAMBLE) return lines;
  return lines.slice(first);
}

/** More lines than this before the first node is not a preamble: the text is left for the parser to judge. */
const MAX_PREAMBLE = 10;

/** pgAdmin and DBeaver copy each row as a quoted string with its quotes doubled (and a header row). */
function unquoteRows(lines: string[]): string[] {
  const filled = lines.filter((l) => l.trim() !== '');
  const first = filled[0]?.trim() ?? '';
  if (first.startsWith('[') || first.startsWith('{')) return lines;
  const quoted = filled.filter((l) => /^\s*"(?:[^"]|"")*"\s*,?\s*$/.test(l));
  if (filled.length === 0 || quoted.length < filled.length * 0.8) return lines;
  return lines.map((l) => {
    const m = /^\s*"((?:[^"]|"")*)"\s*,?\s*$/.exec(l);
    return m ? m[1].replace(/""/g, '"') : l;
  });
}

/** Everything from the line after the QUERY PLAN header (a session transcript has commands and tags before it). */
function fromHeader(lines: string[]): string[] {
  const bare = (l: string): string => l.replace(/[|│║]/g, '').trim().toUpperCase();
  for (let i = 0; i < lines.length; i++) {
    const here = bare(lines[i]);
    if (here === 'QUERY PLAN') return lines.slice(i + 1);
    // A terminal wrapped the header itself: "QUERY PLA" then "N".
    if (here.length >= 2 && 'QUERY PLAN'.startsWith(here) && i + 1 < lines.length && `${here}${bare(lines[i + 1])}` === 'QUERY PLAN') return lines.slice(i + 2);
  }
  return lines;
}

/** Border 2: every row starts (and ends) with a vertical bar. */
function withoutSideBorders(lines: string[]): string[] {
  const filled = lines.filter((l) => l.trim() !== '');
  if (filled.length === 0 || !filled.every((l) => LEFT_BORDER.test(l))) return lines;
  return lines.map((l) => l.replace(/^\s*[|│║] ?/, '').replace(/\s*[|│║]\s*$/, ''));
}

/**
 * Removes indentation every line shares (a plan indented in markdown or an e-mail). A root that lost its
 * indentation needs nothing: nodes are placed by the column their name starts in, relative to each other, and
 * top-level lines are recognised by what they say.
 */
function dedent(lines: string[]): string[] {
  const common = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => l.length - l.trimStart().length));
  return common > 0 && Number.isFinite(common) ? lines.map((l) => l.slice(common)) : lines;
}

/** A line that cannot start a row of a text plan: a node (`->`), a detail (`Key: value`), a header, a footer. */
function startsRow(line: string): boolean {
  const t = line.trim();
  return /^->/.test(t) || /^[A-Z][\w /().-]*:(?:\s|$)/.test(t) || /^(?:InitPlan|SubPlan|CTE)\b/.test(t);
}

/**
 * Lines a terminal wrapped. A row of a text plan closes every parenthesis it opens, so a row left open continues
 * on the next line; so does a row cut at the terminal's width (several lines end exactly there). Either way only
 * when the next line cannot start a row of its own.
 */
function rejoinWrapped(lines: string[]): string[] {
  if (lines.length < 2) return lines;
  // Measured without the padding psql adds to every row of a column, which is not where a terminal cuts.
  const width = Math.max(...lines.map((l) => l.trimEnd().length));
  const cutAtWidth = width >= 40 && lines.filter((l) => l.trimEnd().length === width).length >= 2;
  const out: string[] = [lines[0]];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const previous = out[out.length - 1];
    const continues = !startsRow(line) && !TOP_LEVEL_LINE.test(line.trim()) && (open(previous) || (cutAtWidth && previous.trimEnd().length === width));
    if (continues) out[out.length - 1] = previous + line;
    else out.push(line);
  }
  return out;
}

/** More parentheses opened than closed. */
function open(line: string): boolean {
  let depth = 0;
  for (const c of line) {
    if (c === '(') depth++;
    else if (c === ')') depth--;
  }
  return depth > 0;
}
