/** The top-level statement holding an offset, by binary search: statements are in document order and disjoint. */
import type { SqlDocument, Statement } from '../parse/document';

export function statementContaining(document: SqlDocument, offset: number): Statement | undefined {
  const statements = document.statements;
  let low = 0;
  let high = statements.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (statements[mid].start <= offset) low = mid + 1;
    else high = mid - 1;
  }
  // `high` is the last statement starting at or before the offset; empty ones may share its start.
  let found: Statement | undefined;
  for (let i = high; i >= 0 && statements[i].start === statements[high].start; i--) if (offset < statements[i].end) found = statements[i];
  return found;
}
