/**
 * DROP of every object kind, with what PostgreSQL drops along: a table's indexes, owned sequences, policies,
 * triggers and partitions; a column's indexes and constraints; with CASCADE, foreign keys that reference the
 * dropped object and everything in a dropped schema. IF EXISTS silences missing objects.
 */
import type { DropStmt, Node, ObjectWithArgs } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { Catalog } from '../catalog';
import { expressionColumns } from '../expressions';
import type { QualifiedName } from '../names';
import type { ApplyContext } from './context';
import { routineArgumentTypes } from './routines';
import { qualifiedOf, sameName, updateRelation } from './relations';

function namesOf(node: Node): string[] {
  const list = asNode(node, 'List');
  if (list) return stringValues(list.items);
  const typeName = asNode(node, 'TypeName');
  if (typeName) return stringValues(typeName.names);
  const s = asNode(node, 'String');
  return s?.sval !== undefined ? [s.sval] : [];
}

const RELATION_KINDS: Readonly<Record<string, readonly string[]>> = {
  OBJECT_TABLE: ['table', 'partitioned-table'],
  OBJECT_VIEW: ['view'],
  OBJECT_MATVIEW: ['materialized-view'],
  OBJECT_FOREIGN_TABLE: ['foreign-table'],
};

export function drop(ctx: ApplyContext, stmt: DropStmt): void {
  const cascade = stmt.behavior === 'DROP_CASCADE';
  const missingOk = stmt.missing_ok === true;
  for (const object of stmt.objects ?? []) {
    const type = stmt.removeType ?? 'OBJECT_TABLE';
    const names = namesOf(object);
    const ref = names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] ?? '' };
    const missing = (what: string): void => {
      if (!missingOk) ctx.problem(`${what} "${ref.name}" does not exist`);
    };
    switch (type) {
      case 'OBJECT_TABLE':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_FOREIGN_TABLE': {
        const found = ctx.catalog.resolveIn(ref, ctx.lookupPath(), (q) => ctx.catalog.relation(q));
        if (!found || !RELATION_KINDS[type].includes(found.kind)) {
          missing(type === 'OBJECT_TABLE' ? 'table' : type === 'OBJECT_VIEW' ? 'view' : type === 'OBJECT_MATVIEW' ? 'materialized view' : 'foreign table');
          break;
        }
        dropRelation(ctx.catalog, qualifiedOf(found), cascade);
        break;
      }
      case 'OBJECT_INDEX': {
        const found = ctx.catalog.resolveIn(ref, ctx.lookupPath(), (q) => ctx.catalog.index(q));
        if (!found) missing('index');
        else ctx.catalog.deleteIndex(found);
        break;
      }
      case 'OBJECT_SEQUENCE': {
        const found = ctx.catalog.resolveIn(ref, ctx.lookupPath(), (q) => ctx.catalog.sequence(q));
        if (!found) missing('sequence');
        else ctx.catalog.deleteSequence(found);
        break;
      }
      case 'OBJECT_TYPE':
      case 'OBJECT_DOMAIN': {
        const found = ctx.catalog.resolveIn(ref, ctx.lookupPath(), (q) => ctx.catalog.type(q));
        if (!found) missing('type');
        else ctx.catalog.deleteType(found);
        break;
      }
      case 'OBJECT_FUNCTION':
      case 'OBJECT_PROCEDURE':
      case 'OBJECT_ROUTINE':
      case 'OBJECT_AGGREGATE':
        dropRoutine(ctx, asNode(object, 'ObjectWithArgs'), missingOk);
        break;
      case 'OBJECT_SCHEMA':
        if (!ctx.catalog.schema(ref.name)) missing('schema');
        else dropSchema(ctx.catalog, ref.name);
        break;
      case 'OBJECT_EXTENSION':
        if (!ctx.catalog.extension(ref.name)) missing('extension');
        else ctx.catalog.deleteExtension(ref.name);
        break;
      case 'OBJECT_POLICY':
      case 'OBJECT_TRIGGER': {
        const tableNames = names.slice(0, -1);
        const table = ctx.findRelation(tableNames.length > 1 ? { schema: tableNames[tableNames.length - 2], name: tableNames[tableNames.length - 1] } : { name: tableNames[0] ?? '' });
        const name = names[names.length - 1] ?? '';
        if (!table) {
          if (!missingOk) ctx.problem(`relation "${tableNames.join('.')}" does not exist`);
          break;
        }
        if (type === 'OBJECT_POLICY') {
          if (!ctx.catalog.policiesOf(table).some((p) => p.name === name)) missing('policy');
          ctx.catalog.deletePolicy(table, name);
        } else {
          if (!ctx.catalog.triggersOf(table).some((t) => t.name === name)) missing('trigger');
          ctx.catalog.deleteTrigger(table, name);
        }
        break;
      }
      default:
        break;
    }
  }
}

function dropRoutine(ctx: ApplyContext, object: ObjectWithArgs | undefined, missingOk: boolean): void {
  if (!object) return;
  const names = stringValues(object.objname);
  const ref = names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] ?? '' };
  const overloads = ctx.catalog.resolveIn(ref, ctx.lookupPath(), (q) => {
    const found = ctx.catalog.functionsNamed(q);
    return found.length > 0 ? found : undefined;
  });
  if (!overloads) {
    if (!missingOk) ctx.problem(`function ${ref.name} does not exist`);
    return;
  }
  const types = object.args_unspecified ? undefined : routineArgumentTypes(ctx, object);
  const matches = types === undefined ? overloads : overloads.filter((f) => {
    const inputs = f.arguments.filter((a) => a.mode !== 'out' && a.mode !== 'table').map((a) => a.type);
    return inputs.length === types.length && inputs.every((t, i) => t === types[i]);
  });
  if (matches.length === 0 && !missingOk) ctx.problem(`function ${ref.name} does not exist`);
  for (const f of matches) ctx.catalog.deleteFunction(f);
}

