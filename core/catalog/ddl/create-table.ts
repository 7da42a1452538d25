/**
 * CREATE TABLE in all its forms: columns and constraints, LIKE (with its INCLUDING options), INHERITS,
 * PARTITION BY, PARTITION OF (columns, checks, foreign keys and indexes come from the parent), OF type,
 * UNLOGGED / TEMPORARY, IF NOT EXISTS, and CREATE FOREIGN TABLE.
 */
import type { ColumnDef, Constraint as ConstraintNode, CreateStmt, PartitionSpec, TableLikeClause } from '@pgsql/types';
import { asNode } from '../../parse/ast';
import type { Column, Constraint, Relation, Sequence } from '../model';
import type { QualifiedName } from '../names';
import { buildColumn } from './columns';
import { typeIdentity } from '../types';
import { buildConstraint } from './constraints';
import type { ApplyContext } from './context';
import { chooseIndexName, cloneIndexToPartition } from './indexes';
import { serialSequenceName } from './naming';
import { newRelation, qualifiedOf } from './relations';
import { partitionBoundText } from './partitions';

const LIKE_COMMENTS = 1 << 0;
const LIKE_CONSTRAINTS = 1 << 2;
const LIKE_DEFAULTS = 1 << 3;
const LIKE_GENERATED = 1 << 4;
const LIKE_IDENTITY = 1 << 5;
const LIKE_INDEXES = 1 << 6;

export function createTable(ctx: ApplyContext, stmt: CreateStmt, kind: 'table' | 'foreign-table' = 'table'): void {
  const rel = stmt.relation;
  if (!rel?.relname) return;
  const name = ctx.newRelationName(rel);
  if (ctx.catalog.hasRelationName(name)) {
    if (!stmt.if_not_exists) ctx.problem(`relation "${name.name}" already exists`, rel.location);
    return;
  }
  const persistence = rel.relpersistence === 'u' ? 'unlogged' : rel.relpersistence === 't' ? 'temporary' : 'permanent';
  const partitioning = stmt.partspec ? partitionInfo(ctx, stmt.partspec) : undefined;
  const parents = (stmt.inhRelations ?? []).flatMap((n) => {
    const rv = asNode(n, 'RangeVar');
    const found = rv ? ctx.findRelation(rv) : undefined;
    if (rv && !found) ctx.problem(`relation "${rv.relname ?? ''}" does not exist`, rv.location);
    return found ? [found] : [];
  });
  const partitionOf = stmt.partbound ? parents[0] : undefined;
  let relation: Relation = newRelation(partitioning ? 'partitioned-table' : kind, name, {
    persistence,
    inherits: partitionOf ? [] : parents,
    ...(partitioning ? { partitioning } : {}),
    ...(partitionOf ? { partitionOf, partitionBound: partitionBoundText(ctx, stmt.partbound) } : {}),
    location: ctx.locate(rel.location),
  });

  // Inherited columns come first, in parent order; NOT NULL and inheritable checks come along.
  for (const parent of parents) {
    const parentRelation = ctx.catalog.relation(parent);
    if (!parentRelation) continue;
    for (const column of parentRelation.columns) {
      if (relation.columns.some((c) => c.name === column.name)) continue;
      const { location: _location, identity: _identity, ...rest } = column;
      relation = { ...relation, columns: [...relation.columns, { ...rest, inherited: true }] };
    }
    const inheritedChecks = parentRelation.constraints.filter((c) => c.kind === 'check' || (partitionOf && c.kind === 'foreign-key'));
    relation = { ...relation, constraints: [...relation.constraints, ...inheritedChecks.map((c) => ({ ...c, inherited: true }))] };
  }
  if (stmt.ofTypename) relation = typedTableColumns(ctx, relation, stmt);

  const pending: { node: ConstraintNode; column?: string }[] = [];
  const sequences: Sequence[] = [];
  const likes: TableLikeClause[] = [];
  for (const element of stmt.tableElts ?? []) {
    const def = asNode(element, 'ColumnDef');
    if (def) {
      const built = buildColumn(ctx, name, def);
      relation = mergeColumn(ctx, relation, built.column, def);
      if (built.sequence) sequences.push(built.sequence);
      for (const node of built.constraints) pending.push({ node, column: built.column.name });
      continue;
    }
    const constraint = asNode(element, 'Constraint');
    if (constraint) {
      pending.push({ node: constraint });
      continue;
    }
    const like = asNode(element, 'TableLikeClause');
    if (like) {
      likes.push(like);
      relation = applyLikeColumns(ctx, relation, like);
    }
  }
  for (const node of stmt.constraints ?? []) {
    const constraint = asNode(node, 'Constraint');
    if (constraint) pending.push({ node: constraint });
  }
  ctx.catalog.putRelation(relation);
  for (const sequence of sequences) ctx.catalog.putSequence(sequence);
  for (const { node, column } of pending) addBuiltConstraint(ctx, name, node, column);
  for (const like of likes) applyLikeIndexes(ctx, name, like);
  if (partitionOf) inheritPartitionIndexes(ctx, partitionOf, name);
}

