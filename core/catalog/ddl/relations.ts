/** Small helpers shared by the DDL appliers: replacing a relation's record, name checks, key lookups. */
import type { Catalog } from '../catalog';
import type { Column, Constraint, Relation } from '../model';
import type { QualifiedName } from '../names';

export function sameName(a: QualifiedName, b: QualifiedName): boolean {
  return a.schema === b.schema && a.name === b.name;
}

export function qualifiedOf(r: { readonly schema: string; readonly name: string }): QualifiedName {
  return { schema: r.schema, name: r.name };
}

/** Replaces a relation's record with `change(record)`; a no-op when it does not exist. */
export function updateRelation(catalog: Catalog, name: QualifiedName, change: (r: Relation) => Relation): Relation | undefined {
  const current = catalog.relation(name);
  if (!current) return undefined;
  const next = change(current);
  catalog.putRelation(next);
  return next;
}

export function updateColumn(relation: Relation, column: string, change: (c: Column) => Column): Relation {
  return { ...relation, columns: relation.columns.map((c) => (c.name === column ? change(c) : c)) };
}

/** A constraint name free on this table (constraint names are per table; index-backed ones also per schema). */
export function constraintNameTaken(catalog: Catalog, table: Relation, name: string, needsIndex: boolean): boolean {
  if (table.constraints.some((c) => c.name === name)) return true;
  return needsIndex && catalog.hasRelationName({ schema: table.schema, name });
}

export function addConstraint(relation: Relation, constraint: Constraint): Relation {
  return { ...relation, constraints: [...relation.constraints, constraint] };
}

export function newRelation(kind: Relation['kind'], name: QualifiedName, rest: Partial<Relation> = {}): Relation {
  return {
    kind,
    schema: name.schema,
    name: name.name,
    columns: [],
    constraints: [],
    persistence: 'permanent',
    inherits: [],
    rowSecurity: false,
    forceRowSecurity: false,
    ...rest,
  };
}
