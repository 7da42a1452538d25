import type { AlterTableStmt, Constraint } from '@pgsql/types';
import type { Fix, RuleContext } from '../types';
import type { StatementView } from '../../parse/document';
import { defineRule } from '../types';
import { asNode, stringValues } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { makeObjectName, quoteIdentifier } from '../../knowledge/naming';
import { versionAtLeast } from '../../knowledge/versions';
import { lineStartOf, newlineOf, relationSql } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';
import { TruncatedTables } from './support/truncated';

export default defineRule({
  meta: {
    id: 'adding-not-nullable-field',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'ALTER COLUMN ... SET NOT NULL on an existing table scans the whole table under an ACCESS EXCLUSIVE lock.',
      why:
        '`SET NOT NULL` takes ACCESS EXCLUSIVE and reads every row to prove there is no NULL: no query can read or ' +
        'write the table until the scan ends. Since PostgreSQL 12 the scan is skipped when a valid ' +
        '`CHECK (column IS NOT NULL)` constraint already proves it.',
      instead:
        'On PostgreSQL 12 and later: add `CHECK (column IS NOT NULL) NOT VALID` (instant), `VALIDATE CONSTRAINT` it ' +
        '(scans without blocking reads or writes), then `SET NOT NULL` (no scan) and drop the CHECK. Run these outside ' +
        'one transaction block, or the first step\'s lock is held through the validation. Before 12 there is no way ' +
        'around the scan; keep the validated CHECK constraint instead of NOT NULL if the lock is not acceptable. Tables ' +
        'created earlier in the file, or truncated earlier in the same transaction (empty, and already locked), are not ' +
        'reported.',
      bad: 'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;',
      good:
        'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_not_null CHECK (customer_id IS NOT NULL) NOT VALID;\n' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_not_null;\n' +
        'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\n' +
        'ALTER TABLE orders DROP CONSTRAINT orders_customer_id_not_null;\n\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY, order_id bigint);\n' +
        'ALTER TABLE invoices ALTER COLUMN order_id SET NOT NULL;\n\n' +
        'BEGIN;\nTRUNCATE carts;\nALTER TABLE carts ALTER COLUMN customer_id SET NOT NULL;\nCOMMIT;',
      fixed:
        'ALTER TABLE orders ADD CONSTRAINT orders_customer_id_not_null_check CHECK (customer_id IS NOT NULL) NOT VALID;\n' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_customer_id_not_null_check;\n' +
        'ALTER TABLE orders ALTER COLUMN customer_id SET NOT NULL;\n' +
        'ALTER TABLE orders DROP CONSTRAINT orders_customer_id_not_null_check;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const skipsScan = versionAtLeast(context.settings.postgresVersion, 12);
    /** CHECK (col IS NOT NULL) constraints seen in this file: table -> constraint name -> column, and validity. */
    const notNullChecks = new Map<string, Map<string, { column: string; valid: boolean }>>();
    const provenNotNull = (table: string, column: string): boolean =>
      [...(notNullChecks.get(table)?.values() ?? [])].some((c) => c.valid && c.column === column);

    const truncated = new TruncatedTables(context.file);
    return {
      TruncateStmt(node, { statement, facts }) {
        truncated.note(node, statement, facts);
      },
      AlterTableStmt(node, { statement, facts }) {
        const table = relationKey(node.relation);
        const checks = notNullChecks.get(table) ?? new Map<string, { column: string; valid: boolean }>();
        notNullChecks.set(table, checks);
        const setNotNull: string[] = [];
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          if (!cmd) continue;
          const c = cmd.subtype === 'AT_AddConstraint' ? asNode(cmd.def, 'Constraint') : undefined;
          const column = c ? isNotNullCheckColumn(c) : undefined;
          if (c?.conname && column) checks.set(c.conname, { column, valid: !c.skip_validation });
          if (cmd.subtype === 'AT_ValidateConstraint' && cmd.name && checks.has(cmd.name)) checks.set(cmd.name, { ...checks.get(cmd.name)!, valid: true });
          if (cmd.subtype === 'AT_DropConstraint' && cmd.name) checks.delete(cmd.name);
          if (cmd.subtype === 'AT_SetNotNull' && cmd.name) setNotNull.push(cmd.name);
        }
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        // Emptied earlier in this transaction, which already holds ACCESS EXCLUSIVE: nothing to scan, nobody to block.
        if (truncated.isEmpty(node.relation, statement, facts)) return;
        for (const column of setNotNull) {
          if (skipsScan && provenNotNull(table, column)) continue;
          const canFix = skipsScan && !facts.inTransaction && (node.cmds?.length ?? 0) === 1;
          context.report({
            range: statement.rangeOfWords(['SET', 'NOT', 'NULL']),
            message: `Setting ${relationSql(node.relation)}.${quoteIdentifier(column)} NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes. ${skipsScan ? 'Prove it first with a validated CHECK (... IS NOT NULL) constraint, in separate transactions.' : 'Keep a validated CHECK (... IS NOT NULL) constraint instead, or run it when the table may be blocked for a full scan.'}`,
            fixes: canFix ? [checkFirstFix(context, statement, node, column)] : [],
          });
        }
      },
    };
  },
});

/** `CHECK (col IS NOT NULL)` -> `col`. */
function isNotNullCheckColumn(c: Constraint): string | undefined {
  if (c.contype !== 'CONSTR_CHECK') return undefined;
  const test = asNode(c.raw_expr, 'NullTest');
  if (test?.nulltesttype !== 'IS_NOT_NULL') return undefined;
  const fields = stringValues(asNode(test.arg, 'ColumnRef')?.fields);
  return fields.length === 1 ? fields[0] : undefined;
}

function checkFirstFix(context: RuleContext, statement: StatementView, node: AlterTableStmt, column: string): Fix {
  const table = relationSql(node.relation);
  const name = quoteIdentifier(makeObjectName(node.relation?.relname ?? '', column, 'not_null_check'));
  const newline = newlineOf(context.document);
  const indent = lineStartOf(context.document, statement.start).indent;
  const before =
    `ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${quoteIdentifier(column)} IS NOT NULL) NOT VALID;${newline}${indent}` +
    `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};${newline}${indent}`;
  const after = `${newline}${indent}ALTER TABLE ${table} DROP CONSTRAINT ${name};`;
  return {
    title: 'Prove NOT NULL with a validated CHECK constraint first',
    edits: [
      { range: { start: statement.start, end: statement.start }, newText: before },
      { range: { start: statement.end, end: statement.end }, newText: after },
    ],
  };
}
