/**
 * Shared by the constraint rules: which ALTER TABLE ... ADD CONSTRAINT subcommands validate existing rows, the
 * name the constraint gets, and the fix that adds NOT VALID and a VALIDATE CONSTRAINT that runs outside the
 * adding transaction.
 */
import type { AlterTableStmt, ColumnRef, Constraint } from '@pgsql/types';
import type { StatementView } from '../../../parse/document';
import type { StatementFacts } from '../../../analysis/file-facts';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { asNode, stringValues, walkAst } from '../../../parse/ast';
import { defaultConstraintName, quoteIdentifier } from '../../../knowledge/naming';
import { lineStartOf, newlineOf, relationSql, subcommandEnd } from './edits';

/** An ADD CONSTRAINT subcommand that checks every existing row (no NOT VALID). */
export interface ValidatingConstraint {
  readonly constraint: Constraint;
  /** The name PostgreSQL will use: the given one, or its default. */
  readonly name: string;
  readonly named: boolean;
}

/** CHECK and FOREIGN KEY constraints added without NOT VALID, with the kinds asked for. */
export function validatingConstraints(stmt: AlterTableStmt, kinds: ReadonlySet<'CONSTR_CHECK' | 'CONSTR_FOREIGN'>): ValidatingConstraint[] {
  const out: ValidatingConstraint[] = [];
  for (const item of stmt.cmds ?? []) {
    const cmd = asNode(item, 'AlterTableCmd');
    if (cmd?.subtype !== 'AT_AddConstraint') continue;
    const c = asNode(cmd.def, 'Constraint');
    if (!c || c.skip_validation || !kinds.has(c.contype as 'CONSTR_CHECK' | 'CONSTR_FOREIGN')) continue;
    out.push({ constraint: c, name: c.conname ?? defaultName(stmt.relation?.relname ?? '', c), named: c.conname !== undefined });
  }
  return out;
}

/** PostgreSQL's default: `<table>_<fk columns>_fkey`, `<table>_<column>_check` (one column) or `<table>_check`. */
function defaultName(table: string, c: Constraint): string {
  if (c.contype === 'CONSTR_FOREIGN') return defaultConstraintName(table, stringValues(c.fk_attrs), 'fkey');
  const columns = new Set<string>();
  if (c.raw_expr) {
    walkAst(c.raw_expr, (ref) => {
      if (ref.tag !== 'ColumnRef') return;
      const fields = stringValues((ref.node as ColumnRef).fields);
      if (fields.length > 0) columns.add(fields[fields.length - 1]);
    });
  }
  return defaultConstraintName(table, columns.size === 1 ? [...columns] : [], 'check');
}

/**
 * Adds NOT VALID to each constraint (naming unnamed ones, so the VALIDATE can refer to them) and a VALIDATE
 * CONSTRAINT after the statement, or after the COMMIT of its transaction block, or, when the whole file runs in
 * one transaction, as a comment to move to a later migration.
 */
export function notValidFix(context: RuleContext, statement: StatementView, facts: StatementFacts, stmt: AlterTableStmt, constraints: readonly ValidatingConstraint[]): Fix {
  const edits: TextEdit[] = [];
  const newline = newlineOf(context.document);
  for (const { constraint, name, named } of constraints) {
    const at = statement.offsetOfLocation(constraint.location);
    if (!named) edits.push({ range: { start: at, end: at }, newText: `CONSTRAINT ${quoteIdentifier(name)} ` });
    const end = subcommandEnd(statement, at);
    edits.push({ range: { start: end, end }, newText: ' NOT VALID' });
  }
  const table = relationSql(stmt.relation);
  const validates = constraints.map((c) => `ALTER TABLE ${table} VALIDATE CONSTRAINT ${quoteIdentifier(c.name)};`);
  const after = validationPoint(context, statement, facts);
  const indent = lineStartOf(context.document, statement.start).indent;
  const lines = after.comment ? validates.map((v) => `-- In a later migration, outside this transaction: ${v}`) : validates;
  edits.push({ range: { start: after.offset, end: after.offset }, newText: lines.map((l) => newline + indent + l).join('') });
  return { title: 'Add NOT VALID and validate separately', edits };
}

/** Where the VALIDATE goes: right after the statement, after its block's COMMIT, or (as a comment) after it. */
function validationPoint(context: RuleContext, statement: StatementView, facts: StatementFacts): { offset: number; comment: boolean } {
  if (!facts.inTransaction) return { offset: statement.end, comment: false };
  if (facts.explicitTransaction) {
    const statements = context.document.statements;
    const commit = statements.find((s) => s.index > statement.index && asNode(s.ast, 'TransactionStmt')?.kind === 'TRANS_STMT_COMMIT');
    // After COMMIT it runs in its own transaction, unless the tool wraps the whole file in one.
    if (commit && !context.settings.assumeInTransaction) return { offset: commit.end, comment: false };
  }
  return { offset: statement.end, comment: true };
}

/** A key for a table's constraint, to match a VALIDATE CONSTRAINT with the ADD CONSTRAINT it validates. */
export function constraintKey(table: string, name: string): string {
  return `${table}\u0000${name}`;
}
