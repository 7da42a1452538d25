/**
 * Flyway: `V<version>__name.sql` in version order, then `R__` repeatables; each migration runs in a transaction,
 * except one holding a statement PostgreSQL refuses in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM,
 * ...), which Flyway detects and runs without one (mixing both kinds needs `mixed=true`). `U__` undo files run only
 * on undo.
 */
import { nodeLocks } from '../../knowledge/statement-locks';
import { tagOf } from '../../parse/ast';
import { wholeFile, type MigrationTool } from './types';

/** Statements PostgreSQL refuses inside a transaction block beyond what the lock knowledge says. */
const NEVER_IN_TRANSACTION: ReadonlySet<string> = new Set(['CreatedbStmt', 'DropdbStmt', 'CreateTableSpaceStmt', 'DropTableSpaceStmt', 'AlterSystemStmt']);

export const flyway: MigrationTool = {
  id: 'flyway',
  name: 'Flyway',
  docs: 'https://documentation.red-gate.com/fd/postgresql-database-277579325.html',
  sections(document, context) {
    const outside = document.statements.some((s) => s.ast && (NEVER_IN_TRANSACTION.has(tagOf(s.ast)) || nodeLocks(s.ast, context.postgresVersion)?.transactional === false));
    return outside
      ? wholeFile(document, context, 'none', 'Flyway runs this migration without a transaction: it holds a statement that cannot run in one')
      : wholeFile(document, context, 'tool', 'Flyway runs each migration in a transaction');
  },
};
