import type { AlterTableStmt } from '@pgsql/types';
import type { StatementView } from '../../parse/document';
import type { StatementFacts } from '../../analysis/file-facts';
import type { Fix } from '../types';
import { defineRule } from '../types';
import { asNode, relationName } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { alterTableLocks } from '../../knowledge/alter-table-locks';
import { relationRange } from '../helpers/ranges';
import { isPgDumpOutput } from './support/pg-dump';
import { relationSql } from './support/edits';

/** Subcommands kept apart on purpose: validation after NOT VALID, partition changes (which must stand alone). */
const KEEP_APART: ReadonlySet<string> = new Set(['AT_ValidateConstraint', 'AT_AttachPartition', 'AT_DetachPartition', 'AT_DetachPartitionFinalize']);

interface Previous {
  readonly statement: StatementView;
  readonly stmt: AlterTableStmt;
  readonly facts: StatementFacts;
}

export default defineRule({
  meta: {
    id: 'combine-alter-table-statements',
    category: 'migration-safety',
    defaultSeverity: 'info',
    // Measured on real projects: mostly consecutive quick catalog changes inside one migration transaction, where
    // the lock is taken once anyway. Worth turning on for teams that run migrations statement by statement.
    optIn: true,
    fixable: true,
    docs: {
      summary: 'Consecutive ALTER TABLE statements on the same existing table that could be one statement.',
      why:
        'Each ALTER TABLE statement waits for its ACCESS EXCLUSIVE lock on its own: outside a transaction that is ' +
        'one more trip through the lock queue, during which every query on the table waits. Each statement that ' +
        'rewrites or scans the table (a type change, SET NOT NULL, a validated constraint) reads it once more. One ' +
        'ALTER TABLE with several comma-separated actions takes the lock once and does all rewrites and checks in a ' +
        'single pass.',
      instead:
        'Combine the actions into one `ALTER TABLE t action1, action2, ...`. Keep apart what should be apart: ' +
        '`VALIDATE CONSTRAINT` after `ADD ... NOT VALID` (it must run after the lock of the ADD is gone), and ' +
        'ATTACH/DETACH PARTITION. Tables created earlier in the file, down migrations and pg_dump output are not ' +
        'reported. Opt-in: inside one transaction (as most migration tools run a file) the second statement finds the ' +
        'lock already held, so the gain is the extra pass over the table only.',
      bad: 'ALTER TABLE orders ADD COLUMN note text;\nALTER TABLE orders ALTER COLUMN total TYPE numeric(14, 2);',
      good:
        'ALTER TABLE orders ADD COLUMN note text, ALTER COLUMN total TYPE numeric(14, 2);\n\n' +
        'ALTER TABLE invoices ADD CONSTRAINT invoices_total_check CHECK (total >= 0) NOT VALID;\n' +
        'ALTER TABLE invoices VALIDATE CONSTRAINT invoices_total_check;',
      fixed: 'ALTER TABLE orders ADD COLUMN note text, ALTER COLUMN total TYPE numeric(14, 2);',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const text = context.document.text;
    let previous: Previous | undefined;
    const combinable = (statement: StatementView, stmt: AlterTableStmt, facts: StatementFacts): boolean => {
      if (facts.downMigration || (stmt.objtype !== undefined && stmt.objtype !== 'OBJECT_TABLE') || !stmt.relation) return false;
      if (context.file.isNewRelation(stmt.relation, statement.index)) return false;
      if ((stmt.cmds ?? []).some((c) => KEEP_APART.has(asNode(c, 'AlterTableCmd')?.subtype ?? ''))) return false;
      const table = relationName(stmt.relation);
      return alterTableLocks(stmt, context.settings.postgresVersion).effects.some((e) => e.relation === table && e.mode === 'ACCESS EXCLUSIVE');
    };
    return {
      statement(statement, facts) {
        const stmt = asNode(statement.ast, 'AlterTableStmt');
        const prev = previous;
        previous = stmt && combinable(statement, stmt, facts) ? { statement, stmt, facts } : undefined;
        if (!stmt || !prev || !previous) return;
        if (prev.statement.index !== statement.index - 1) return;
        if (relationKey(prev.stmt.relation) !== relationKey(stmt.relation) || prev.stmt.relation?.inh !== stmt.relation?.inh) return;
        if (Boolean(prev.stmt.missing_ok) !== Boolean(stmt.missing_ok)) return;
        if (prev.facts.inTransaction !== facts.inTransaction || prev.facts.transactionStart !== facts.transactionStart) return;
        const head = relationRange(statement, stmt.relation);
        const semicolon = prev.statement.end - 1;
        const between = text.slice(prev.statement.end, statement.start);
        const canFix = text[semicolon] === ';' && between.trim() === '' && head.end > statement.start;
        const fix: Fix | undefined = canFix ? { title: 'Combine with the previous ALTER TABLE', edits: [{ range: { start: semicolon, end: head.end }, newText: ',' }] } : undefined;
        context.report({
          range: { start: statement.start, end: head.end },
          message: `${relationSql(stmt.relation)} is altered again right after the previous statement: combine the actions into one ALTER TABLE so the ACCESS EXCLUSIVE lock is taken once and the table is processed in one pass.`,
          fixes: fix ? [fix] : [],
        });
      },
    };
  },
});
