/**
 * RENAME and SET SCHEMA. PostgreSQL refers to objects by OID, so a rename shows everywhere at once: the
 * model rewrites the references it keeps by name (foreign keys, indexes, policies, triggers, owned
 * sequences, partitions and inheritance, `nextval('seq'::regclass)` defaults).
 */
import type { AlterObjectSchemaStmt, Node, RenameStmt } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { Catalog } from '../catalog';
import type { Column, Relation } from '../model';
import { displayQualified, type NameReference, type QualifiedName } from '../names';
import type { ApplyContext } from './context';
import { qualifiedOf, sameName, updateRelation } from './relations';
import { routineArgumentTypes } from './routines';

function refOf(names: readonly string[]): NameReference {
  return names.length > 1 ? { schema: names[names.length - 2], name: names[names.length - 1] } : { name: names[0] ?? '' };
}

function objectNames(node: Node | undefined): string[] {
  const list = asNode(node, 'List');
  if (list) return stringValues(list.items);
  const typeName = asNode(node, 'TypeName');
  if (typeName) return stringValues(typeName.names);
  const s = asNode(node, 'String');
  return s?.sval !== undefined ? [s.sval] : [];
}

function renameIn(q: QualifiedName, from: QualifiedName, to: QualifiedName): QualifiedName {
  return sameName(q, from) ? to : q;
}

/** Renames or moves a relation and rewrites every reference to it. */
export function moveRelation(catalog: Catalog, from: QualifiedName, to: QualifiedName): void {
  const relation = catalog.relation(from);
  if (!relation) return;
  catalog.deleteRelation(from);
  catalog.putRelation({ ...relation, schema: to.schema, name: to.name });
  for (const r of catalog.relations()) {
    const touches = r.constraints.some((c) => c.references && sameName(c.references.table, from)) || (r.partitionOf && sameName(r.partitionOf, from)) || r.inherits.some((p) => sameName(p, from));
    if (!touches) continue;
    catalog.putRelation({
      ...r,
      constraints: r.constraints.map((c) => (c.references && sameName(c.references.table, from) ? { ...c, references: { ...c.references, table: to } } : c)),
      ...(r.partitionOf ? { partitionOf: renameIn(r.partitionOf, from, to) } : {}),
      inherits: r.inherits.map((p) => renameIn(p, from, to)),
    });
  }
  for (const index of catalog.indexesOf(from)) {
    // SET SCHEMA moves the table's indexes too; RENAME leaves their names alone.
    if (from.schema !== to.schema) catalog.deleteIndex(index);
    catalog.putIndex({ ...index, schema: to.schema, table: to });
  }
  for (const policy of catalog.policiesOf(from)) {
    catalog.deletePolicy(from, policy.name);
    catalog.putPolicy({ ...policy, table: to });
  }
  for (const trigger of catalog.triggersOf(from)) {
    catalog.deleteTrigger(from, trigger.name);
    catalog.putTrigger({ ...trigger, table: to });
  }
  for (const sequence of catalog.sequences()) {
    if (!sequence.ownedBy || !sameName(sequence.ownedBy.table, from)) continue;
    if (from.schema !== to.schema) {
      catalog.deleteSequence(sequence);
      moveSequenceReferences(catalog, sequence, { schema: to.schema, name: sequence.name });
    }
    catalog.putSequence({ ...sequence, ...(from.schema !== to.schema ? { schema: to.schema } : {}), ownedBy: { ...sequence.ownedBy, table: to } });
  }
}

/** Rewrites `nextval('old'::regclass)` defaults after a sequence moved or was renamed. */
function moveSequenceReferences(catalog: Catalog, from: QualifiedName, to: QualifiedName): void {
  const spellings = [displayQualified(from), from.name].map((s) => `'${s.replace(/'/g, "''")}'::regclass`);
  const replacement = `'${displayQualified(to).replace(/'/g, "''")}'::regclass`;
  for (const r of catalog.relations()) {
    let changed = false;
    const columns = r.columns.map((c): Column => {
      if (!c.default) return c;
      let text = c.default.text;
      for (const s of spellings) text = text.split(s).join(replacement);
      if (text === c.default.text) return c;
      changed = true;
      return { ...c, default: { text } };
    });
    if (changed) catalog.putRelation({ ...r, columns });
  }
}

