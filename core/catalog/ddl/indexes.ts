/**
 * CREATE INDEX: keys, INCLUDE, partial predicate, uniqueness and method, with PostgreSQL's generated names;
 * an index on a partitioned table (without ONLY) is created on every partition too.
 */
import type { IndexElem, IndexStmt, Node } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { Catalog } from '../catalog';
import type { Index, IndexKey, Relation } from '../model';
import type { QualifiedName } from '../names';
import type { ApplyContext } from './context';
import { indexKeyOf } from './constraints';
import { chooseName, columnsAddition } from './naming';
import { qualifiedOf } from './relations';

/** FigureIndexColname: the name an expression key contributes to a generated index name. */
function expressionColumnName(node: Node | undefined): string {
  const call = asNode(node, 'FuncCall');
  if (call) {
    const names = stringValues(call.funcname);
    return names[names.length - 1] ?? 'expr';
  }
  const ref = asNode(node, 'ColumnRef');
  if (ref) {
    const names = stringValues(ref.fields);
    return names[names.length - 1] ?? 'expr';
  }
  const cast = asNode(node, 'TypeCast');
  if (cast) {
    const inner = expressionColumnName(cast.arg);
    if (inner !== 'expr') return inner;
    const typeNames = stringValues(cast.typeName?.names);
    return typeNames[typeNames.length - 1] ?? 'expr';
  }
  if (asNode(node, 'CoalesceExpr')) return 'coalesce';
  if (asNode(node, 'CaseExpr')) return 'case';
  return 'expr';
}

function keyColumnName(elem: IndexElem): string {
  return elem.indexcolname ?? elem.name ?? expressionColumnName(elem.expr);
}

/** ChooseIndexName: `<table>_pkey`, `<table>_<cols>_key`, `<table>_<cols>_excl`, `<table>_<cols>_idx`. */
export function chooseIndexName(catalog: Catalog, table: QualifiedName, columnNames: readonly string[], label: 'pkey' | 'key' | 'idx' | 'excl'): string {
  const taken = (n: string): boolean => catalog.hasRelationName({ schema: table.schema, name: n });
  return label === 'pkey' ? chooseName(table.name, undefined, label, taken) : chooseName(table.name, columnsAddition(columnNames), label, taken);
}

export function createIndex(ctx: ApplyContext, stmt: IndexStmt): void {
  const table = ctx.findRelation(stmt.relation);
  if (!table) {
    ctx.problem(`relation "${stmt.relation?.relname ?? ''}" does not exist`, stmt.relation?.location);
    return;
  }
  const elems = (stmt.indexParams ?? []).flatMap((p) => (asNode(p, 'IndexElem') ? [asNode(p, 'IndexElem')!] : []));
  const relation = ctx.catalog.relation(table);
  for (const column of elems.flatMap((e) => (e.name !== undefined ? [e.name] : []))) {
    if (relation && !relation.columns.some((c) => c.name === column)) {
      ctx.problem(`column "${column}" does not exist`);
      return;
    }
  }
  const keys = elems.map((e) => indexKeyOf(ctx, e));
  if (stmt.idxname && ctx.catalog.hasRelationName({ schema: table.schema, name: stmt.idxname })) {
    if (!stmt.if_not_exists) ctx.problem(`relation "${stmt.idxname}" already exists`);
    return;
  }
  const name = stmt.idxname ?? chooseIndexName(ctx.catalog, table, elems.map(keyColumnName), stmt.primary ? 'pkey' : stmt.unique ? 'key' : 'idx');
  const predicate = ctx.expression(stmt.whereClause);
  const index: Index = {
    schema: table.schema,
    name,
    table,
    method: stmt.accessMethod ?? 'btree',
    unique: stmt.unique === true,
    primary: stmt.primary === true,
    keys,
    include: (stmt.indexIncludingParams ?? []).flatMap((p) => {
      const elem = asNode(p, 'IndexElem');
      return elem?.name !== undefined ? [elem.name] : [];
    }),
    ...(predicate ? { predicate } : {}),
    nullsNotDistinct: stmt.nulls_not_distinct === true,
    valid: true,
    location: ctx.locate(),
  };
  ctx.catalog.putIndex(index);
  // libpg-query omits false booleans: `inh` is true unless ON ONLY was written.
  if (stmt.relation?.inh === true) {
    if (relation?.kind === 'partitioned-table') for (const child of ctx.catalog.childrenOf(table)) cloneIndexToPartition(ctx.catalog, index, child, elems.map(keyColumnName));
  }
}

function sameKeys(a: readonly IndexKey[], b: readonly IndexKey[]): boolean {
  return a.length === b.length && a.every((k, i) => k.column === b[i].column && k.expression?.text === b[i].expression?.text);
}

/**
 * What DefineIndex does for each partition: attach an equivalent existing index, else create one with a
 * generated name. Recurses into sub-partitions.
 */
export function cloneIndexToPartition(catalog: Catalog, index: Index, partition: Relation, columnNames?: readonly string[]): void {
  const at = qualifiedOf(partition);
  const existing = catalog.indexesOf(at).find((i) => i.unique === index.unique && i.method === index.method && sameKeys(i.keys, index.keys) && i.predicate?.text === index.predicate?.text);
  if (existing) return;
  const names = columnNames ?? index.keys.map((k) => k.column ?? 'expr');
  const label = index.primary ? 'pkey' : index.constraint && index.unique ? 'key' : index.constraint ? 'excl' : 'idx';
  const name = chooseIndexName(catalog, at, names, label);
  const clone: Index = { ...index, schema: partition.schema, name, table: at, ...(index.constraint ? { constraint: name } : {}) };
  catalog.putIndex(clone);
  if (index.constraint) {
    const parentConstraint = catalog.relation(index.table)?.constraints.find((c) => c.name === index.constraint);
    if (parentConstraint && !partition.constraints.some((c) => c.name === name)) {
      catalog.putRelation({ ...partition, constraints: [...partition.constraints, { ...parentConstraint, name, index: name, inherited: true }] });
    }
  }
  if (partition.kind === 'partitioned-table') for (const child of catalog.childrenOf(at)) cloneIndexToPartition(catalog, clone, child, names);
}
