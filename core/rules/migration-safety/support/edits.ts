/**
 * Text positions for migration-safety fixes: where a statement's line starts, where an ALTER TABLE
 * subcommand ends, removing a statement, and the text of a relation name as SQL.
 */
import type { RangeVar } from '@pgsql/types';
import type { SqlDocument, StatementView } from '../../../parse/document';
import { quoteQualified } from '../../../knowledge/naming';

/** The start of the line that holds `offset`, and that line's leading whitespace. */
export function lineStartOf(document: SqlDocument, offset: number): { readonly start: number; readonly indent: string } {
  const start = document.text.lastIndexOf('\n', offset - 1) + 1;
  const indent = /^[ \t]*/.exec(document.text.slice(start, offset))?.[0] ?? '';
  return { start, indent };
}

const newlines = new WeakMap<SqlDocument, string>();

/** The line break the document uses (CRLF files stay CRLF); read once per document, not once per fix. */
export function newlineOf(document: SqlDocument): string {
  let newline = newlines.get(document);
  if (newline === undefined) newlines.set(document, (newline = document.text.includes('\r\n') ? '\r\n' : '\n'));
  return newline;
}

/**
 * End offset of the ALTER TABLE subcommand that starts at or after `from`: the next comma outside
 * parentheses, or the statement's end (before its semicolon).
 */
export function subcommandEnd(statement: StatementView, from: number): number {
  let depth = 0;
  let end = from;
  for (const token of statement.tokens()) {
    if (token.end <= from) continue;
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (depth === 0 && (token.text === ',' || token.text === ';')) return end;
    end = token.end;
  }
  return end;
}

/** A relation as SQL text, schema-qualified when it was written so. */
export function relationSql(rel: RangeVar | undefined): string {
  return quoteQualified(rel?.schemaname, rel?.relname ?? '');
}

/** An identifier token's value as PostgreSQL reads it: `"Name"` -> `Name`, `Name` -> `name`. */
export function identifierValue(text: string): string {
  return text.startsWith('"') ? text.slice(1, -1).replace(/""/g, '"') : text.toLowerCase();
}

/**
 * Range from the keyword `keyword` to the identifier `name` that follows it at or after `from`, skipping the
 * optional words between them (`DROP COLUMN IF EXISTS name`). Undefined when not found.
 */
export function rangeOfKeywordAndName(statement: StatementView, keyword: string, name: string, from: number): { start: number; end: number } | undefined {
  const tokens = statement.tokens();
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i].start < from || tokens[i].text.toUpperCase() !== keyword) continue;
    for (let j = i + 1; j < tokens.length && j <= i + 4; j++) {
      if (identifierValue(tokens[j].text) === name) return { start: tokens[i].start, end: tokens[j].end };
    }
  }
  return undefined;
}

/** Removes a statement and, when it is alone on its line, its line (the last line: the line break before it). */
export function removeStatement(document: SqlDocument, start: number, end: number): { range: { start: number; end: number }; newText: string } {
  const text = document.text;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const rest = /^[ \t]*(\r?\n)?/.exec(text.slice(end))?.[0] ?? '';
  const atEnd = end + rest.length === text.length;
  const alone = text.slice(lineStart, start).trim() === '' && (rest.endsWith('\n') || atEnd);
  if (!alone) return { range: { start, end }, newText: '' };
  if (!rest.endsWith('\n') && lineStart > 0) {
    const before = text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
    return { range: { start: before, end: text.length }, newText: '' };
  }
  return { range: { start: lineStart, end: end + rest.length }, newText: '' };
}
