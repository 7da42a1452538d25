import { defineRule } from '../types';
import { mayTakeAccessExclusive, statementLocks } from '../../knowledge/locks';
import { relationKey } from '../../analysis/file-facts';
import { isPgDumpOutput } from './support/pg-dump';
import { isNewObject } from './support/new-relations';
import { transactionControl, transactionKey } from './support/transactions';

export default defineRule({
  meta: {
    id: 'multiple-access-exclusive-locks',
    category: 'migration-safety',
    defaultSeverity: 'info',
    // Measured on real projects: mostly migrations that change a few tables together on purpose; the waits they
    // risk are bounded by a lock_timeout (require-lock-timeout). Worth turning on for busy databases.
    optIn: true,
    fixable: false,
    docs: {
      summary: 'One transaction takes ACCESS EXCLUSIVE locks on more than one existing table.',
      why:
        'Locks are held until the transaction ends. After the first ACCESS EXCLUSIVE lock is granted, every query on ' +
        'that table waits while the transaction goes on to wait for the next table\'s lock behind that table\'s ' +
        'running queries: the outage on the first table lasts as long as the slowest query on the second. Application ' +
        'transactions that touch both tables in the other order deadlock with the migration.',
      instead:
        'Change one table per transaction (separate migrations, or COMMIT in between), with a `lock_timeout` so each ' +
        'step gives up instead of queueing. When the changes must be atomic, keep the transaction as short as ' +
        'possible and lock the tables in the order the application uses them. Tables created earlier in the file and ' +
        'down migrations are not counted. Opt-in: most migrations that change several tables do so on purpose, with a ' +
        'lock_timeout bounding the waits.',
      bad: "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE customers ADD COLUMN note text;\nCOMMIT;",
      good:
        "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE customers ADD COLUMN note text;\n\n" +
        'BEGIN;\nCREATE TABLE invoices (id bigint PRIMARY KEY);\nALTER TABLE invoices ADD COLUMN note text;\nALTER TABLE orders ADD COLUMN invoice_id bigint;\nCOMMIT;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    let transaction: string | undefined;
    let locked: string[] = [];
    let reported = false;
    return {
      statement(statement, facts) {
        const key = transactionKey(context.file, statement, facts);
        if (key !== transaction) {
          transaction = key;
          locked = [];
          reported = false;
        }
        if (key === undefined || reported || transactionControl(statement.ast)) return;
        if (!mayTakeAccessExclusive(statement)) return;
        const info = statementLocks(statement, context.settings.postgresVersion);
        for (const effect of info?.effects ?? []) {
          if (effect.mode !== 'ACCESS EXCLUSIVE' || isNewObject(context.document, context.file, effect.relation, statement.index)) continue;
          if (!locked.some((r) => relationKey(r) === relationKey(effect.relation))) locked.push(effect.relation);
        }
        if (locked.length < 2) return;
        reported = true;
        context.report({
          range: statement.headRange(),
          message: `This transaction now holds ACCESS EXCLUSIVE on ${locked.join(' and ')}: queries on the first wait while it queues for the next, and it can deadlock with application transactions. Change one table per transaction, or keep it short with a lock_timeout.`,
        });
      },
    };
  },
});
