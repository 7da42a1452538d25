import type { Statement } from '../../parse/document';
import { defineRule } from '../types';
import { newlineOf } from './support/edits';
import { transactionControl } from './support/transactions';

const SECTION_MARKER = /^--\s*migrate:(up|down)\b/i;

export default defineRule({
  meta: {
    id: 'ban-uncommitted-transaction',
    category: 'migration-safety',
    defaultSeverity: 'error',
    fixable: true,
    docs: {
      summary: 'A BEGIN that is never committed or rolled back by the end of the file (or of its dbmate section).',
      why:
        'When the file ends with the transaction still open, what happens depends on the client: psql and most ' +
        'drivers roll it back when the connection closes, so the whole migration silently does nothing, while the ' +
        'migration tool records it as applied. A connection returned to a pool with an open transaction keeps its ' +
        'locks until something ends it.',
      instead: 'End every `BEGIN` with `COMMIT` (or `ROLLBACK`) in the same file, and in dbmate, in the same section.',
      bad: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;',
      good: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;',
      fixed: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;',
    },
  },
  create(context) {
    const document = context.document;
    const sectionStarts = document.comments
      .filter((c) => !c.block && SECTION_MARKER.test(document.text.slice(c.start, c.end)))
      .map((c) => c.start);
    let open: Statement | undefined;
    let last: Statement | undefined;
    const sectionOf = (offset: number): number => sectionStarts.filter((s) => s <= offset).length;
    const close = (): void => {
      if (!open || !last) return;
      const at = last.end;
      const semicolon = last.text.trimEnd().endsWith(';') ? '' : ';';
      context.report({
        range: open.headRange(),
        message: 'This transaction is never committed or rolled back: when the connection closes, everything in it is rolled back. End it with COMMIT.',
        fixes: [{ title: 'Add COMMIT', preferred: true, edits: [{ range: { start: at, end: at }, newText: `${semicolon}${newlineOf(document)}COMMIT;` }] }],
      });
      open = undefined;
    };
    return {
      statement(view) {
        const statement = document.statements[view.index];
        if (!statement) return;
        if (last && sectionOf(last.start) !== sectionOf(statement.start)) close();
        const control = transactionControl(statement.ast);
        if (control === 'begin') open ??= statement;
        else if (control === 'end') open = undefined;
        last = statement;
      },
      endOfFile: close,
    };
  },
});
