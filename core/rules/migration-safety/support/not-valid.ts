/**
 * Shared by the constraint rules: which ALTER TABLE ... ADD CONSTRAINT subcommands validate existing rows, the
 * name the constraint gets, and the fix that adds NOT VALID and a VALIDATE CONSTRAINT that runs outside the
 * adding transaction.
 */
import type { AlterTableStmt, ColumnRef, Constraint } from '@pgsql/types';
import type { StatementView } from '../../../parse/document';
import type { StatementFacts } from '../../../analysis/file-facts';
import { sectionIndexAt } from '../../../analysis/file-facts';
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
 * CONSTRAINT in a later transaction: after the statement when it commits on its own, after the COMMIT of its
 * block, or, when the tool runs the whole file in one transaction, in a new migration (or, when the project cannot
 * name one, as a comment to move to a later migration).
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
  if (after === undefined) {
    const files = context.file.newMigration?.({
      name: `validate ${constraints.map((c) => c.name).join(' ')}`,
      up: validates.join('\n'),
      down: '-- Nothing to undo: VALIDATE CONSTRAINT only checks the existing rows.',
      outsideTransaction: false,
    });
    if (files && files.length > 0) return { title: `Add NOT VALID, and VALIDATE in a new migration ${files[0].path}`, edits, newFiles: files };
  }
  const indent = lineStartOf(context.document, statement.start).indent;
  const lines = after === undefined ? validates.map((v) => `-- In a later migration, outside this transaction: ${v}`) : validates;
  const offset = after ?? statement.end;
  edits.push({ range: { start: offset, end: offset }, newText: lines.map((l) => newline + indent + l).join('') });
  return { title: after === undefined ? 'Add NOT VALID, and say to VALIDATE in a later migration' : 'Add NOT VALID and validate separately', edits };
}

/**
 * Where a VALIDATE runs in a later transaction than the statement: right after it (it commits on its own), after its
 * block's COMMIT (unless the tool's transaction spans the file); undefined when only a later migration will do.
 */
function validationPoint(context: RuleContext, statement: StatementView, facts: StatementFacts): number | undefined {
  if (!facts.inTransaction) return statement.end;
  if (!facts.explicitTransaction) return undefined;
  const commit = context.document.statements.find((s) => s.index > statement.index && asNode(s.ast, 'TransactionStmt')?.kind === 'TRANS_STMT_COMMIT');
  const at = sectionIndexAt(context.file.sections, statement.start);
  // After COMMIT a new transaction begins, unless the tool's own transaction spans the whole file.
  return commit && context.file.sections[at]?.transaction !== 'tool' ? commit.end : undefined;
}

/** A key for a table's constraint, to match a VALIDATE CONSTRAINT with the ADD CONSTRAINT it validates. */
export function constraintKey(table: string, name: string): string {
  return `${table}\u0000${name}`;
}
