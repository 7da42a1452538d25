/**
 * Tables a transaction emptied with TRUNCATE: until it commits nobody else can add a row (TRUNCATE holds ACCESS
 * EXCLUSIVE), so a later statement of the same transaction that would fail or scan on existing rows finds none.
 */
import type { RangeVar, TruncateStmt } from '@pgsql/types';
import type { FileFacts, StatementFacts } from '../../../analysis/file-facts';
import { relationKey } from '../../../analysis/file-facts';
import { asNode } from '../../../parse/ast';
import { transactionKey } from './transactions';

export class TruncatedTables {
  /** Table key -> the transaction that truncated it. */
  private readonly truncated = new Map<string, string>();

  constructor(private readonly file: FileFacts) {}

  /** Records the tables a TRUNCATE empties in its transaction (none outside a transaction). */
  note(stmt: TruncateStmt, statement: { readonly start: number }, facts: StatementFacts): void {
    const transaction = transactionKey(this.file, statement, facts);
    if (transaction === undefined) return;
    for (const item of stmt.relations ?? []) {
      const rel = asNode(item, 'RangeVar');
      if (rel) this.truncated.set(relationKey(rel), transaction);
    }
  }

  /** True when `rel` was truncated earlier in the transaction this statement runs in. */
  isEmpty(rel: RangeVar | undefined, statement: { readonly start: number }, facts: StatementFacts): boolean {
    const transaction = transactionKey(this.file, statement, facts);
    return transaction !== undefined && this.truncated.get(relationKey(rel)) === transaction;
  }
}
