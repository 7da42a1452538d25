/**
 * The default output: one block per finding with a code frame, like rustc or ESLint's codeframe —
 *   warning[rule-id]: message
 *     --> path:line:column
 *      |
 *    6 | CREATE INDEX orders_status_idx ON orders (status);
 *      | ^^^^^^^^^^^^
 *      = fix: Add CONCURRENTLY
 * Carets line up under tabs and wide (CJK, emoji) characters.
 */
import type { Severity } from '../../core/rules/types';
import type { ReportFinding } from '../lint-file';
import type { FormatContext, NamedReport } from './report';
import { oneBased } from './report';
import { terminalSafe } from '../../core/terminal-text';

const COLORS: Record<Severity | 'dim' | 'bold', string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[90m', dim: '\x1b[2m', bold: '\x1b[1m' };
const RESET = '\x1b[0m';

export function formatText(ctx: FormatContext): string {
  const paint = (kind: keyof typeof COLORS, s: string): string => (ctx.color ? `${COLORS[kind]}${s}${RESET}` : s);
  const blocks: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  let filesWithFindings = 0;
  for (const r of ctx.reports) {
    if (r.findings.length > 0) filesWithFindings++;
    for (const f of r.findings) {
      counts[f.severity]++;
      blocks.push(findingBlock(r, f, paint));
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const files = ctx.reports.length;
  const summary =
    total === 0
      ? `No problems found in ${files} file${files === 1 ? '' : 's'}.`
      : `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}` +
        `${counts.info + counts.hint > 0 ? `, ${counts.info + counts.hint} info` : ''}) in ${filesWithFindings} of ${files} file${files === 1 ? '' : 's'}.`;
  return [...blocks, paint(total > 0 && counts.error > 0 ? 'error' : 'bold', summary)].join('\n\n') + '\n';
}

function findingBlock(r: NamedReport, f: ReportFinding, paint: (k: keyof typeof COLORS, s: string) => string): string {
  const p = oneBased(f);
  const gutter = String(p.line).length + 1;
  const pad = ' '.repeat(gutter);
  // File text and names from it are printed as visible escapes where they hold terminal controls (terminal-text.ts).
  const message = terminalSafe(f.message, { singleLine: true });
  const lines = [`${paint(f.severity, `${f.severity}[${f.ruleId}]`)}: ${paint('bold', message)}`, `${pad}${paint('dim', '-->')} ${terminalSafe(r.name, { singleLine: true })}:${p.line}:${p.column}`];
  const source = r.lines[f.range.start.line];
  if (source !== undefined) {
    const endCharacter = f.range.end.line === f.range.start.line ? f.range.end.character : source.length;
    const before = displayWidth(terminalSafe(source.slice(0, f.range.start.character)));
    const width = Math.max(1, displayWidth(terminalSafe(source.slice(f.range.start.character, endCharacter))));
    lines.push(`${pad}${paint('dim', '|')}`);
    lines.push(`${paint('dim', `${String(p.line).padStart(gutter - 1)} |`)} ${expandTabs(terminalSafe(source))}`);
    lines.push(`${pad}${paint('dim', '|')} ${' '.repeat(before)}${paint(f.severity, '^'.repeat(width))}${f.range.end.line > f.range.start.line ? paint('dim', ' ...') : ''}`);
  }
  if (f.fixes.length > 0) lines.push(`${pad}${paint('dim', '=')} fix: ${terminalSafe(f.fixes.map((x) => x.title).join('; '), { singleLine: true })}`);
  return lines.join('\n');
}

const TAB = '    ';

function expandTabs(s: string): string {
  return s.replace(/\t/g, TAB);
}

/** Terminal columns of a string: tabs as four, East Asian wide characters and emoji as two. */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '\t') width += TAB.length;
    else if (c < 0x20 || (c >= 0x300 && c <= 0x36f) || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f)) width += 0;
    else if (isWide(c)) width += 2;
    else width += 1;
  }
  return width;
}

function isWide(c: number): boolean {
  return (
    (c >= 0x1100 && c <= 0x115f) ||
    (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
    (c >= 0xac00 && c <= 0xd7a3) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe30 && c <= 0xfe4f) ||
    (c >= 0xff00 && c <= 0xff60) ||
    (c >= 0xffe0 && c <= 0xffe6) ||
    (c >= 0x1f300 && c <= 0x1faff) ||
    (c >= 0x20000 && c <= 0x3fffd)
  );
}
