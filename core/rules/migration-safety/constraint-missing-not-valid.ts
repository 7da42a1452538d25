import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationKey } from '../../analysis/file-facts';
import { constraintKey, notValidFix, validatingConstraints } from './support/not-valid';
import { isPgDumpOutput } from './support/pg-dump';
import { relationSql } from './support/edits';
import { transactionKey } from './support/transactions';

/** Foreign keys are adding-foreign-key-constraint's: one finding per problem. */
const CHECKED_KINDS = new Set(['CONSTR_CHECK'] as const);

export default defineRule({
  meta: {
    id: 'constraint-missing-not-valid',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'ADD CONSTRAINT ... CHECK on an existing table without NOT VALID checks every row under a lock that blocks reads and writes.',
      why:
        'Adding a CHECK constraint takes ACCESS EXCLUSIVE (no reads, no writes), then PostgreSQL scans the whole ' +
        'table to check the existing rows while holding that lock. With `NOT VALID` the constraint is added instantly and enforced for new rows; ' +
        '`VALIDATE CONSTRAINT` later checks the old rows under SHARE UPDATE EXCLUSIVE, which blocks neither reads nor ' +
        'writes. Validating in the same transaction that added the constraint gains nothing: the strong lock from the ' +
        'ADD is still held while the VALIDATE scans.',
      instead:
        'Add the constraint `NOT VALID`, commit, and run `ALTER TABLE ... VALIDATE CONSTRAINT ...` in a later ' +
        'transaction: the fix puts it after the statement, after the COMMIT of its block, or, when the migration tool ' +
        'runs the whole file in one transaction, in a new migration (Prisma, goose, dbmate, golang-migrate, Flyway, ' +
        'Atlas). A foreign key added without NOT VALID is reported by adding-foreign-key-constraint, not here; a ' +
        'VALIDATE in the same transaction as its NOT VALID constraint is reported for both kinds.',
      bad: 'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);',
      good:
        'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\n' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric);\n' +
        'ALTER TABLE invoices ADD CHECK (total >= 0);',
      fixed:
        'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\n' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    /** NOT VALID constraints added in this file -> the transaction that added them. */
    const addedNotValid = new Map<string, string>();
    return {
      AlterTableStmt(node, { statement, facts }) {
        if (facts.downMigration) return;
        const table = relationSql(node.relation);
        const transaction = transactionKey(context.file, statement, facts);
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const c = cmd?.subtype === 'AT_AddConstraint' ? asNode(cmd.def, 'Constraint') : undefined;
          if (c?.skip_validation && c.conname && transaction) addedNotValid.set(constraintKey(relationKey(node.relation), c.conname), transaction);
          if (cmd?.subtype !== 'AT_ValidateConstraint' || !cmd.name || !transaction) continue;
          if (addedNotValid.get(constraintKey(relationKey(node.relation), cmd.name)) !== transaction) continue;
          context.report({
            range: statement.rangeOfWords(['VALIDATE', 'CONSTRAINT']),
            message: `${quoteIdentifier(cmd.name)} is validated in the same transaction that added it NOT VALID: the lock from the ADD is still held while ${table} is scanned. Validate it in a later transaction${facts.explicitTransaction ? ' (after the COMMIT)' : ' (a later migration)'}.`,
          });
        }
        if (context.file.isNewRelation(node.relation, statement.index)) return;
        const constraints = validatingConstraints(node, CHECKED_KINDS);
        if (constraints.length === 0) return;
        const fix = notValidFix(context, statement, facts, node, constraints);
        constraints.forEach(({ constraint, name }, i) => {
          context.report({
            range: statement.rangeOfLocation(constraint.location),
            message: `Constraint ${quoteIdentifier(name)} is checked against every existing row of ${table} while blocking reads and writes; add it NOT VALID and VALIDATE it in a later transaction.`,
            fixes: i === 0 ? [fix] : [],
          });
        });
      },
    };
  },
});

