import type { Constraint } from '@pgsql/types';
import type { StatementView } from '../../parse/document';
import { defineRule } from '../types';
import { asNode, relationName, stringValues } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { columnDefinitions, hasColumnConstraint } from '../helpers/column-defs';

interface ForeignKey {
  readonly statement: StatementView;
  readonly constraint: Constraint;
  readonly table: string;
  readonly label: string;
}

export default defineRule({
  meta: {
    id: 'nullable-multi-column-foreign-key',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'A multi-column foreign key with a nullable column is not checked at all when any one of its columns is NULL.',
      why:
        'With the default `MATCH SIMPLE`, a foreign key is satisfied as soon as one of its columns is NULL: ' +
        '`(tenant_id, customer_id) = (42, NULL)` passes, and so does `(NULL, 7)` even if no customer 7 exists. Rows ' +
        'that half-reference something slip in unnoticed, and joins on the pair silently drop them.',
      instead:
        'Make the key columns `NOT NULL`; or declare the key `MATCH FULL`, so that it accepts either all columns NULL ' +
        'or none; or add a `CHECK ((a IS NULL) = (b IS NULL))`. The rule knows the columns of tables defined in the ' +
        'same file and stays quiet about columns it cannot see.',
      bad:
        'CREATE TABLE invoices (\n    id bigint PRIMARY KEY,\n    tenant_id bigint NOT NULL,\n    customer_id bigint,\n' +
        '    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id)\n);',
      good:
        'CREATE TABLE invoices (\n    id bigint PRIMARY KEY,\n    tenant_id bigint NOT NULL,\n    customer_id bigint,\n' +
        '    FOREIGN KEY (tenant_id, customer_id) REFERENCES customers (tenant_id, id) MATCH FULL\n);\n' +
        'CREATE TABLE payments (\n    tenant_id bigint NOT NULL,\n    invoice_id bigint NOT NULL,\n' +
        '    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)\n);',
    },
  },
  create(context) {
    /** table key -> column -> nullable. */
    const nullable = new Map<string, Map<string, boolean>>();
    const keys: ForeignKey[] = [];
    const setColumn = (table: string, column: string, value: boolean): void => {
      const columns = nullable.get(table) ?? new Map<string, boolean>();
      nullable.set(table, columns);
      columns.set(column, value);
    };
    const tableConstraint = (statement: StatementView, table: string, label: string, c: Constraint | undefined): void => {
      if (c?.contype === 'CONSTR_PRIMARY') for (const k of stringValues(c.keys)) setColumn(table, k, false);
      if (c?.contype === 'CONSTR_FOREIGN' && stringValues(c.fk_attrs).length > 1 && c.fk_matchtype !== 'f') keys.push({ statement, constraint: c, table, label });
    };
    return {
      statement(statement) {
        for (const def of columnDefinitions(statement.ast)) {
          if (def.kind === 'alter-type') continue;
          const notNull = hasColumnConstraint(def.column, 'CONSTR_NOTNULL') || hasColumnConstraint(def.column, 'CONSTR_PRIMARY');
          setColumn(relationKey(def.table), def.name, !notNull);
        }
        const create = asNode(statement.ast, 'CreateStmt');
        if (create) for (const e of create.tableElts ?? []) tableConstraint(statement, relationKey(create.relation), relationName(create.relation), asNode(e, 'Constraint'));
        const alter = asNode(statement.ast, 'AlterTableStmt');
        if (!alter) return;
        for (const item of alter.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          if (cmd?.subtype === 'AT_SetNotNull' && cmd.name) setColumn(relationKey(alter.relation), cmd.name, false);
          if (cmd?.subtype === 'AT_DropNotNull' && cmd.name) setColumn(relationKey(alter.relation), cmd.name, true);
          if (cmd?.subtype === 'AT_AddConstraint') tableConstraint(statement, relationKey(alter.relation), relationName(alter.relation), asNode(cmd.def, 'Constraint'));
        }
      },
      endOfFile() {
        for (const { statement, constraint, table, label } of keys) {
          const columns = stringValues(constraint.fk_attrs);
          const open = columns.filter((c) => nullable.get(table)?.get(c) === true);
          if (open.length === 0) continue;
          context.report({
            range: statement.rangeOfWords(['FOREIGN', 'KEY'], statement.offsetOfLocation(constraint.location)),
            message: `Foreign key (${columns.join(', ')}) of ${label} is not checked when ${open.join(' or ')} is NULL (MATCH SIMPLE): make the columns NOT NULL or use MATCH FULL.`,
          });
        }
      },
    };
  },
});
