/**
 * The tables, columns, indexes and foreign keys a file declares, collected statement by statement for rules that
 * judge at the end of the file (pg_dump adds keys and indexes after its CREATE TABLEs, and migrations often add
 * the index a few statements after the foreign key). Down-migration statements are left out.
 */
import type { ColumnDef, Constraint, IndexElem, RangeVar, TypeName } from '@pgsql/types';
import type { SqlDocument, StatementView } from '../../parse/document';
import type { FileFacts, StatementFacts } from '../../analysis/file-facts';
import { relationKey } from '../../analysis/file-facts';
import { asNode, relationName, stringValues } from '../../parse/ast';
import { columnDefinitions } from './column-defs';
import type { IndexShape } from './index-coverage';
import { KeyedEntries } from './keyed-entries';
import { finish, STATEMENTS_PER_STEP, type Steps } from '../../runtime/steps';

export interface SchemaColumn {
  readonly table: string;
  readonly name: string;
  readonly type: TypeName | undefined;
  readonly column: ColumnDef;
  readonly statement: StatementView;
}

export interface SchemaTable {
  readonly key: string;
  readonly name: string;
  readonly relation: RangeVar;
  readonly statement: StatementView;
  readonly columns: Map<string, SchemaColumn>;
  primaryKey: string[];
}

/** An index as this file's DDL defines it: its shape (what it is good for) and where it comes from. */
export interface SchemaIndex extends IndexShape {
  readonly statement: StatementView;
  readonly location: number | undefined;
}

export interface SchemaForeignKey {
  readonly table: string;
  readonly relation: RangeVar;
  readonly columns: readonly string[];
  readonly refTable: string;
  readonly refRelation: RangeVar;
  /** Empty when the primary key of the referenced table is meant. */
  readonly refColumns: readonly string[];
  readonly constraint: Constraint;
  readonly statement: StatementView;
}

/** A comparable form of an AST fragment: its JSON without locations. */
export function comparable(node: unknown): string {
  return JSON.stringify(node, (key, value: unknown) => (key === 'location' || key === 'stmt_location' || key === 'stmt_len' ? undefined : value));
}

/**
 * Keys of index elements and predicates, kept per AST node: a parse is shared by every lint of an unchanged
 * statement, so the editor writes each one's JSON once, not on every keystroke.
 */
const keysByNode = new WeakMap<object, string>();

function keyOf<T extends object>(node: T, write: (node: T) => string): string {
  let key = keysByNode.get(node);
  if (key === undefined) keysByNode.set(node, (key = write(node)));
  return key;
}

/** The key of a column named in a PRIMARY KEY or UNIQUE constraint (an index element with only a name). */
const columnKeys = new Map<string, string>();

function columnKey(name: string): string {
  let key = columnKeys.get(name);
  if (key === undefined) {
    if (columnKeys.size > 10_000) columnKeys.clear();
    columnKeys.set(name, (key = writeElemKey({ name })));
  }
  return key;
}

function elemKey(elem: IndexElem): string {
  return keyOf(elem, writeElemKey);
}

function writeElemKey(elem: IndexElem): string {
  return comparable({
    name: elem.name,
    expr: elem.expr,
    collation: elem.collation,
    opclass: elem.opclass,
    opclassopts: elem.opclassopts,
    ordering: elem.ordering === 'SORTBY_DEFAULT' || elem.ordering === 'SORTBY_ASC' ? undefined : elem.ordering,
    nulls: elem.nulls_ordering === 'SORTBY_NULLS_DEFAULT' ? undefined : elem.nulls_ordering,
  });
}

const byTable = (table: string): string => `table:${table}`;
const byName = (name: string): string => `name:${name}`;

export class FileSchema {
  readonly tables = new Map<string, SchemaTable>();
  private readonly indexEntries = new KeyedEntries<SchemaIndex>((i) => (i.name === undefined ? [byTable(i.table)] : [byTable(i.table), byName(i.name)]));
  private readonly foreignKeyEntries = new KeyedEntries<SchemaForeignKey>((fk) => [fk.table]);
  private readonly droppedTables = new Set<string>();
  private readonly droppedIndexes = new Set<string>();

