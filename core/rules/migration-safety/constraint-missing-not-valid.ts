import { defineRule } from '../types';
import { asNode, relationName } from '../../parse/ast';
import { relationKey, type StatementFacts } from '../../analysis/file-facts';
import { constraintKey, notValidFix, validatingConstraints } from './support/not-valid';
import { isPgDumpOutput } from './support/pg-dump';

const CHECKED_KINDS = new Set(['CONSTR_CHECK', 'CONSTR_FOREIGN'] as const);

export default defineRule({
  meta: {
    id: 'constraint-missing-not-valid',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'ADD CONSTRAINT ... CHECK or FOREIGN KEY on an existing table without NOT VALID checks every row under a lock that blocks writes.',
      why:
        'Adding a CHECK constraint takes ACCESS EXCLUSIVE (no reads, no writes) and a FOREIGN KEY takes SHARE ROW ' +
        'EXCLUSIVE on both tables (no writes); either way PostgreSQL then scans the whole table to check the existing ' +
        'rows while holding that lock. With `NOT VALID` the constraint is added instantly and enforced for new rows; ' +
        '`VALIDATE CONSTRAINT` later checks the old rows under SHARE UPDATE EXCLUSIVE, which blocks neither reads nor ' +
        'writes. Validating in the same transaction that added the constraint gains nothing: the strong lock from the ' +
        'ADD is still held while the VALIDATE scans.',
      instead:
        'Add the constraint `NOT VALID`, commit, and run `ALTER TABLE ... VALIDATE CONSTRAINT ...` in a later ' +
        'transaction (or a later migration when the tool wraps each file in a transaction).',
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
        const table = relationName(node.relation);
        const transaction = transactionOf(facts);
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const c = cmd?.subtype === 'AT_AddConstraint' ? asNode(cmd.def, 'Constraint') : undefined;
          if (c?.skip_validation && c.conname && transaction) addedNotValid.set(constraintKey(relationKey(node.relation), c.conname), transaction);
          if (cmd?.subtype !== 'AT_ValidateConstraint' || !cmd.name || !transaction) continue;
          if (addedNotValid.get(constraintKey(relationKey(node.relation), cmd.name)) !== transaction) continue;
          context.report({
            range: statement.rangeOfWords(['VALIDATE', 'CONSTRAINT']),
            message: `${cmd.name} is validated in the same transaction that added it NOT VALID: the lock from the ADD is still held while ${table} is scanned. Validate in a later transaction.`,
          });
        }
        if (context.file.isNewRelation(node.relation, statement.index)) return;
        const constraints = validatingConstraints(node, CHECKED_KINDS);
        if (constraints.length === 0) return;
        const fix = notValidFix(context, statement, facts, node, constraints);
        constraints.forEach(({ constraint, name }, i) => {
          const lock = constraint.contype === 'CONSTR_FOREIGN' ? 'blocking writes' : 'blocking reads and writes';
          context.report({
            range: statement.rangeOfLocation(constraint.location),
            message: `Constraint ${name} is checked against every existing row of ${table} while ${lock}; add it NOT VALID and VALIDATE it in a later transaction.`,
            fixes: i === 0 ? [fix] : [],
          });
        });
      },
    };
  },
});

/** The transaction a statement runs in, when it shares one with others; undefined in autocommit. */
function transactionOf(facts: StatementFacts): string | undefined {
  if (facts.explicitTransaction) return `block ${facts.transactionStart}`;
  return facts.inTransaction ? 'file' : undefined;
}