function renameColumn(ctx: ApplyContext, table: QualifiedName, from: string, to: string): void {
  const catalog = ctx.catalog;
  const rename = (cols: readonly string[]): string[] => cols.map((c) => (c === from ? to : c));
  updateRelation(catalog, table, (r): Relation => ({
    ...r,
    columns: r.columns.map((c) => (c.name === from ? { ...c, name: to } : c)),
    constraints: r.constraints.map((c) => ({
      ...c,
      columns: rename(c.columns),
      ...(c.references && sameName(c.references.table, table) ? { references: { ...c.references, columns: rename(c.references.columns) } } : {}),
    })),
  }));
  for (const index of catalog.indexesOf(table)) {
    catalog.putIndex({ ...index, keys: index.keys.map((k) => (k.column === from ? { ...k, column: to } : k)), include: rename(index.include) });
  }
  for (const link of catalog.referencedBy(table)) {
    if (sameName(link.table, table)) continue;
    updateRelation(catalog, link.table, (r) => ({
      ...r,
      constraints: r.constraints.map((c) => (c === link.constraint && c.references ? { ...c, references: { ...c.references, columns: rename(c.references.columns) } } : c)),
    }));
  }
  for (const sequence of catalog.sequences()) {
    if (sequence.ownedBy && sameName(sequence.ownedBy.table, table) && sequence.ownedBy.column === from) catalog.putSequence({ ...sequence, ownedBy: { table, column: to } });
  }
  for (const child of catalog.childrenOf(table)) {
    if (child.columns.some((c) => c.name === from && c.inherited)) renameColumn(ctx, qualifiedOf(child), from, to);
  }
}

export function rename(ctx: ApplyContext, stmt: RenameStmt): void {
  const catalog = ctx.catalog;
  const to = stmt.newname ?? '';
  const missing = (what: string): void => {
    if (!stmt.missing_ok) ctx.problem(`${what} does not exist`);
  };
  switch (stmt.renameType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_FOREIGN_TABLE':
    case 'OBJECT_INDEX':
    case 'OBJECT_SEQUENCE': {
      const ref = ctx.reference(stmt.relation);
      const found = ref ? ctx.findClass(ref) : undefined;
      if (!found) return missing(`relation "${stmt.relation?.relname ?? ''}"`);
      const target = { schema: found.name.schema, name: to };
      if (catalog.hasRelationName(target)) return ctx.problem(`relation "${to}" already exists`);
      if (found.kind === 'relation') moveRelation(catalog, found.name, target);
      else if (found.kind === 'index') {
        const index = catalog.index(found.name)!;
        catalog.deleteIndex(found.name);
        catalog.putIndex({ ...index, name: to, ...(index.constraint ? { constraint: to } : {}) });
        if (index.constraint) {
          updateRelation(catalog, index.table, (r) => ({ ...r, constraints: r.constraints.map((c) => (c.name === index.constraint ? { ...c, name: to, index: to } : c)) }));
        }
      } else {
        const sequence = catalog.sequence(found.name)!;
        catalog.deleteSequence(found.name);
        catalog.putSequence({ ...sequence, name: to });
        moveSequenceReferences(catalog, found.name, target);
      }
      return;
    }
    case 'OBJECT_COLUMN': {
      const table = ctx.findRelation(stmt.relation);
      const relation = table ? catalog.relation(table) : undefined;
      if (!table || !relation) return missing(`relation "${stmt.relation?.relname ?? ''}"`);
      if (!relation.columns.some((c) => c.name === stmt.subname)) return missing(`column "${stmt.subname ?? ''}"`);
      if (relation.columns.some((c) => c.name === to)) return ctx.problem(`column "${to}" of relation "${table.name}" already exists`);
      renameColumn(ctx, table, stmt.subname ?? '', to);
      return;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const table = ctx.findRelation(stmt.relation);
      const constraint = table ? catalog.relation(table)?.constraints.find((c) => c.name === stmt.subname) : undefined;
      if (!table || !constraint) return missing(`constraint "${stmt.subname ?? ''}"`);
      updateRelation(catalog, table, (r) => ({ ...r, constraints: r.constraints.map((c) => (c === constraint ? { ...c, name: to, ...(c.index ? { index: to } : {}) } : c)) }));
      if (constraint.index) {
        const index = catalog.index({ schema: table.schema, name: constraint.index });
        if (index) {
          catalog.deleteIndex(index);
          catalog.putIndex({ ...index, name: to, constraint: to });
        }
      }
      return;
    }
    case 'OBJECT_SCHEMA': {
      const from = stmt.subname ?? '';
      if (!catalog.schema(from)) return missing(`schema "${from}"`);
      renameSchema(catalog, from, to);
      return;
    }
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const names = objectNames(stmt.object);
      const type = catalog.resolveType(refOf(names), ctx.lookupPath());
      if (!type) return missing(`type "${names.join('.')}"`);
      catalog.deleteType(type);
      catalog.putType({ ...type, name: to });
      retypeColumns(catalog, displayQualified(type), displayQualified({ schema: type.schema, name: to }));
      return;
    }
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
    case 'OBJECT_ROUTINE':
    case 'OBJECT_AGGREGATE': {
      const object = asNode(stmt.object, 'ObjectWithArgs');
      if (!object) return;
      const overloads = catalog.resolveFunctions(refOf(stringValues(object.objname)), ctx.lookupPath());
      const types = object.args_unspecified ? undefined : routineArgumentTypes(ctx, object);
      const fn = overloads.find((f) => !types || f.arguments.filter((a) => a.mode !== 'out' && a.mode !== 'table').map((a) => a.type).join(',') === types.join(','));
      if (!fn) return missing(`function ${stringValues(object.objname).join('.')}`);
      catalog.deleteFunction(fn);
      catalog.putFunction({ ...fn, name: to });
      return;
    }
    case 'OBJECT_POLICY':
    case 'OBJECT_TRIGGER': {
      const table = ctx.findRelation(stmt.relation);
      if (!table) return missing(`relation "${stmt.relation?.relname ?? ''}"`);
      if (stmt.renameType === 'OBJECT_POLICY') {
        const policy = catalog.policiesOf(table).find((p) => p.name === stmt.subname);
        if (!policy) return missing(`policy "${stmt.subname ?? ''}"`);
        catalog.deletePolicy(table, policy.name);
        catalog.putPolicy({ ...policy, name: to });
      } else {
        const trigger = catalog.triggersOf(table).find((t) => t.name === stmt.subname);
        if (!trigger) return missing(`trigger "${stmt.subname ?? ''}"`);
        catalog.deleteTrigger(table, trigger.name);
        catalog.putTrigger({ ...trigger, name: to });
      }
      return;
    }
    default:
      return;
  }
}

