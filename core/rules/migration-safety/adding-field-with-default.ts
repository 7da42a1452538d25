import type { ColumnDef, Constraint } from '@pgsql/types';
import { defineRule, type Fix } from '../types';
import type { StatementView } from '../../parse/document';
import { asNode } from '../../parse/ast';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationSql } from './support/edits';
import { isSerialType, volatileFunctionIn } from '../../knowledge/volatility';
import { versionAtLeast } from '../../knowledge/versions';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'adding-field-with-default',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    scope: 'statement',
    docs: {
      summary: 'ADD COLUMN with a volatile default (or any default before PostgreSQL 11) rewrites the whole table under an ACCESS EXCLUSIVE lock.',
      why:
        'Since PostgreSQL 11, `ADD COLUMN ... DEFAULT` with a non-volatile default (a constant, `now()`, ' +
        '`CURRENT_TIMESTAMP`) only stores the value in the catalog: instant. A volatile default (`gen_random_uuid()`, ' +
        '`random()`, `clock_timestamp()`, `nextval()`, and so `serial` and identity columns) must be computed for every ' +
        'existing row, so PostgreSQL rewrites the table and all its indexes while holding ACCESS EXCLUSIVE: no reads, ' +
        'no writes, for as long as the copy takes. Stored generated columns are computed the same way. Before ' +
        'PostgreSQL 11 every non-null default rewrites the table.',
      instead:
        'Add the column without a default (or with a constant one), then set the default for new rows with ' +
        '`ALTER TABLE ... ALTER COLUMN ... SET DEFAULT ...`, and fill existing rows in batches (`UPDATE ... WHERE id ' +
        'BETWEEN ...`), each in its own short transaction.',
      bad: 'ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();',
      fixed: 'ALTER TABLE orders ADD COLUMN token uuid;\nALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();',
      good:
        "ALTER TABLE orders ADD COLUMN status text NOT NULL DEFAULT 'new';\n" +
        'ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();\n' +
        'ALTER TABLE orders ADD COLUMN token uuid;\n' +
        'ALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();\n\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY);\n' +
        'ALTER TABLE invoices ADD COLUMN token uuid DEFAULT gen_random_uuid();',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const fastDefaults = versionAtLeast(context.settings.postgresVersion, 11);
    return {
      AlterTableStmt(node, { statement, facts }) {
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        const table = relationSql(node.relation);
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const column = cmd?.subtype === 'AT_AddColumn' ? asNode(cmd.def, 'ColumnDef') : undefined;
          if (!column) continue;
          const problem = rewritingDefault(column, fastDefaults);
          if (!problem) continue;
          const range = statement.rangeOfLocation(problem.location);
          const fix = problem.volatile && (node.cmds ?? []).length === 1 ? splitDefault(context.document.text, statement, range.start, table, column.colname ?? '') : undefined;
          context.report({
            range,
            message: `Adding column ${quoteIdentifier(column.colname ?? '')} to ${table} ${problem.what} rewrites the whole table under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes. Add it without that default, SET DEFAULT for new rows, and fill existing rows in batches.`,
            ...(fix ? { fixes: [fix] } : {}),
          });
        }
      },
    };
  },
});

interface RewritingDefault {
  /** "with the volatile default gen_random_uuid()" and the like. */
  readonly what: string;
  readonly location: number | undefined;
  /** A volatile DEFAULT clause (the case the fix rewrites). */
  readonly volatile?: boolean;
}

/** Column constraints that would be lost or broken by moving the default out (NOT NULL needs a value for old rows). */
const OTHER_CONSTRAINTS = /\b(?:NOT\s+NULL|NULL|CHECK|REFERENCES|UNIQUE|PRIMARY|CONSTRAINT|COLLATE|GENERATED)\b/i;

/**
 * The fix for a volatile default: the column added without it (instant: existing rows read NULL) and the default set
 * for new rows. Offered only when the DEFAULT clause ends the statement and the column has no NOT NULL or other
 * constraint around it; existing rows are the user's to backfill (in batches), so it is not the preferred fix.
 */
function splitDefault(text: string, statement: StatementView, defaultAt: number, table: string, column: string): Fix | undefined {
  const source = text.slice(statement.start, statement.end);
  const semicolon = /;\s*$/.test(source);
  const before = text.slice(statement.start, defaultAt).trimEnd();
  const expression = text.slice(defaultAt, statement.end).replace(/;\s*$/, '').replace(/^DEFAULT\b/i, '').trim();
  if (!/^DEFAULT\b/i.test(text.slice(defaultAt)) || expression === '' || OTHER_CONSTRAINTS.test(expression) || /\bNOT\s+NULL\b/i.test(before)) return undefined;
  return {
    title: 'Add the column without the default, then SET DEFAULT for new rows (backfill existing rows in batches)',
    edits: [{ range: { start: statement.start, end: statement.end }, newText: `${before};\nALTER TABLE ${table} ALTER COLUMN ${quoteIdentifier(column)} SET DEFAULT ${expression}${semicolon ? ';' : ''}` }],
  };
}

function rewritingDefault(column: ColumnDef, fastDefaults: boolean): RewritingDefault | undefined {
  if (isSerialType(column.typeName)) return { what: 'as a serial column (default nextval())', location: column.typeName?.location };
  for (const item of column.constraints ?? []) {
    const c: Constraint | undefined = asNode(item, 'Constraint');
    if (!c) continue;
    if (c.contype === 'CONSTR_IDENTITY') return { what: 'as an identity column (filled from its sequence)', location: c.location };
    if (c.contype === 'CONSTR_GENERATED') return { what: 'as a stored generated column (computed for every row)', location: c.location };
    if (c.contype !== 'CONSTR_DEFAULT' || asNode(c.raw_expr, 'A_Const')?.isnull) continue;
    const volatile = volatileFunctionIn(c.raw_expr);
    if (volatile) return { what: `with the volatile default ${volatile}()`, location: c.location, volatile: true };
    if (!fastDefaults) return { what: 'with a default (before PostgreSQL 11)', location: c.location };
  }
  return undefined;
}