/** A local column definition merges with an inherited one of the same name. */
function mergeColumn(ctx: ApplyContext, relation: Relation, column: Column, def: ColumnDef): Relation {
  const existing = relation.columns.find((c) => c.name === column.name);
  if (!existing) return { ...relation, columns: [...relation.columns, column] };
  // PARTITION OF (... WITH OPTIONS) and INHERITS merges: the type is the parent's.
  if (def.typeName && existing.type !== column.type && !relation.partitionOf) ctx.problem(`column "${column.name}" has a type conflict`, def.location);
  const merged: Column = {
    ...existing,
    notNull: existing.notNull || column.notNull,
    ...(column.default ? { default: column.default } : {}),
    ...(column.generated ? { generated: column.generated, generatedExpression: column.generatedExpression } : {}),
    location: column.location,
  };
  return { ...relation, columns: relation.columns.map((c) => (c.name === column.name ? merged : c)) };
}

/** Adds a key/check/foreign-key constraint (and its index) to a table already in the catalog. */
export function addBuiltConstraint(ctx: ApplyContext, table: QualifiedName, node: ConstraintNode, column?: string, only = false): Constraint | undefined {
  const relation = ctx.catalog.relation(table);
  if (!relation) return undefined;
  if (node.conname && relation.constraints.some((c) => c.name === node.conname)) {
    ctx.problem(`constraint "${node.conname}" for relation "${relation.name}" already exists`, node.location);
    return undefined;
  }
  const built = buildConstraint(ctx, relation, node, column);
  if (!built) return undefined;
  if (built.index && ctx.catalog.hasRelationName({ schema: relation.schema, name: built.index.name })) {
    ctx.problem(`relation "${built.index.name}" already exists`, node.location);
    return undefined;
  }
  const notNull = new Set(built.notNull);
  const updated: Relation = {
    ...relation,
    columns: relation.columns.map((c) => (notNull.has(c.name) ? { ...c, notNull: true } : c)),
    constraints: [...relation.constraints, built.constraint],
  };
  ctx.catalog.putRelation(updated);
  if (built.index) ctx.catalog.putIndex(built.index);
  if (built.constraint.kind === 'check' || built.constraint.kind === 'foreign-key') {
    for (const child of ctx.catalog.childrenOf(table)) {
      if (built.constraint.kind === 'foreign-key' && !child.partitionOf) continue;
      if (child.constraints.some((c) => c.name === built.constraint.name)) continue;
      ctx.catalog.putRelation({ ...child, constraints: [...child.constraints, { ...built.constraint, inherited: true }] });
    }
  }
  if (built.index && updated.kind === 'partitioned-table' && !only) {
    for (const child of ctx.catalog.childrenOf(table)) cloneIndexToPartition(ctx.catalog, built.index, child);
  }
  return built.constraint;
}

function partitionInfo(ctx: ApplyContext, spec: PartitionSpec): Relation['partitioning'] {
  const strategy = spec.strategy === 'PARTITION_STRATEGY_LIST' ? 'list' : spec.strategy === 'PARTITION_STRATEGY_HASH' ? 'hash' : 'range';
  const keys = (spec.partParams ?? []).map((p) => {
    const elem = asNode(p, 'PartitionElem');
    if (elem?.name !== undefined) return elem.name;
    return ctx.expression(elem?.expr)?.text ?? '';
  });
  return { strategy, key: keys.join(', ') };
}