/** Column types name user types by display form: a renamed or moved type is renamed in them. */
function retypeColumns(catalog: Catalog, from: string, to: string): void {
  for (const r of catalog.relations()) {
    if (!r.columns.some((c) => c.type === from || c.type === `${from}[]`)) continue;
    catalog.putRelation({ ...r, columns: r.columns.map((c) => (c.type === from ? { ...c, type: to } : c.type === `${from}[]` ? { ...c, type: `${to}[]` } : c)) });
  }
}

function renameSchema(catalog: Catalog, from: string, to: string): void {
  const schema = catalog.schema(from)!;
  catalog.deleteSchema(from);
  catalog.putSchema({ ...schema, name: to });
  for (const r of catalog.relations()) if (r.schema === from) moveRelation(catalog, qualifiedOf(r), { schema: to, name: r.name });
  for (const i of catalog.indexes()) if (i.schema === from) {
    catalog.deleteIndex(i);
    catalog.putIndex({ ...i, schema: to });
  }
  for (const s of catalog.sequences()) if (s.schema === from) {
    catalog.deleteSequence(s);
    catalog.putSequence({ ...s, schema: to });
    moveSequenceReferences(catalog, s, { schema: to, name: s.name });
  }
  for (const t of catalog.types()) if (t.schema === from) {
    catalog.deleteType(t);
    catalog.putType({ ...t, schema: to });
    retypeColumns(catalog, displayQualified(t), displayQualified({ schema: to, name: t.name }));
  }
  for (const f of catalog.functions()) if (f.schema === from) {
    catalog.deleteFunction(f);
    catalog.putFunction({ ...f, schema: to });
  }
  for (const e of catalog.extensions()) if (e.schema === from) catalog.putExtension({ ...e, schema: to });
}

export function setSchema(ctx: ApplyContext, stmt: AlterObjectSchemaStmt): void {
  const catalog = ctx.catalog;
  const to = stmt.newschema ?? '';
  if (!catalog.schema(to)) ctx.problem(`schema "${to}" does not exist`);
  switch (stmt.objectType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_FOREIGN_TABLE':
    case 'OBJECT_SEQUENCE': {
      const ref = ctx.reference(stmt.relation);
      const found = ref ? ctx.findClass(ref) : undefined;
      if (!found) {
        if (!stmt.missing_ok) ctx.problem(`relation "${stmt.relation?.relname ?? ''}" does not exist`);
        return;
      }
      if (found.kind === 'relation') moveRelation(catalog, found.name, { schema: to, name: found.name.name });
      else if (found.kind === 'sequence') {
        const sequence = catalog.sequence(found.name)!;
        catalog.deleteSequence(found.name);
        catalog.putSequence({ ...sequence, schema: to });
        moveSequenceReferences(catalog, found.name, { schema: to, name: found.name.name });
      }
      return;
    }
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const names = objectNames(stmt.object);
      const type = catalog.resolveType(refOf(names), ctx.lookupPath());
      if (!type) return;
      catalog.deleteType(type);
      catalog.putType({ ...type, schema: to });
      retypeColumns(catalog, displayQualified(type), displayQualified({ schema: to, name: type.name }));
      return;
    }
    case 'OBJECT_EXTENSION': {
      const name = objectNames(stmt.object)[0] ?? '';
      const extension = catalog.extension(name);
      if (extension) catalog.putExtension({ ...extension, schema: to });
      return;
    }
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
    case 'OBJECT_ROUTINE': {
      const object = asNode(stmt.object, 'ObjectWithArgs');
      if (!object) return;
      const types = object.args_unspecified ? undefined : routineArgumentTypes(ctx, object);
      const fn = catalog.resolveFunctions(refOf(stringValues(object.objname)), ctx.lookupPath()).find((f) => !types || f.arguments.filter((a) => a.mode !== 'out' && a.mode !== 'table').map((a) => a.type).join(',') === types.join(','));
      if (!fn) return;
      catalog.deleteFunction(fn);
      catalog.putFunction({ ...fn, schema: to });
      return;
    }
    default:
      return;
  }
}
