/** Transaction-control statements as the transaction rules see them. */
import type { Node } from '@pgsql/types';
import { asNode } from '../../../parse/ast';

export type TransactionControl = 'begin' | 'end' | undefined;

/** BEGIN / START TRANSACTION -> 'begin'; COMMIT / END / ROLLBACK / ABORT / PREPARE TRANSACTION -> 'end'. */
export function transactionControl(ast: Node | undefined): TransactionControl {
  const kind = asNode(ast, 'TransactionStmt')?.kind;
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') return 'end';
  return undefined;
}
