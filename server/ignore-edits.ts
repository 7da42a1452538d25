/**
 * The edits behind "Ignore <rule> for this statement / file": a suppression comment in core's syntax
 * (core/rules/suppressions.ts), added to an existing one for the same scope when there is one. Pure offsets and
 * core types only (no LSP), so the CLI could offer the same edits.
 */
import type { SqlDocument } from '../core/parse/document';
import type { TextEdit } from '../core/rules/types';
import { findSuppressions, type Suppression } from '../core/rules/suppressions';

/** The edit that suppresses `ruleId` for the top-level statement containing `offset`, if there is one. */
export function ignoreForStatement(document: SqlDocument, ruleId: string, offset: number): TextEdit | undefined {
  const statement = document.statements.find((s) => offset >= s.start && (offset < s.end || (offset === s.end && s.start === s.end)));
  if (!statement) return undefined;
  const existing = findSuppressions(document).find((s) => !s.foreign && s.scope === 'statement' && s.target?.start === statement.start);
  const extended = existing && extend(existing, ruleId);
  if (extended) return extended;
  const eol = lineEnding(document.text);
  const lineStart = document.lines.lineStart(document.lines.positionAt(statement.start).line);
  const indent = document.text.slice(lineStart, statement.start);
  const comment = `-- pg-architect-ignore ${ruleId}`;
  // Alone on its line: the comment goes on a line of its own above, indented alike. After other code on the
  // line (`SELECT 1; CREATE ...`): the statement moves to a new line under the comment.
  if (/^[ \t]*$/.test(indent)) return { range: { start: lineStart, end: lineStart }, newText: `${indent}${comment}${eol}` };
  return { range: { start: statement.start, end: statement.start }, newText: `${eol}${comment}${eol}` };
}

/** The edit that suppresses `ruleId` in the whole file: at the top, or after a leading header comment block. */
export function ignoreForFile(document: SqlDocument, ruleId: string): TextEdit {
  const existing = findSuppressions(document).find((s) => !s.foreign && s.scope === 'file');
  const extended = existing && extend(existing, ruleId);
  if (extended) return extended;
  const { lines, text } = document;
  let line = 0;
  while (line < lines.lineCount && lines.lineText(line).trimStart().startsWith('--')) line++;
  // A header (license, migration notes) is a run of line comments followed by a blank line; otherwise the
  // comments belong to the first statement and the directive goes above them.
  const afterHeader = line > 0 && line < lines.lineCount && lines.lineText(line).trim() === '';
  const at = afterHeader ? lines.lineStart(line) : 0;
  const eol = lineEnding(text);
  return { range: { start: at, end: at }, newText: `-- pg-architect-ignore-file ${ruleId}${eol}` };
}

/** Adds `ruleId` to a directive that lists rules; undefined when it already covers it or covers every rule. */
function extend(s: Suppression, ruleId: string): TextEdit | undefined {
  if (s.ruleIds.length === 0 || s.ruleIds.includes(ruleId)) return undefined;
  const last = s.idRanges[s.idRanges.length - 1];
  return { range: { start: last.end, end: last.end }, newText: `, ${ruleId}` };
}

function lineEnding(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
