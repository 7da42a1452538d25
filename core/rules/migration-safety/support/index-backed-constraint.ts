/**
 * Shared by disallowed-unique-constraint and adding-serial-primary-key-field: the UNIQUE / PRIMARY KEY
 * constraints an ALTER TABLE adds by building a new index under ACCESS EXCLUSIVE, and the rewrite that builds
 * the index CONCURRENTLY first and attaches it with `ADD CONSTRAINT ... USING INDEX`.
 */
import type { AlterTableStmt, Constraint } from '@pgsql/types';
import type { StatementView } from '../../../parse/document';
import type { StatementFacts } from '../../../analysis/file-facts';
import type { Fix, RuleContext } from '../../types';
import { asNode, stringValues } from '../../../parse/ast';
import { defaultConstraintName, quoteIdentifier } from '../../../knowledge/naming';
import { lineStartOf, newlineOf, relationSql } from './edits';

export type IndexBackedKind = 'CONSTR_UNIQUE' | 'CONSTR_PRIMARY';

export interface IndexBuildingConstraint {
  readonly constraint: Constraint;
  /** The column an ADD COLUMN ... UNIQUE / PRIMARY KEY declares it on; undefined for ADD CONSTRAINT. */
  readonly column: string | undefined;
}

/** UNIQUE or PRIMARY KEY constraints of the kind asked for that build a new index (no USING INDEX). */
export function indexBuildingConstraints(stmt: AlterTableStmt, kind: IndexBackedKind): IndexBuildingConstraint[] {
  const out: IndexBuildingConstraint[] = [];
  for (const item of stmt.cmds ?? []) {
    const cmd = asNode(item, 'AlterTableCmd');
    if (cmd?.subtype === 'AT_AddConstraint') {
      const c = asNode(cmd.def, 'Constraint');
      if (c?.contype === kind && !c.indexname) out.push({ constraint: c, column: undefined });
    } else if (cmd?.subtype === 'AT_AddColumn') {
      const column = asNode(cmd.def, 'ColumnDef');
      for (const item2 of column?.constraints ?? []) {
        const c = asNode(item2, 'Constraint');
        if (c?.contype === kind) out.push({ constraint: c, column: column?.colname });
      }
    }
  }
  return out;
}

/**
 * `CREATE UNIQUE INDEX CONCURRENTLY` + `ADD CONSTRAINT ... USING INDEX` in place of the statement, when the
 * statement adds nothing else, runs outside a transaction block and the constraint has no options the
 * USING INDEX form cannot carry.
 */
export function usingIndexFix(context: RuleContext, statement: StatementView, facts: StatementFacts, stmt: AlterTableStmt, c: Constraint): Fix | undefined {
  if (facts.inTransaction || (stmt.cmds?.length ?? 0) !== 1 || stmt.missing_ok) return undefined;
  const keys = stringValues(c.keys);
  if (keys.length === 0 || c.deferrable || c.initdeferred || c.indexspace || (c.options?.length ?? 0) > 0 || c.where_clause) return undefined;
  const table = stmt.relation?.relname ?? '';
  const primary = c.contype === 'CONSTR_PRIMARY';
  const name = c.conname ?? (primary ? defaultConstraintName(table, [], 'pkey') : defaultConstraintName(table, keys, 'key'));
  const relation = relationSql(stmt.relation);
  const include = stringValues(c.including);
  const index =
    `CREATE UNIQUE INDEX CONCURRENTLY ${quoteIdentifier(name)} ON ${relation} (${keys.map(quoteIdentifier).join(', ')})` +
    (include.length > 0 ? ` INCLUDE (${include.map(quoteIdentifier).join(', ')})` : '') +
    (c.nulls_not_distinct ? ' NULLS NOT DISTINCT' : '') +
    ';';
  const attach = `ALTER TABLE ${stmt.relation?.inh ? '' : 'ONLY '}${relation} ADD CONSTRAINT ${quoteIdentifier(name)} ${primary ? 'PRIMARY KEY' : 'UNIQUE'} USING INDEX ${quoteIdentifier(name)};`;
  const indent = lineStartOf(context.document, statement.start).indent;
  return {
    title: 'Build the index CONCURRENTLY, then add the constraint USING INDEX',
    edits: [{ range: { start: statement.start, end: statement.end }, newText: `${index}${newlineOf(context.document)}${indent}${attach}` }],
  };
}