  /** Feed every top-level statement, in order. */
  add(statement: StatementView, facts: StatementFacts): void {
    if (facts.downMigration || statement.container) return;
    const ast = statement.ast;
    const create = asNode(ast, 'CreateStmt');
    if (create?.relation) {
      const key = relationKey(create.relation);
      this.droppedTables.delete(key);
      // A table created again (after a DROP, or a second script section) starts without indexes or keys.
      this.forget(key);
      const table: SchemaTable = { key, name: relationName(create.relation), relation: create.relation, statement, columns: new Map(), primaryKey: [] };
      this.tables.set(key, table);
    }
    for (const def of columnDefinitions(ast)) {
      if (!def.table) continue;
      const table = this.tables.get(relationKey(def.table));
      if (def.kind === 'alter-type') {
        // `ALTER COLUMN ... TYPE`: the column now has the new type (declared in this statement).
        const existing = table?.columns.get(def.name);
        if (table && existing) table.columns.set(def.name, { ...existing, type: def.column.typeName, column: def.column, statement });
        continue;
      }
      table?.columns.set(def.name, { table: table.key, name: def.name, type: def.column.typeName, column: def.column, statement });
      for (const c of def.column.constraints ?? []) this.constraint(statement, def.table, asNode(c, 'Constraint'), def.name);
    }
    if (create?.relation) {
      for (const e of create.tableElts ?? []) this.constraint(statement, create.relation, asNode(e, 'Constraint'), undefined);
      return;
    }
    const alter = asNode(ast, 'AlterTableStmt');
    if (alter?.relation && (alter.objtype === undefined || alter.objtype === 'OBJECT_TABLE')) {
      for (const c of alter.cmds ?? []) {
        const cmd = asNode(c, 'AlterTableCmd');
        if (cmd?.subtype === 'AT_AddConstraint') this.constraint(statement, alter.relation, asNode(cmd.def, 'Constraint'), undefined);
        if (cmd?.subtype === 'AT_DropConstraint' && cmd.name) this.dropIndex(cmd.name);
      }
      return;
    }
    const index = asNode(ast, 'IndexStmt');
    if (index?.relation) {
      const elems = (index.indexParams ?? []).map((p) => asNode(p, 'IndexElem')).filter((e): e is IndexElem => e !== undefined);
      if (index.idxname) {
        this.droppedIndexes.delete(index.idxname);
        // `CREATE INDEX IF NOT EXISTS name` again (idempotent scripts) is the same index, not a second one.
        if (this.indexEntries.withKey(byName(index.idxname)).some((i) => i.table === relationKey(index.relation))) return;
      }
      this.indexEntries.push({
        table: relationKey(index.relation),
        name: index.idxname,
        columns: elems.map((e) => e.name),
        keys: elems.map(elemKey),
        include: (index.indexIncludingParams ?? []).map((p) => asNode(p, 'IndexElem')?.name ?? '?'),
        method: (index.accessMethod ?? 'btree').toLowerCase(),
        unique: index.unique === true,
        constraint: index.primary === true || index.isconstraint === true,
        primary: index.primary === true,
        predicate: index.whereClause ? keyOf(index.whereClause, comparable) : undefined,
        statement,
        location: index.relation.location,
      });
      return;
    }
    const drop = asNode(ast, 'DropStmt');
    if (drop?.removeType === 'OBJECT_TABLE' || drop?.removeType === 'OBJECT_INDEX') {
      for (const object of drop.objects ?? []) {
        const names = stringValues(asNode(object, 'List')?.items);
        if (names.length === 0) continue;
        if (drop.removeType === 'OBJECT_TABLE') {
          const key = relationKey(names.join('.'));
          this.droppedTables.add(key);
          this.tables.delete(key);
          this.forget(key);
        } else {
          this.dropIndex(names[names.length - 1]);
        }
      }
    }
  }

  /** The indexes the file declares (and has not dropped), in file order. */
  get indexes(): readonly SchemaIndex[] {
    return this.indexEntries.all();
  }

  /** The indexes of one table, in file order. */
  indexesOf(table: string): readonly SchemaIndex[] {
    return this.indexEntries.withKey(byTable(table));
  }

  /** The foreign keys the file declares (on tables it has not dropped or created again), in file order. */
  get foreignKeys(): readonly SchemaForeignKey[] {
    return this.foreignKeyEntries.all();
  }

  private forget(table: string): void {
    this.indexEntries.remove(byTable(table));
    this.foreignKeyEntries.remove(table);
  }

  private dropIndex(name: string): void {
    this.droppedIndexes.add(name);
    this.indexEntries.remove(byName(name));
  }

  private constraint(statement: StatementView, relation: RangeVar, constraint: Constraint | undefined, column: string | undefined): void {
    if (!constraint) return;
    const table = relationKey(relation);
    if (constraint.contype === 'CONSTR_PRIMARY' || constraint.contype === 'CONSTR_UNIQUE') {
      const keys = column ? [column] : stringValues(constraint.keys);
      if (constraint.contype === 'CONSTR_PRIMARY') {
        const t = this.tables.get(table);
        if (t) t.primaryKey = keys;
      }
      // `USING INDEX name` adopts an index that is already collected.
      if (constraint.indexname) return;
      this.indexEntries.push({
        table,
        name: constraint.conname,
        columns: keys,
        keys: keys.map(columnKey),
        include: stringValues(constraint.including),
        method: 'btree',
        unique: true,
        constraint: true,
        primary: constraint.contype === 'CONSTR_PRIMARY',
        predicate: undefined,
        statement,
        location: constraint.location,
      });
      return;
    }
    if (constraint.contype === 'CONSTR_FOREIGN' && constraint.pktable) {
      const columns = column ? [column] : stringValues(constraint.fk_attrs);
      this.foreignKeyEntries.push({
        table,
        relation,
        columns,
        refTable: relationKey(constraint.pktable),
        refRelation: constraint.pktable,
        refColumns: stringValues(constraint.pk_attrs),
        constraint,
        statement,
      });
    }
  }

  /** Is the table (still) defined in this file? */
  has(table: string): boolean {
    return this.tables.has(table) && !this.droppedTables.has(table);
  }

  /** The referenced columns of a foreign key: as written, or the referenced table's primary key. */
  referencedColumns(fk: SchemaForeignKey): readonly string[] {
    return fk.refColumns.length > 0 ? fk.refColumns : (this.tables.get(fk.refTable)?.primaryKey ?? []);
  }
}

/** The schema a whole file declares, from its top-level statements in order. */
export function buildFileSchema(document: SqlDocument, facts: FileFacts): FileSchema {
  return finish(buildFileSchemaSteps(document, facts));
}

/** buildFileSchema, pausing every few statements (a large file in the editor). */
export function* buildFileSchemaSteps(document: SqlDocument, facts: FileFacts): Steps<FileSchema> {
  const schema = new FileSchema();
  for (const statement of document.statements) {
    if (statement.ast) schema.add(statement, facts.statements[statement.index]);
    if (statement.index % STATEMENTS_PER_STEP === STATEMENTS_PER_STEP - 1) yield;
  }
  return schema;
}
