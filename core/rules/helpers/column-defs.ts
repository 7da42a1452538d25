/**
 * Column definitions as schema rules see them: every ColumnDef of CREATE TABLE, ALTER TABLE ... ADD COLUMN
 * and ALTER COLUMN ... TYPE, with the table, how it is being defined, and where its type is spelled in the
 * document (so fixes can rewrite just the type).
 */
import type { ColumnDef, CreateStmt, Node, RangeVar, TypeName } from '@pgsql/types';
import type { StatementView } from '../../parse/document';
import type { OffsetRange } from '../../parse/positions';
import { asNode, stringValues } from '../../parse/ast';

export type ColumnDefinitionKind = 'create-table' | 'add-column' | 'alter-type';

export interface ColumnDefinition {
  readonly kind: ColumnDefinitionKind;
  readonly table: RangeVar | undefined;
  readonly column: ColumnDef;
  readonly name: string;
}

const NO_DEFINITIONS: readonly ColumnDefinition[] = [];
/** Per statement node: a dozen rules and the file's schema ask on every lint of an edited file. */
const known = new WeakMap<Node, readonly ColumnDefinition[]>();

/** The column definitions a statement makes (empty for other statements). */
export function columnDefinitions(ast: Node | undefined): readonly ColumnDefinition[] {
  if (!ast) return NO_DEFINITIONS;
  let found = known.get(ast);
  if (!found) {
    const defined = definitionsOf(ast);
    known.set(ast, (found = defined.length > 0 ? defined : NO_DEFINITIONS));
  }
  return found;
}

function definitionsOf(ast: Node): readonly ColumnDefinition[] {
  const out: ColumnDefinition[] = [];
  const create = asNode(ast, 'CreateStmt');
  if (create) {
    for (const element of create.tableElts ?? []) {
      const column = asNode(element, 'ColumnDef');
      if (column) out.push({ kind: 'create-table', table: create.relation, column, name: column.colname ?? '' });
    }
    return out;
  }
  const alter = asNode(ast, 'AlterTableStmt');
  if (!alter || (alter.objtype !== undefined && alter.objtype !== 'OBJECT_TABLE')) return out;
  for (const c of alter.cmds ?? []) {
    const cmd = asNode(c, 'AlterTableCmd');
    const column = asNode(cmd?.def, 'ColumnDef');
    if (!cmd || !column) continue;
    if (cmd.subtype === 'AT_AddColumn') out.push({ kind: 'add-column', table: alter.relation, column, name: column.colname ?? '' });
    else if (cmd.subtype === 'AT_AlterColumnType') out.push({ kind: 'alter-type', table: alter.relation, column, name: cmd.name ?? '' });
  }
  return out;
}

/** The type's base name without pg_catalog: `timestamp`, `varchar`, `serial`, `int4`, `my_schema.money`. */
export function baseTypeName(type: TypeName | undefined): string {
  const names = stringValues(type?.names);
  if (names.length === 2 && names[0] === 'pg_catalog') return names[1];
  return names.join('.');
}

/** Column constraints of a kind (PRIMARY KEY, REFERENCES, identity...). */
export function hasColumnConstraint(column: ColumnDef, contype: string): boolean {
  return (column.constraints ?? []).some((c) => asNode(c, 'Constraint')?.contype === contype);
}

/** Tables whose primary key a CREATE TABLE declares (column or table constraint), as column names. */
export function primaryKeyColumns(create: CreateStmt): string[] {
  const out: string[] = [];
  for (const element of create.tableElts ?? []) {
    const column = asNode(element, 'ColumnDef');
    if (column && hasColumnConstraint(column, 'CONSTR_PRIMARY')) out.push(column.colname ?? '');
    const constraint = asNode(element, 'Constraint');
    if (constraint?.contype === 'CONSTR_PRIMARY') out.push(...stringValues(constraint.keys));
  }
  return out;
}

/** Words that end a type spelling in a column definition. */
const AFTER_TYPE = new Set(['NOT', 'NULL', 'DEFAULT', 'PRIMARY', 'REFERENCES', 'CONSTRAINT', 'COLLATE', 'GENERATED', 'CHECK', 'UNIQUE', 'USING', 'COMPRESSION', 'STORAGE', 'EXCLUDE', 'DEFERRABLE', 'INITIALLY']);

/**
 * Where the type of a column definition is written: from TypeName.location through its modifiers,
 * `WITH[OUT] TIME ZONE`, `VARYING`, `PRECISION`, array brackets or `ARRAY`. Undefined when the statement's
 * tokens do not start a type there (e.g. SQL rebuilt from a PL/pgSQL body).
 */
export function typeSpan(statement: StatementView, type: TypeName | undefined): OffsetRange | undefined {
  if (type?.location === undefined) return undefined;
  const start = statement.offsetOfLocation(type.location);
  const tokens = statement.tokens();
  let i = tokens.findIndex((t) => t.start === start);
  if (i < 0) return undefined;
  let end = tokens[i].end;
  i++;
  let depth = 0;
  for (; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0) {
      if (t.text === ',' || t.text === ';') break;
      const word = t.text.toUpperCase();
      if (AFTER_TYPE.has(word)) break;
      if (t.kind !== 'IDENT' && !t.keyword && t.text !== '.') break;
    }
    end = t.end;
  }
  return { start, end };
}

/** The array part of a written type (`[]`, `[3][]`, ` ARRAY`, ` ARRAY[4]`), kept when a fix rewrites the base. */
export function arraySuffix(written: string): string {
  const m = /(\s*(\[\s*\d*\s*\]\s*)+|\s+array(\s*\[\s*\d*\s*\])?)$/i.exec(written);
  return m ? m[0] : '';
}
