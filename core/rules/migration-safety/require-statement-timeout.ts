import type { StatementView } from '../../parse/document';
import type { StatementFacts } from '../../analysis/file-facts';
import type { LockEffect } from '../../knowledge/locks';
import { defineRule } from '../types';
import { mayTakeAccessExclusive, statementLocks } from '../../knowledge/locks';
import { lineStartOf, newlineOf } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';
import { isNewObject } from './support/new-relations';

export default defineRule({
  meta: {
    id: 'require-statement-timeout',
    category: 'migration-safety',
    defaultSeverity: 'info',
    fixable: true,
    docs: {
      summary: 'A statement that scans or rewrites an existing table under ACCESS EXCLUSIVE runs without a statement_timeout.',
      why:
        'Statements that scan or rewrite a table while holding ACCESS EXCLUSIVE (a column type change, SET NOT NULL, ' +
        'a validated CHECK, VACUUM FULL) block every query on it for as long as they run. When one turns out slower ' +
        'than expected (a table larger than in staging) the application stalls for all of that time. ' +
        'A `statement_timeout` bounds the damage: the statement is cancelled, its transaction rolls back, and the ' +
        'migration can be rescheduled. `lock_timeout` (require-lock-timeout) only bounds the wait for the lock.',
      instead:
        "Set `SET statement_timeout = '5s';` before the first such statement (`SET LOCAL` inside a transaction, the " +
        "file's own or the one its migration tool opens: the fix writes that), " +
        'with a budget you can afford to block the table for, or do the change without the long lock (see ' +
        'changing-column-type, adding-not-nullable-field, constraint-missing-not-valid). For statements that are meant ' +
        'to run long without blocking (CREATE INDEX CONCURRENTLY) set it back to 0 first. The rule reports the first ' +
        'such statement without a timeout; catalog-only changes (lock_timeout covers those), tables created earlier in ' +
        'the file and down migrations are not reported. squawk\'s `require-timeout-settings` is this rule and ' +
        'require-lock-timeout together.',
      bad: 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      good:
        "ALTER TABLE orders ADD COLUMN note text;\nSET statement_timeout = '5s';\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\n\n" +
        'CREATE TABLE invoices (id bigint, customer_id bigint);\nALTER TABLE invoices ALTER COLUMN customer_id SET NOT NULL;',
      fixed: "SET statement_timeout = '5s';\nALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;",
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    let reportedSinceCovered = false;
    const blocking = (statement: StatementView, facts: StatementFacts): LockEffect[] => {
      if (facts.downMigration) return [];
      if (!mayTakeAccessExclusive(statement)) return [];
      const info = statementLocks(statement, context.settings.postgresVersion);
      if (!info || (!info.scans && !info.rewrites)) return [];
      return info.effects.filter((e) => e.mode === 'ACCESS EXCLUSIVE' && !isNewObject(context.document, context.file, e.relation, statement.index));
    };
    return {
      statement(statement, facts) {
        if (facts.statementTimeoutSet) {
          reportedSinceCovered = false;
          return;
        }
        if (reportedSinceCovered) return;
        const effects = blocking(statement, facts);
        if (effects.length === 0) return;
        reportedSinceCovered = true;
        const line = lineStartOf(context.document, statement.start);
        const atLineStart = context.document.text.slice(line.start, statement.start).trim() === '';
        const insertAt = atLineStart ? line.start : statement.start;
        // Inside a transaction SET LOCAL ends with it; a plain SET would outlive the migration in the tool's session.
        const set = `SET ${facts.inTransaction ? 'LOCAL ' : ''}statement_timeout = '5s';`;
        const newText = atLineStart ? `${line.indent}${set}${newlineOf(context.document)}` : `${set} `;
        context.report({
          range: statement.headRange(),
          message: `This scans or rewrites ${effects.map((e) => e.relation).join(', ')} under ACCESS EXCLUSIVE, blocking every query on it for as long as it runs, and no statement_timeout bounds that; set one before it (${set}), at what you can afford to block the table for.`,
          fixes: [{ title: `${set.slice(0, -1)} before it`, edits: [{ range: { start: insertAt, end: insertAt }, newText }] }],
        });
      },
    };
  },
});
