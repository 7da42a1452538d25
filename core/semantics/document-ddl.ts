/** Relations a file itself creates or alters, read from its statements without a catalog. */
import type { RangeVar } from '@pgsql/types';
import { asNode, tagOf } from '../parse/ast';
import type { SqlDocument } from '../parse/document';
import { finish, STATEMENTS_PER_LIGHT_STEP, type Steps } from '../runtime/steps';

export interface DocumentRelations {
  /** Names (unqualified, folded) of relations the file creates: CREATE TABLE / VIEW / TABLE AS, SELECT INTO. */
  readonly created: ReadonlySet<string>;
  /** Names of relations whose columns the file defines or changes (created ones, ALTER TABLE, RENAME). */
  readonly changed: ReadonlySet<string>;
  /** Names the file drops or creates more than once: their columns differ from statement to statement. */
  readonly redefined: ReadonlySet<string>;
  /** Per relation name: every column name the file defines, adds, drops or renames (from or to). */
  readonly columns: ReadonlyMap<string, ReadonlySet<string>>;
  /** `relation.column` for every column an ALTER TABLE or RENAME of the file touches (its type may differ by statement). */
  readonly alteredColumns: ReadonlySet<string>;
}

/** The statements that create, change or drop relations (SELECT ... INTO among them). */
const RELATION_DDL: ReadonlySet<string> = new Set(['CreateStmt', 'CreateForeignTableStmt', 'ViewStmt', 'CreateTableAsStmt', 'SelectStmt', 'AlterTableStmt', 'RenameStmt', 'DropStmt']);

export function documentRelations(document: SqlDocument): DocumentRelations {
  return finish(documentRelationsSteps(document));
}

/** documentRelations, pausing every few statements (a large file in the editor: 100,000 statements took ~65 ms). */
export function* documentRelationsSteps(document: SqlDocument): Steps<DocumentRelations> {
  const created = new Set<string>();
  const changed = new Set<string>();
  const columns = new Map<string, Set<string>>();
  const column = (relation: string | undefined, name: string | undefined): void => {
    if (!relation || !name) return;
    let set = columns.get(relation);
    if (!set) columns.set(relation, (set = new Set()));
    set.add(name);
  };
  const redefined = new Set<string>();
  const alteredColumns = new Set<string>();
  const altered = (relation: string | undefined, name: string | undefined): void => {
    if (relation && name) alteredColumns.add(`${relation}.${name}`);
  };
  const add = (rv: RangeVar | undefined, set: Set<string>): void => {
    if (!rv?.relname) return;
    if (set === created && created.has(rv.relname)) redefined.add(rv.relname);
    set.add(rv.relname);
  };
  for (const statement of document.statements) {
    if (statement.index % STATEMENTS_PER_LIGHT_STEP === STATEMENTS_PER_LIGHT_STEP - 1) yield;
    for (const ast of statement.asts) {
      // Most statements are none of these: one look at the tag instead of a dozen (this runs on every edit).
      if (!RELATION_DDL.has(tagOf(ast))) continue;
      add(asNode(ast, 'CreateStmt')?.relation, created);
      add(asNode(ast, 'CreateForeignTableStmt')?.base?.relation, created);
      add(asNode(ast, 'ViewStmt')?.view, created);
      add(asNode(ast, 'CreateTableAsStmt')?.into?.rel, created);
      add(asNode(ast, 'SelectStmt')?.intoClause?.rel, created);
      add(asNode(ast, 'AlterTableStmt')?.relation, changed);
      add(asNode(ast, 'RenameStmt')?.relation, changed);
      const rename = asNode(ast, 'RenameStmt');
      if (rename?.newname && (rename.renameType === 'OBJECT_TABLE' || rename.renameType === 'OBJECT_VIEW')) created.add(rename.newname);
      if (rename?.renameType === 'OBJECT_COLUMN') {
        column(rename.relation?.relname, rename.subname);
        column(rename.relation?.relname, rename.newname);
        altered(rename.relation?.relname, rename.subname);
        altered(rename.relation?.relname, rename.newname);
      }
      const drop = asNode(ast, 'DropStmt');
      if (drop && ['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE'].includes(drop.removeType ?? '')) {
        for (const o of drop.objects ?? []) {
          const names = asNode(o, 'List')?.items ?? [];
          const last = names[names.length - 1];
          const name = last ? asNode(last, 'String')?.sval : undefined;
          if (name) redefined.add(name);
        }
      }
      const create = asNode(ast, 'CreateStmt');
      for (const e of create?.tableElts ?? []) column(create?.relation?.relname, asNode(e, 'ColumnDef')?.colname);
      const alter = asNode(ast, 'AlterTableStmt');
      for (const c of alter?.cmds ?? []) {
        const cmd = asNode(c, 'AlterTableCmd');
        column(alter?.relation?.relname, cmd?.name);
        column(alter?.relation?.relname, asNode(cmd?.def, 'ColumnDef')?.colname);
        altered(alter?.relation?.relname, cmd?.name);
        altered(alter?.relation?.relname, asNode(cmd?.def, 'ColumnDef')?.colname);
      }
    }
  }
  for (const name of created) changed.add(name);
  for (const name of redefined) changed.add(name);
  return { created, changed, redefined, columns, alteredColumns };
}
