/** Ranges of names in the document, for narrow squiggles. */
import type { RangeVar } from '@pgsql/types';
import type { StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';

/** A relation as written, `schema.name` or `"Name"`: from its location through the token holding its name. */
export function relationRange(statement: StatementView, relation: RangeVar | undefined): OffsetRange {
  const first = statement.rangeOfLocation(relation?.location);
  if (!relation?.schemaname) return first;
  const name = relation.relname ?? '';
  for (const t of statement.tokens()) {
    if (t.start < first.start) continue;
    const unquoted = t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : t.text.toLowerCase();
    if (unquoted === name) return { start: first.start, end: t.end };
    if (t.start > first.end + 200) break;
  }
  return first;
}

/** From `start` through the parenthesis that closes the first `(` at or after it (a call's argument list). */
export function callRange(statement: StatementView, start: number): OffsetRange {
  const tokens = statement.tokens();
  let depth = 0;
  let opened = false;
  for (const t of tokens) {
    if (t.start < start) continue;
    if (t.text === '(') {
      depth++;
      opened = true;
    } else if (t.text === ')') {
      depth--;
      if (opened && depth === 0) return { start, end: t.end };
    }
    if (!opened && t.start > start + 200) break;
  }
  return { start, end: start };
}