function typedTableColumns(ctx: ApplyContext, relation: Relation, stmt: CreateStmt): Relation {
  const identity = stmt.ofTypename ? typeIdentity(stmt.ofTypename, ctx.resolveType) : undefined;
  const info = identity && 'qualified' in identity ? ctx.catalog.type(identity.qualified) : undefined;
  if (info?.kind !== 'composite') {
    ctx.problem('type of a typed table is not a known composite type');
    return relation;
  }
  return { ...relation, columns: info.attributes.map((a) => ({ name: a.name, type: a.type, notNull: false, inherited: true })) };
}

/** LIKE source: columns (with defaults, identity, generated expressions and checks when included). */
function applyLikeColumns(ctx: ApplyContext, relation: Relation, like: TableLikeClause): Relation {
  const source = ctx.findRelation(like.relation);
  const sourceRelation = source ? ctx.catalog.relation(source) : undefined;
  if (!sourceRelation) {
    ctx.problem(`relation "${like.relation?.relname ?? ''}" does not exist`, like.relation?.location);
    return relation;
  }
  const options = like.options ?? 0;
  const columns: Column[] = sourceRelation.columns.map((c) => {
    const copy: Column = {
      name: c.name,
      type: c.type,
      notNull: c.notNull,
      ...(c.collation ? { collation: c.collation } : {}),
      ...(options & LIKE_DEFAULTS && c.default && !c.identity ? { default: c.default } : {}),
      ...(options & LIKE_GENERATED && c.generated ? { generated: c.generated, generatedExpression: c.generatedExpression } : {}),
      ...(options & LIKE_IDENTITY && c.identity ? { identity: c.identity } : {}),
      ...(options & LIKE_COMMENTS && c.comment ? { comment: c.comment } : {}),
      location: ctx.locate(like.relation?.location),
    };
    return copy;
  });
  if (options & LIKE_IDENTITY) {
    for (const c of columns) {
      if (!c.identity) continue;
      const seq = { schema: relation.schema, name: serialSequenceName(relation.name, c.name, (n) => ctx.catalog.hasRelationName({ schema: relation.schema, name: n })) };
      // The copied identity gets a new sequence with CREATE SEQUENCE's defaults (bigint), as PostgreSQL 15 does.
      ctx.catalog.putSequence({ ...seq, type: 'bigint', ownedBy: { table: qualifiedOf(relation), column: c.name }, location: ctx.locate(like.relation?.location) });
    }
  }
  const checks = options & LIKE_CONSTRAINTS ? sourceRelation.constraints.filter((c) => c.kind === 'check').map((c) => ({ ...c, location: ctx.locate(like.relation?.location) })) : [];
  return { ...relation, columns: [...relation.columns, ...columns], constraints: [...relation.constraints, ...checks] };
}

/** LIKE ... INCLUDING INDEXES: the source's indexes (and key constraints) under generated names. */
function applyLikeIndexes(ctx: ApplyContext, table: QualifiedName, like: TableLikeClause): void {
  if (!((like.options ?? 0) & LIKE_INDEXES)) return;
  const source = ctx.findRelation(like.relation);
  if (!source) return;
  for (const index of ctx.catalog.indexesOf(source)) {
    const label = index.primary ? 'pkey' : index.constraint && index.unique ? 'key' : index.constraint ? 'excl' : 'idx';
    const name = chooseIndexName(ctx.catalog, table, index.keys.map((k) => k.column ?? 'expr'), label);
    ctx.catalog.putIndex({ ...index, schema: table.schema, name, table, ...(index.constraint ? { constraint: name } : {}), location: ctx.locate(like.relation?.location) });
    const original = index.constraint ? ctx.catalog.relation(source)?.constraints.find((c) => c.name === index.constraint) : undefined;
    const relation = ctx.catalog.relation(table);
    if (original && relation) ctx.catalog.putRelation({ ...relation, constraints: [...relation.constraints, { ...original, name, index: name, location: ctx.locate(like.relation?.location) }] });
  }
}

/** A new partition gets the parent's indexes (key constraints included). */
export function inheritPartitionIndexes(ctx: ApplyContext, parent: QualifiedName, partition: QualifiedName): void {
  const child = ctx.catalog.relation(partition);
  if (!child) return;
  for (const index of ctx.catalog.indexesOf(parent)) {
    const current = ctx.catalog.relation(partition);
    if (current) cloneIndexToPartition(ctx.catalog, index, current);
  }
}
