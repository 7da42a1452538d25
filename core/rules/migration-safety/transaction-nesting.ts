import { defineRule } from '../types';
import { transactionControl } from './support/transactions';

export default defineRule({
  meta: {
    id: 'transaction-nesting',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'BEGIN inside a transaction, or COMMIT/ROLLBACK with no transaction of the file\'s own to end.',
      why:
        'PostgreSQL has no nested transactions: a second `BEGIN` only warns, and the first `COMMIT` ends the one ' +
        'transaction, so the statements after it run outside any transaction and a later failure leaves the ' +
        'migration half applied. When the migration tool runs the file in its own transaction (`assumeInTransaction`, ' +
        'dbmate sections without `transaction:false`), the file\'s `BEGIN` nests in it and its `COMMIT` ends the ' +
        'tool\'s transaction early. A `COMMIT` with no open transaction is a sign of a missing `BEGIN`.',
      instead:
        'Use one `BEGIN ... COMMIT` per block, never nested; when the tool wraps each file in a transaction, leave ' +
        'BEGIN and COMMIT out of the file (or turn the tool\'s transaction off for it). Use `SAVEPOINT` for partial ' +
        'rollback inside a transaction.',
      bad: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nBEGIN;\nALTER TABLE orders ADD COLUMN tag text;\nCOMMIT;\nCOMMIT;',
      good: 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;\nBEGIN;\nALTER TABLE orders ADD COLUMN tag text;\nCOMMIT;',
    },
  },
  create(context) {
    return {
      statement(statement, facts) {
        const control = transactionControl(statement.ast);
        if (!control) return;
        const head = statement.headRange();
        if (control === 'begin') {
          if (facts.explicitTransaction) {
            const start = facts.transactionStart === undefined ? undefined : context.document.statements[facts.transactionStart];
            const line = start ? context.document.lines.positionAt(start.start).line + 1 : undefined;
            context.report({ range: head, message: `A transaction is already open${line ? ` (BEGIN on line ${line})` : ''}: this BEGIN only warns, and the next COMMIT ends both. Remove it, or use SAVEPOINT.` });
          } else if (facts.transaction === 'tool') {
            // (In PostgreSQL's implicit transaction around a multi-statement query, BEGIN simply makes it explicit.)
            context.report({ range: head, message: `The migration tool already runs this file in a transaction (${facts.runs}): this BEGIN only warns, and its COMMIT ends the tool's transaction early. Leave BEGIN and COMMIT out of the file.` });
          }
          return;
        }
        if (facts.explicitTransaction) return;
        context.report({
          range: head,
          message: facts.transaction === 'tool'
            ? 'This ends the transaction the migration tool runs the file in: the statements after it run outside any transaction. Remove it.'
            : 'There is no transaction to end here: BEGIN is missing earlier, or this statement is left over. Add the BEGIN, or remove it.',
        });
      },
    };
  },
});
