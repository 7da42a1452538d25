/** Transaction-control statements as the transaction rules see them. */
import type { Node } from '@pgsql/types';
import type { FileFacts, StatementFacts } from '../../../analysis/file-facts';
import { sectionIndexAt } from '../../../analysis/file-facts';
import { asNode } from '../../../parse/ast';

export type TransactionControl = 'begin' | 'end' | undefined;

/** BEGIN / START TRANSACTION -> 'begin'; COMMIT / END / ROLLBACK / ABORT / PREPARE TRANSACTION -> 'end'. */
export function transactionControl(ast: Node | undefined): TransactionControl {
  const kind = asNode(ast, 'TransactionStmt')?.kind;
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') return 'end';
  return undefined;
}

/**
 * Which transaction a statement runs in, for rules that follow locks through it: `block <n>` for an explicit
 * BEGIN ... COMMIT opened by statement n, `section <i>` for the transaction the tool opens around part i of the
 * file (a dbmate section, a Liquibase changeset, the whole file), undefined outside any transaction and in down
 * migrations (their locks are not reported).
 */
export function transactionKey(file: FileFacts, statement: { readonly start: number }, facts: StatementFacts): string | undefined {
  if (!facts.inTransaction || facts.downMigration) return undefined;
  return facts.explicitTransaction ? `block ${facts.transactionStart ?? ''}` : `section ${sectionIndexAt(file.sections, statement.start)}`;
}
