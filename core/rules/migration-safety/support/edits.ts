/**
 * Text positions for migration-safety fixes: where a statement's line starts, where an ALTER TABLE
 * subcommand ends, and the text of a relation name as SQL.
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

/** The line break the document uses (CRLF files stay CRLF). */
export function newlineOf(document: SqlDocument): string {
  return document.text.includes('\r\n') ? '\r\n' : '\n';
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

/** Offset just after the statement's terminating semicolon (or its end when unterminated). */
export function statementEnd(statement: StatementView): number {
  return statement.end;
}

/** A relation as SQL text, schema-qualified when it was written so. */
export function relationSql(rel: RangeVar | undefined): string {
  return quoteQualified(rel?.schemaname, rel?.relname ?? '');
}
