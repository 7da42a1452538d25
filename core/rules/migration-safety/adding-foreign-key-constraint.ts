import type { StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationSql } from './support/edits';
import { notValidFix, validatingConstraints } from './support/not-valid';
import { isPgDumpOutput } from './support/pg-dump';

const FOREIGN_KEYS = new Set(['CONSTR_FOREIGN'] as const);

export default defineRule({
  meta: {
    id: 'adding-foreign-key-constraint',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'Adding a foreign key to an existing table without NOT VALID blocks writes to both tables while every row is checked.',
      why:
        '`ALTER TABLE ... ADD FOREIGN KEY` takes SHARE ROW EXCLUSIVE on the table and on the referenced table (ACCESS ' +
        'EXCLUSIVE before PostgreSQL 9.5) and then checks every existing row against the referenced table. INSERT, ' +
        'UPDATE and DELETE on both tables wait until the check finishes. `ADD COLUMN ... REFERENCES` is checked the same ' +
        'way when the new column has a DEFAULT. Without one the column is all NULL and PostgreSQL skips the check, but ' +
        'the statement still locks the referenced table against writes while it holds ACCESS EXCLUSIVE on the table: ' +
        'waiting for the second lock behind running writers, it blocks every query on the first.',
      instead:
        'Add the constraint with `NOT VALID` (new and updated rows are checked from then on; the lock is brief), then ' +
        'run `ALTER TABLE ... VALIDATE CONSTRAINT ...` in a separate transaction: it takes only SHARE UPDATE EXCLUSIVE, ' +
        'so reads and writes continue while existing rows are checked. When the migration tool runs the whole file in ' +
        'one transaction, the fix puts the VALIDATE in a new migration. For `ADD COLUMN ... REFERENCES`, add the column ' +
        'first and the key in a later statement, NOT VALID. (On a partitioned table PostgreSQL accepts a NOT VALID ' +
        'foreign key only from version 18; before that, add it to each partition.) A foreign key is reported here ' +
        'only, not by constraint-missing-not-valid as well.',
      bad: 'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);',
      good:
        'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;\n' +
        'ALTER TABLE orders ADD COLUMN coupon_id bigint;\n' +
        'ALTER TABLE orders ADD CONSTRAINT orders_coupon_id_fkey FOREIGN KEY (coupon_id) REFERENCES coupons (id) NOT VALID;\n\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);\n' +
        'ALTER TABLE invoices ADD FOREIGN KEY (order_id) REFERENCES orders (id);',
      fixed:
        'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;\n' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_fkey;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      AlterTableStmt(node, { statement, facts }) {
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        const table = relationSql(node.relation);
        const constraints = validatingConstraints(node, FOREIGN_KEYS);
        if (constraints.length > 0) {
          const fix = notValidFix(context, statement, facts, node, constraints);
          constraints.forEach(({ constraint, name }, i) => {
            context.report({
              range: statement.rangeOfLocation(constraint.location),
              message: `Foreign key ${quoteIdentifier(name)} checks every row of ${table} against ${relationSql(constraint.pktable)} while blocking writes to both; add it NOT VALID and VALIDATE it in a later transaction.`,
              // One fix for the whole statement, on its first finding.
              fixes: i === 0 ? [fix] : [],
            });
          });
        }
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const column = cmd?.subtype === 'AT_AddColumn' ? asNode(cmd.def, 'ColumnDef') : undefined;
          const constraints = (column?.constraints ?? []).flatMap((c) => asNode(c, 'Constraint') ?? []);
          const reference = constraints.find((c) => c.contype === 'CONSTR_FOREIGN');
          const defaultClause = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
          if (!reference) continue;
          const name = quoteIdentifier(column?.colname ?? '');
          const referenced = relationSql(reference.pktable);
          // Without a DEFAULT clause the new column is all NULL and PostgreSQL marks the key valid without a check,
          // but it still takes the referenced table's lock while holding ACCESS EXCLUSIVE on this one.
          if (!defaultClause) {
            context.report({
              range: statement.rangeOfLocation(reference.location),
              message: `Adding ${name} with a foreign key to ${referenced} locks ${referenced} against writes while ${table} is locked ACCESS EXCLUSIVE: waiting for the second lock, it blocks every query on ${table}. Add the column first, then the key NOT VALID in a later statement.`,
            });
            continue;
          }
          const defaultsToNull = asNode(defaultClause.raw_expr, 'A_Const')?.isnull === true;
          const defaultRange = defaultsToNull ? defaultNullRange(statement, defaultClause.location) : undefined;
          context.report({
            range: statement.rangeOfLocation(reference.location),
            message: defaultsToNull
              ? `New column ${name} has DEFAULT NULL, which makes PostgreSQL check its foreign key to ${referenced} against every row of ${table}; remove the clause (NULL is the default anyway) and the check is skipped.`
              : `New column ${name} has a DEFAULT, so its foreign key to ${referenced} checks every row of ${table} while blocking writes to both tables; add the column first, then the key NOT VALID.`,
            fixes: defaultRange ? [{ title: 'Remove DEFAULT NULL', edits: [{ range: defaultRange, newText: '' }], preferred: true }] : [],
          });
        }
      },
    };
  },
});

/** `DEFAULT NULL` with the whitespace before it, from the DEFAULT keyword's location. */
function defaultNullRange(statement: StatementView, location: number | undefined): OffsetRange | undefined {
  const start = statement.offsetOfLocation(location);
  const tokens = statement.tokens();
  const i = tokens.findIndex((t) => t.start === start);
  if (i < 0 || tokens[i].text.toUpperCase() !== 'DEFAULT' || tokens[i + 1]?.text.toUpperCase() !== 'NULL') return undefined;
  const before = i > 0 ? tokens[i - 1].end : start;
  return { start: before, end: tokens[i + 1].end };
}
