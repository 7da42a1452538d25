import type { Fix, RuleContext } from '../types';
import type { StatementView } from '../../parse/document';
import type { StatementFacts } from '../../analysis/file-facts';
import { asNode, tagOf } from '../../parse/ast';
import { defineRule } from '../types';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'ban-concurrent-index-creation-in-transaction',
    category: 'migration-safety',
    defaultSeverity: 'error',
    fixable: true,
    docs: {
      summary: 'CREATE INDEX CONCURRENTLY (and DROP / REINDEX ... CONCURRENTLY) inside a transaction block fails.',
      why:
        'PostgreSQL refuses `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY` and `REINDEX ... CONCURRENTLY` inside ' +
        'a transaction block (`ERROR: CREATE INDEX CONCURRENTLY cannot run inside a transaction block`): the concurrent ' +
        'build commits between its phases. A migration that wraps it in `BEGIN ... COMMIT`, or a migration tool that runs ' +
        'each file in a transaction (`assumeInTransaction`, dbmate sections without `transaction:false`), fails there.',
      instead:
        'Run the statement outside any transaction block: remove the surrounding `BEGIN`/`COMMIT`, put it in its own ' +
        'migration, and turn off the tool\'s transaction for that file (dbmate: `-- migrate:up transaction:false`; ' +
        'golang-migrate and Flyway run files without a transaction unless told otherwise).',
      bad: 'BEGIN;\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\nCOMMIT;',
      good: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
      fixed: 'CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const check = (statement: StatementView, facts: StatementFacts): void => {
      const what = concurrentCommand(statement);
      if (!what || !facts.inTransaction) return;
      const fix = facts.explicitTransaction ? removeTransactionFix(context, statement, facts) : undefined;
      const where = facts.explicitTransaction ? 'inside the BEGIN ... COMMIT block' : 'in a file that runs inside a transaction';
      context.report({
        range: statement.rangeOfWords(what.words),
        message: `${what.label} cannot run inside a transaction block; it is ${where} and will fail.`,
        fixes: fix ? [fix] : [],
      });
    };
    return { statement: check };
  },
});

interface ConcurrentCommand {
  readonly label: string;
  readonly words: readonly string[];
}

function concurrentCommand(statement: StatementView): ConcurrentCommand | undefined {
  const ast = statement.ast;
  switch (tagOf(ast)) {
    case 'IndexStmt':
      return asNode(ast, 'IndexStmt')?.concurrent ? { label: 'CREATE INDEX CONCURRENTLY', words: ['CREATE', 'CONCURRENTLY'] } : undefined;
    case 'DropStmt': {
      const drop = asNode(ast, 'DropStmt');
      return drop?.concurrent && drop.removeType === 'OBJECT_INDEX' ? { label: 'DROP INDEX CONCURRENTLY', words: ['DROP', 'CONCURRENTLY'] } : undefined;
    }
    case 'ReindexStmt': {
      const concurrent = asNode(ast, 'ReindexStmt')?.params?.some((p) => asNode(p, 'DefElem')?.defname === 'concurrently');
      return concurrent ? { label: 'REINDEX CONCURRENTLY', words: ['REINDEX', 'CONCURRENTLY'] } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * When the BEGIN ... COMMIT block holds nothing but concurrent index commands (and SETs), dropping the
 * BEGIN and COMMIT lines changes nothing else: offer that.
 */
function removeTransactionFix(context: RuleContext, statement: StatementView, facts: StatementFacts): Fix | undefined {
  const statements = context.document.statements;
  const begin = facts.transactionStart;
  if (begin === undefined) return undefined;
  const end = statements.findIndex((s, i) => i > begin && isTransactionEnd(s.ast));
  if (end < 0 || tagOf(statements[end].ast) !== 'TransactionStmt' || asNode(statements[end].ast, 'TransactionStmt')?.kind !== 'TRANS_STMT_COMMIT') return undefined;
  const inside = statements.slice(begin + 1, end);
  if (!inside.every((s) => concurrentCommand(s) || tagOf(s.ast) === 'VariableSetStmt')) return undefined;
  // Only the first offending statement carries the fix, so applying every finding's fix edits once.
  if (inside.find((s) => concurrentCommand(s))?.index !== statement.index) return undefined;
  return {
    title: 'Remove the BEGIN and COMMIT around it',
    edits: [removeLine(context, statements[begin].start, statements[begin].end), removeLine(context, statements[end].start, statements[end].end)],
  };
}

function isTransactionEnd(ast: Parameters<typeof tagOf>[0]): boolean {
  const kind = asNode(ast, 'TransactionStmt')?.kind;
  return kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK';
}

/** Removes a statement and, when it is alone on its line, the line break after it. */
function removeLine(context: RuleContext, start: number, end: number): { range: { start: number; end: number }; newText: string } {
  const text = context.document.text;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const rest = /^[ \t]*(\r?\n)?/.exec(text.slice(end))?.[0] ?? '';
  const atEnd = end + rest.length === text.length;
  const alone = text.slice(lineStart, start).trim() === '' && (rest.endsWith('\n') || atEnd);
  if (!alone) return { range: { start, end }, newText: '' };
  // The last line of the file: take the line break before it instead.
  if (!rest.endsWith('\n') && lineStart > 0) {
    const before = text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
    return { range: { start: before, end: text.length }, newText: '' };
  }
  return { range: { start: lineStart, end: end + rest.length }, newText: '' };
}
