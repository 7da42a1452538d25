import type { StatementView } from '../../parse/document';
import type { StatementFacts } from '../../analysis/file-facts';
import { defineRule } from '../types';
import { mayTakeAccessExclusive, statementLocks } from '../../knowledge/locks';
import { lineStartOf, newlineOf } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';
import { isNewObject } from './support/new-relations';

export default defineRule({
  meta: {
    id: 'require-lock-timeout',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A statement that takes ACCESS EXCLUSIVE on an existing table runs without a lock_timeout.',
      why:
        'An ACCESS EXCLUSIVE lock request waits behind every running query on the table, and while it waits every ' +
        'new query on the table queues behind it, reads included. One long-running SELECT turns a one-millisecond ' +
        '`ALTER TABLE` into an outage for as long as that SELECT runs. With `lock_timeout` set the migration gives ' +
        'up instead (and can be retried), and the queue drains.',
      instead:
        "Set `SET lock_timeout = '5s';` (or `SET LOCAL` inside the transaction) before the first statement that takes " +
        'a strong lock, and retry the migration when it times out. The rule reports the first such statement of the ' +
        'file that runs without a timeout (and again if a later one runs after the timeout was reset); tables created ' +
        'earlier in the file and down migrations are not reported.',
      bad: 'ALTER TABLE orders ADD COLUMN note text;',
      good: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders DROP COLUMN legacy;\n\nCREATE TABLE invoices (id bigint);\nALTER TABLE invoices ADD COLUMN note text;",
      fixed: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    /** True once a statement without a timeout was reported, until a covered statement shows a timeout again. */
    let reportedSinceCovered = false;
    const needsTimeout = (statement: StatementView, facts: StatementFacts): boolean => {
      if (facts.downMigration) return false;
      if (!mayTakeAccessExclusive(statement)) return false;
      const info = statementLocks(statement, context.settings.postgresVersion);
      return info?.effects.some((e) => e.mode === 'ACCESS EXCLUSIVE' && !isNewObject(context.document, context.file, e.relation, statement.index)) ?? false;
    };
    return {
      statement(statement, facts) {
        if (facts.lockTimeoutSet) {
          reportedSinceCovered = false;
          return;
        }
        if (reportedSinceCovered || !needsTimeout(statement, facts)) return;
        reportedSinceCovered = true;
        const line = lineStartOf(context.document, statement.start);
        const atLineStart = context.document.text.slice(line.start, statement.start).trim() === '';
        const insertAt = atLineStart ? line.start : statement.start;
        const newText = atLineStart ? `${line.indent}SET lock_timeout = '5s';${newlineOf(context.document)}` : `SET lock_timeout = '5s'; `;
        const tables = statementLocks(statement, context.settings.postgresVersion)
          ?.effects.filter((e) => e.mode === 'ACCESS EXCLUSIVE' && !isNewObject(context.document, context.file, e.relation, statement.index))
          .map((e) => e.relation)
          .join(', ');
        context.report({
          range: statement.headRange(),
          message: `This takes an ACCESS EXCLUSIVE lock on ${tables} with no lock_timeout set: while it waits for running queries, every other query on the table queues behind it.`,
          fixes: [{ title: "Set lock_timeout = '5s' before it", edits: [{ range: { start: insertAt, end: insertAt }, newText }] }],
        });
      },
    };
  },
});
