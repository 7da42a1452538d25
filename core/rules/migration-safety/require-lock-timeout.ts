import type { StatementView } from '../../parse/document';
import type { StatementFacts } from '../../analysis/file-facts';
import { defineRule } from '../types';
import { lockRank, mayTakeAccessExclusive, statementLocks, type LockEffect } from '../../knowledge/locks';
import { asNode } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { lineStartOf, newlineOf } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';
import { isNewObject } from './support/new-relations';

/**
 * Locks whose wait makes other sessions' writes (or reads) queue: SHARE ROW EXCLUSIVE and stronger. SHARE
 * (CREATE INDEX) is held for the whole build, which a timeout does not shorten; require-concurrent-index-creation
 * reports it. The EXCLUSIVE of REFRESH MATERIALIZED VIEW CONCURRENTLY blocks no reader, and nobody writes a view.
 */
function worthATimeout(statement: StatementView, effect: LockEffect): boolean {
  if (statement.kind === 'RefreshMatViewStmt') return effect.mode === 'ACCESS EXCLUSIVE';
  return lockRank(effect.mode) >= lockRank('SHARE ROW EXCLUSIVE');
}

/** `an ACCESS EXCLUSIVE lock on a, b and a SHARE ROW EXCLUSIVE lock on c (referenced table)`. */
function describeLocks(effects: readonly LockEffect[]): string {
  const byMode = new Map<string, string[]>();
  for (const e of effects) byMode.set(e.mode, [...(byMode.get(e.mode) ?? []), e.reason === 'referenced table' ? `${e.relation} (referenced table)` : e.relation]);
  return [...byMode].map(([mode, relations]) => `${mode.startsWith('A') || mode.startsWith('E') ? 'an' : 'a'} ${mode} lock on ${relations.join(', ')}`).join(' and ');
}

export default defineRule({
  meta: {
    id: 'require-lock-timeout',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A statement that locks an existing table against reads or writes runs without a lock_timeout.',
      why:
        'An ACCESS EXCLUSIVE lock request waits behind every running query on the table, and while it waits every ' +
        'new query on the table queues behind it, reads included. One long-running SELECT turns a one-millisecond ' +
        '`ALTER TABLE` into an outage for as long as that SELECT runs. SHARE ROW EXCLUSIVE — taken on the ' +
        'referenced table by a foreign key (also by `CREATE TABLE ... REFERENCES` of an existing table) and by ' +
        '`CREATE TRIGGER` — does the same to writes. With `lock_timeout` set the migration gives up instead (and can ' +
        'be retried), and the queue drains. Statements that lock no existing table (CREATE FUNCTION, TYPE, DOMAIN, ' +
        'SCHEMA, EXTENSION, SEQUENCE, new tables and views, COMMENT, GRANT) or take only locks ordinary queries do not ' +
        'wait for (COMMENT ON, VALIDATE CONSTRAINT, SET STATISTICS) are not reported.',
      instead:
        "Set `SET lock_timeout = '5s';` (or `SET LOCAL` inside the transaction) before the first statement that takes " +
        'a strong lock, and retry the migration when it times out. The rule reports the first such statement of the ' +
        'file that runs without a timeout (and again if a later one runs after the timeout was reset); tables created ' +
        'earlier in the file and down migrations are not reported. `CREATE INDEX` without CONCURRENTLY holds its SHARE ' +
        'lock for the whole build, which a timeout does not shorten: require-concurrent-index-creation reports it.',
      bad: 'ALTER TABLE orders ADD COLUMN note text;',
      good: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders DROP COLUMN legacy;\n\nCREATE TABLE invoices (id bigint);\nALTER TABLE invoices ADD COLUMN note text;",
      fixed: "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    /** True once a statement without a timeout was reported, until a covered statement shows a timeout again. */
    let reportedSinceCovered = false;
    /** The locks of a statement worth a timeout: on relations that existed before it. */
    const queuingLocks = (statement: StatementView, facts: StatementFacts): LockEffect[] => {
      if (facts.downMigration || !mayTakeAccessExclusive(statement)) return [];
      const created = relationKey(asNode(statement.ast, 'CreateStmt')?.relation);
      return (statementLocks(statement, context.settings.postgresVersion)?.effects ?? []).filter(
        (e) => worthATimeout(statement, e) && relationKey(e.relation) !== created && !isNewObject(context.document, context.file, e.relation, statement.index),
      );
    };
    return {
      statement(statement, facts) {
        if (facts.lockTimeoutSet) {
          reportedSinceCovered = false;
          return;
        }
        if (reportedSinceCovered) return;
        const locks = queuingLocks(statement, facts);
        if (locks.length === 0) return;
        reportedSinceCovered = true;
        const line = lineStartOf(context.document, statement.start);
        const atLineStart = context.document.text.slice(line.start, statement.start).trim() === '';
        const insertAt = atLineStart ? line.start : statement.start;
        // Inside a transaction SET LOCAL ends with it; a plain SET would outlive the migration in the tool's session.
        const set = `SET ${facts.inTransaction ? 'LOCAL ' : ''}lock_timeout = '5s';`;
        const newText = atLineStart ? `${line.indent}${set}${newlineOf(context.document)}` : `${set} `;
        const blocksReads = locks.some((e) => e.mode === 'ACCESS EXCLUSIVE');
        const consequence = blocksReads
          ? 'every other query on the table queues behind it'
          : `writes to ${locks.map((e) => e.relation).join(', ')} queue behind it`;
        context.report({
          range: statement.headRange(),
          message: `This takes ${describeLocks(locks)} with no lock_timeout set: while it waits for running queries, ${consequence}. Set lock_timeout before it and retry on timeout.`,
          fixes: [{ title: `${set.slice(0, -1)} before it`, edits: [{ range: { start: insertAt, end: insertAt }, newText }] }],
        });
      },
    };
  },
});
