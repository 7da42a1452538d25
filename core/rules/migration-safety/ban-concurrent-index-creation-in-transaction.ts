import type { Fix, RuleContext } from '../types';
import type { StatementView } from '../../parse/document';
import type { StatementFacts } from '../../analysis/file-facts';
import { asNode, relationName, tagOf } from '../../parse/ast';
import { defineRule } from '../types';
import { isPgDumpOutput } from './support/pg-dump';
import { removeStatement } from './support/edits';
import { dropIndexConcurrently, droppedNames, outsideTransaction, outsideTransactionAfterCommit } from './support/outside-transaction';

export default defineRule({
  meta: {
    id: 'ban-concurrent-index-creation-in-transaction',
    category: 'migration-safety',
    defaultSeverity: 'error',
    fixable: true,
    docs: {
      summary: 'CREATE INDEX CONCURRENTLY (and DROP / REINDEX ... CONCURRENTLY, DETACH PARTITION CONCURRENTLY) inside a transaction block fails.',
      why:
        'PostgreSQL refuses `CREATE INDEX CONCURRENTLY`, `DROP INDEX CONCURRENTLY`, `REINDEX ... CONCURRENTLY` and ' +
        '`DETACH PARTITION ... CONCURRENTLY` inside a transaction block (`ERROR: ... cannot run inside a transaction ' +
        'block`): the concurrent build commits between its phases. A migration that wraps it in `BEGIN ... COMMIT` ' +
        'fails there, and so does one its tool runs in a transaction: goose, dbmate, Atlas, Liquibase, Flyway (for a ' +
        'migration that mixes it with other statements), Hasura and pop wrap each migration; Prisma, golang-migrate and ' +
        'the Supabase CLI send a file of several statements as one query, which PostgreSQL runs as one transaction.',
      instead:
        'Run the statement outside any transaction block, the way its tool allows: goose `-- +goose NO TRANSACTION`; ' +
        'dbmate `-- migrate:up transaction:false` with the statement alone in its section; Prisma, golang-migrate and ' +
        'Supabase a migration whose file holds only that statement; Flyway a migration of its own; Atlas ' +
        '`-- atlas:txmode none`; Liquibase `runInTransaction:false` on its changeset; a file run by psql, after the ' +
        'COMMIT. The fix makes that edit when the statement is alone in its part of the file, and otherwise moves it ' +
        'to a new migration named after the project\'s last one (in the editor it creates the file).',
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
      const unwrap = facts.explicitTransaction && outsideTransactionAfterCommit(context, statement) ? removeTransactionFix(context, statement, facts) : undefined;
      const placement = outsideTransaction(context, statement, facts, { name: what.name, ...(what.down ? { down: what.down } : {}), ...(what.names ? { names: what.names } : {}) });
      const why = facts.transaction === 'explicit' ? 'it is inside the BEGIN ... COMMIT block' : facts.runs;
      context.report({
        range: statement.rangeOfWords(what.words),
        message: `${what.label} cannot run inside a transaction block, and ${why}: it fails. Run it ${unwrap ? 'without the BEGIN ... COMMIT around it' : placement.where}.`,
        // Removing BEGIN and COMMIT is offered once per block, on its first concurrent statement.
        fixes: unwrap ? (unwrap.fix ? [unwrap.fix] : []) : placement.fixes,
      });
    };
    return { statement: check };
  },
});

interface ConcurrentCommand {
  readonly label: string;
  readonly words: readonly string[];
  /** Words for the file name of a migration of its own. */
  readonly name: string;
  /** What undoes it, when known. */
  readonly down?: string;
  /** What it creates, drops or detaches (see ConcurrentChange.names). */
  readonly names?: readonly string[];
}

function concurrentCommand(statement: StatementView): ConcurrentCommand | undefined {
  const ast = statement.ast;
  switch (tagOf(ast)) {
    case 'IndexStmt': {
      const index = asNode(ast, 'IndexStmt');
      if (!index?.concurrent) return undefined;
      const down = index.idxname ? dropIndexConcurrently(index.relation?.schemaname, index.idxname) : undefined;
      return { label: 'CREATE INDEX CONCURRENTLY', words: ['CREATE', 'CONCURRENTLY'], name: `create index ${index.idxname ?? relationName(index.relation)}`, ...(down ? { down } : {}), names: index.idxname ? [index.idxname] : [] };
    }
    case 'DropStmt': {
      const drop = asNode(ast, 'DropStmt');
      if (!drop?.concurrent || drop.removeType !== 'OBJECT_INDEX') return undefined;
      const names = droppedNames(drop).map((n) => n.name);
      return { label: 'DROP INDEX CONCURRENTLY', words: ['DROP', 'CONCURRENTLY'], name: `drop index ${names.join(' ')}`, names: names.map((n) => n.slice(n.lastIndexOf('.') + 1)) };
    }
    case 'ReindexStmt': {
      const reindex = asNode(ast, 'ReindexStmt');
      const concurrent = reindex?.params?.some((p) => asNode(p, 'DefElem')?.defname === 'concurrently');
      return concurrent ? { label: 'REINDEX CONCURRENTLY', words: ['REINDEX', 'CONCURRENTLY'], name: `reindex ${relationName(reindex?.relation) || reindex?.name || ''}` } : undefined;
    }
    case 'AlterTableStmt': {
      const alter = asNode(ast, 'AlterTableStmt');
      const detach = (alter?.cmds ?? []).map((c) => asNode(c, 'AlterTableCmd')).find((c) => c?.subtype === 'AT_DetachPartition' && asNode(c.def, 'PartitionCmd')?.concurrent);
      const partition = asNode(detach?.def, 'PartitionCmd')?.name;
      return detach ? { label: 'DETACH PARTITION CONCURRENTLY', words: ['DETACH', 'PARTITION'], name: `detach partition ${relationName(partition)}`, names: [partition?.relname ?? ''] } : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * When the BEGIN ... COMMIT block holds nothing but concurrent index commands (and SETs), dropping the BEGIN and
 * COMMIT lines changes nothing else: offer that, on the block's first concurrent statement (`fix` undefined on the
 * others). Undefined when the block holds other work.
 */
function removeTransactionFix(context: RuleContext, statement: StatementView, facts: StatementFacts): { readonly fix?: Fix } | undefined {
  const statements = context.document.statements;
  const begin = facts.transactionStart;
  if (begin === undefined) return undefined;
  const end = statements.findIndex((s, i) => i > begin && isTransactionEnd(s.ast));
  if (end < 0 || tagOf(statements[end].ast) !== 'TransactionStmt' || asNode(statements[end].ast, 'TransactionStmt')?.kind !== 'TRANS_STMT_COMMIT') return undefined;
  const inside = statements.slice(begin + 1, end);
  if (!inside.every((s) => concurrentCommand(s) || tagOf(s.ast) === 'VariableSetStmt')) return undefined;
  if (inside.find((s) => concurrentCommand(s))?.index !== statement.index) return {};
  return {
    fix: {
      title: 'Remove the BEGIN and COMMIT around it',
      edits: [removeStatement(context.document, statements[begin].start, statements[begin].end), removeStatement(context.document, statements[end].start, statements[end].end)],
    },
  };
}

function isTransactionEnd(ast: Parameters<typeof tagOf>[0]): boolean {
  const kind = asNode(ast, 'TransactionStmt')?.kind;
  return kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK';
}
