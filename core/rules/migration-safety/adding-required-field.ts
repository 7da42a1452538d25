import type { ColumnDef, Constraint } from '@pgsql/types';
import { defineRule } from '../types';
import { asNode, stringValues } from '../../parse/ast';
import { quoteIdentifier } from '../../knowledge/naming';
import { isSerialType } from '../../knowledge/volatility';
import { isPgDumpOutput } from './support/pg-dump';
import { relationSql } from './support/edits';
import { TruncatedTables } from './support/truncated';

export default defineRule({
  meta: {
    id: 'adding-required-field',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'ADD COLUMN ... NOT NULL without a default on an existing table fails as soon as the table has a row.',
      why:
        'Existing rows get the new column\'s default, and without a `DEFAULT` clause (or a default of the column\'s ' +
        'domain) that is NULL: PostgreSQL rejects the statement with `column ... contains null values` the moment the ' +
        'table holds a single row. A migration that passed against an empty development database then fails in ' +
        'production. `PRIMARY KEY` on the new column implies NOT NULL and fails the same way. Identity, serial and ' +
        'generated columns get a value for every row and are not reported here (adding-field-with-default covers ' +
        'their rewrite).',
      instead:
        'Either give the column a default (`ADD COLUMN status text NOT NULL DEFAULT \'new\'`: a constant default is ' +
        'instant since PostgreSQL 11), or add it nullable, fill existing rows in batches, and only then make it ' +
        'required: `ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` (no long lock), ' +
        'then `SET NOT NULL` (PostgreSQL 12 and later use the validated CHECK and skip the scan). Tables created ' +
        'earlier in the same file, tables truncated earlier in the same transaction (no row can be there), foreign ' +
        'tables, down migrations and pg_dump output are not reported; a domain with a default counts as a default ' +
        'when the file creates it.',
      bad: 'ALTER TABLE orders ADD COLUMN customer_id bigint NOT NULL;',
      good:
        "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';\n" +
        'ALTER TABLE orders ADD COLUMN customer_id bigint;\n' +
        'ALTER TABLE orders ADD COLUMN id2 bigint GENERATED ALWAYS AS IDENTITY;\n\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY);\n' +
        'ALTER TABLE invoices ADD COLUMN order_id bigint NOT NULL;\n\n' +
        'BEGIN;\nTRUNCATE carts;\nALTER TABLE carts ADD COLUMN customer_id bigint NOT NULL;\nCOMMIT;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    /** Domains created in this file with a DEFAULT: a NOT NULL column of such a type gets that value. */
    const domainsWithDefault = new Set<string>();
    const truncated = new TruncatedTables(context.file);
    return {
      TruncateStmt(node, { statement, facts }) {
        truncated.note(node, statement, facts);
      },
      CreateDomainStmt(node) {
        const hasDefault = (node.constraints ?? []).some((c) => asNode(c, 'Constraint')?.contype === 'CONSTR_DEFAULT');
        const name = stringValues(node.domainname).pop();
        if (hasDefault && name) domainsWithDefault.add(name);
      },
      AlterTableStmt(node, { statement, facts }) {
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        // A foreign table's rows live elsewhere: its NOT NULL is not checked against them.
        if (node.objtype !== undefined && node.objtype !== 'OBJECT_TABLE') return;
        // Emptied earlier in this transaction: no row can make the statement fail.
        if (truncated.isEmpty(node.relation, statement, facts)) return;
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const column = cmd?.subtype === 'AT_AddColumn' ? asNode(cmd.def, 'ColumnDef') : undefined;
          if (!column || domainsWithDefault.has(stringValues(column.typeName?.names).pop() ?? '')) continue;
          const required = requiredWithoutValue(column);
          if (!required) continue;
          const primary = required.contype === 'CONSTR_PRIMARY';
          context.report({
            range: statement.rangeOfWords(primary ? ['PRIMARY', 'KEY'] : ['NOT', 'NULL'], statement.offsetOfLocation(required.location)),
            message:
              `Column ${quoteIdentifier(column.colname ?? '')} is added to ${relationSql(node.relation)} as ${primary ? 'a PRIMARY KEY (so NOT NULL)' : 'NOT NULL'} without a default: ` +
              'the statement fails as soon as the table has a row. Add a default, or add the column nullable, backfill it, then set NOT NULL.',
          });
        }
      },
    };
  },
});

/** The NOT NULL or PRIMARY KEY constraint of a column that existing rows cannot satisfy (no value for them). */
function requiredWithoutValue(column: ColumnDef): Constraint | undefined {
  if (isSerialType(column.typeName)) return undefined;
  let required: Constraint | undefined;
  for (const item of column.constraints ?? []) {
    const c = asNode(item, 'Constraint');
    if (!c) continue;
    switch (c.contype) {
      case 'CONSTR_DEFAULT':
        if (!asNode(c.raw_expr, 'A_Const')?.isnull) return undefined;
        break;
      case 'CONSTR_IDENTITY':
      case 'CONSTR_GENERATED':
        return undefined;
      case 'CONSTR_NOTNULL':
        required = c;
        break;
      case 'CONSTR_PRIMARY':
        required ??= c;
        break;
      default:
        break;
    }
  }
  return required;
}