function isOn(table: QualifiedName, q: QualifiedName): boolean {
  return sameName(table, q);
}

/** Drops a relation and what depends on it; CASCADE also drops foreign keys that reference it. */
export function dropRelation(catalog: Catalog, name: QualifiedName, cascade: boolean): void {
  for (const child of catalog.childrenOf(name)) {
    if (child.partitionOf && sameName(child.partitionOf, name)) dropRelation(catalog, qualifiedOf(child), cascade);
    else catalog.putRelation({ ...child, inherits: child.inherits.filter((p) => !sameName(p, name)) });
  }
  for (const index of catalog.indexesOf(name)) catalog.deleteIndex(index);
  for (const policy of catalog.policiesOf(name)) catalog.deletePolicy(name, policy.name);
  for (const trigger of catalog.triggersOf(name)) catalog.deleteTrigger(name, trigger.name);
  for (const sequence of catalog.sequences()) if (sequence.ownedBy && isOn(sequence.ownedBy.table, name)) catalog.deleteSequence(sequence);
  // Without CASCADE PostgreSQL refuses while foreign keys reference the table; either way they cannot stay.
  void cascade;
  for (const link of catalog.referencedBy(name)) {
    if (sameName(link.table, name)) continue;
    updateRelation(catalog, link.table, (r) => ({ ...r, constraints: r.constraints.filter((c) => c !== link.constraint) }));
  }
  catalog.deleteRelation(name);
}

/** Drops a column with the indexes and constraints that involve it. */
export function dropColumn(ctx: ApplyContext, table: QualifiedName, column: string, cascade: boolean, only: boolean): void {
  const catalog = ctx.catalog;
  for (const index of catalog.indexesOf(table)) {
    const uses = index.keys.some((k) => k.column === column || (k.expression !== undefined && expressionColumns(k.expression.text).has(column))) || index.include.includes(column);
    if (uses) catalog.deleteIndex(index);
  }
  updateRelation(catalog, table, (r) => ({
    ...r,
    columns: r.columns.filter((c) => c.name !== column),
    constraints: r.constraints.filter((c) => !c.columns.includes(column) && !(c.kind === 'check' && c.expression !== undefined && expressionColumns(c.expression.text).has(column))),
  }));
  for (const link of catalog.referencedBy(table)) {
    if (!link.constraint.references?.columns.includes(column)) continue;
    if (!cascade) ctx.problem(`cannot drop column ${column} of table ${table.name} because other objects depend on it`);
    updateRelation(catalog, link.table, (r) => ({ ...r, constraints: r.constraints.filter((c) => c !== link.constraint) }));
  }
  for (const sequence of catalog.sequences()) {
    if (sequence.ownedBy && isOn(sequence.ownedBy.table, table) && sequence.ownedBy.column === column) catalog.deleteSequence(sequence);
  }
  if (only) return;
  for (const child of catalog.childrenOf(table)) {
    const inherited = child.columns.find((c) => c.name === column);
    if (inherited?.inherited) dropColumn(ctx, qualifiedOf(child), column, cascade, false);
  }
}

export function dropConstraint(ctx: ApplyContext, table: QualifiedName, name: string, missingOk: boolean, cascade: boolean): void {
  const relation = ctx.catalog.relation(table);
  const constraint = relation?.constraints.find((c) => c.name === name);
  if (!relation || !constraint) {
    if (!missingOk) ctx.problem(`constraint "${name}" of relation "${table.name}" does not exist`);
    return;
  }
  if (constraint.index) ctx.catalog.deleteIndex({ schema: table.schema, name: constraint.index });
  updateRelation(ctx.catalog, table, (r) => ({ ...r, constraints: r.constraints.filter((c) => c.name !== name) }));
  if (constraint.kind === 'primary-key' || constraint.kind === 'unique') {
    for (const link of ctx.catalog.referencedBy(table)) {
      const refs = link.constraint.references?.columns ?? [];
      if (refs.length !== constraint.columns.length || !refs.every((c) => constraint.columns.includes(c))) continue;
      if (!cascade) ctx.problem(`cannot drop constraint ${name} on table ${table.name} because other objects depend on it`);
      updateRelation(ctx.catalog, link.table, (r) => ({ ...r, constraints: r.constraints.filter((c) => c !== link.constraint) }));
    }
  }
  for (const child of ctx.catalog.childrenOf(table)) {
    const inherited = child.constraints.find((c) => c.name === name && c.inherited);
    if (inherited) dropConstraint(ctx, qualifiedOf(child), name, true, cascade);
  }
}

/** DROP SCHEMA (CASCADE): the schema and everything in it. */
export function dropSchema(catalog: Catalog, schema: string): void {
  for (const relation of catalog.relations()) if (relation.schema === schema) dropRelation(catalog, qualifiedOf(relation), true);
  for (const index of catalog.indexes()) if (index.schema === schema) catalog.deleteIndex(index);
  for (const sequence of catalog.sequences()) if (sequence.schema === schema) catalog.deleteSequence(sequence);
  for (const type of catalog.types()) if (type.schema === schema) catalog.deleteType(type);
  for (const fn of catalog.functions()) if (fn.schema === schema) catalog.deleteFunction(fn);
  for (const extension of catalog.extensions()) if (extension.schema === schema) catalog.deleteExtension(extension.name);
  catalog.deleteSchema(schema);
}
