/**
 * The catalog: every schema object by qualified name, lookups through a search_path, and the derived views
 * that analysis needs (indexes of a table, foreign keys both ways). `CatalogView` is the read-only face that
 * rules, hover and completion use; `Catalog` adds the mutations that DDL application and introspection make.
 * Copying is cheap (maps of immutable records), so incremental application keeps one copy per file. The derived
 * lookups follow every write (grouping.ts): DDL application reads them between writes.
 */
import type { Constraint, ExtensionInfo, FunctionInfo, Index, ObjectKind, Policy, Relation, SchemaInfo, Sequence, Trigger, TypeInfo } from './model';
import { functionSignature } from './model';
import { Grouping, type GroupEntries } from './grouping';
import { DEFAULT_SEARCH_PATH, effectiveSearchPath, parseNameReference, qualifiedKey, type NameReference, type QualifiedName } from './names';

export type CatalogSource = 'ddl' | 'database';

/** A foreign key seen from either end. */
export interface ForeignKeyLink {
  /** The referencing table (the one that declares the constraint). */
  readonly table: QualifiedName;
  readonly constraint: Constraint;
}

/** One object of any kind with what a symbol list or a reference search needs. */
export interface CatalogEntry {
  readonly kind: ObjectKind;
  /** The owning schema (for columns, constraints, policies, triggers: the table's). */
  readonly schema: string;
  readonly name: string;
  /** The table a column, constraint, policy, trigger or index belongs to. */
  readonly table?: QualifiedName;
  readonly object: { readonly location?: { readonly file: string; readonly range: { readonly start: number; readonly end: number } } };
}

export interface CatalogView {
  readonly source: CatalogSource;
  /** Schemas searched for unqualified names (pg_catalog is implicitly first unless listed). */
  readonly searchPath: readonly string[];
  /** Server major version, when read from a database. */
  readonly serverVersion?: number;

  schema(name: string): SchemaInfo | undefined;
  schemas(): readonly SchemaInfo[];
  extension(name: string): ExtensionInfo | undefined;
  extensions(): readonly ExtensionInfo[];

  relation(name: QualifiedName): Relation | undefined;
  relations(): readonly Relation[];
  index(name: QualifiedName): Index | undefined;
  indexes(): readonly Index[];
  sequence(name: QualifiedName): Sequence | undefined;
  sequences(): readonly Sequence[];
  type(name: QualifiedName): TypeInfo | undefined;
  types(): readonly TypeInfo[];
  /** Overloads of a function name in one schema. */
  functionsNamed(name: QualifiedName): readonly FunctionInfo[];
  functions(): readonly FunctionInfo[];
  policies(): readonly Policy[];
  triggers(): readonly Trigger[];

  /** Name lookups as PostgreSQL does them: qualified names directly, others through the search_path. */
  resolveRelation(ref: NameReference | string, searchPath?: readonly string[]): Relation | undefined;
  resolveIndex(ref: NameReference | string, searchPath?: readonly string[]): Index | undefined;
  resolveSequence(ref: NameReference | string, searchPath?: readonly string[]): Sequence | undefined;
  resolveType(ref: NameReference | string, searchPath?: readonly string[]): TypeInfo | undefined;
  /** All overloads visible under the first schema of the path that has the name. */
  resolveFunctions(ref: NameReference | string, searchPath?: readonly string[]): readonly FunctionInfo[];

  indexesOf(table: QualifiedName): readonly Index[];
  policiesOf(table: QualifiedName): readonly Policy[];
  triggersOf(table: QualifiedName): readonly Trigger[];
  /** Foreign keys this table declares. */
  foreignKeysOf(table: QualifiedName): readonly ForeignKeyLink[];
  /** Foreign keys of other tables (or this one) that reference this table. */
  referencedBy(table: QualifiedName): readonly ForeignKeyLink[];
  /** Partitions and inheritance children. */
  childrenOf(table: QualifiedName): readonly Relation[];
  /** Every object, columns and constraints included: for symbol lists, references and rename. */
  entries(): readonly CatalogEntry[];
}

const keyOf = (q: QualifiedName): string => qualifiedKey(q.schema, q.name);

/** What each derived lookup groups its map's values by. */
const byTable = <T extends { readonly table: QualifiedName }>(value: T): GroupEntries<T> => [[keyOf(value.table), value]];
const byName = (fn: FunctionInfo): GroupEntries<FunctionInfo> => [[qualifiedKey(fn.schema, fn.name), fn]];
function byReferencedTable(relation: Relation): GroupEntries<ForeignKeyLink> {
  const table = { schema: relation.schema, name: relation.name };
  const out: [string, ForeignKeyLink][] = [];
  for (const constraint of relation.constraints) if (constraint.references) out.push([keyOf(constraint.references.table), { table, constraint }]);
  return out;
}
function byParent(relation: Relation): GroupEntries<Relation> {
  const out: [string, Relation][] = [];
  if (relation.partitionOf) out.push([keyOf(relation.partitionOf), relation]);
  for (const parent of relation.inherits) out.push([keyOf(parent), relation]);
  return out;
}

/** The derived lookups, each built on its first read and kept current by the writes after it. */
interface Derived {
  indexesByTable?: Grouping<Index, Index>;
  policiesByTable?: Grouping<Policy, Policy>;
  triggersByTable?: Grouping<Trigger, Trigger>;
  referencedBy?: Grouping<Relation, ForeignKeyLink>;
  children?: Grouping<Relation, Relation>;
  functionsByName?: Grouping<FunctionInfo, FunctionInfo>;
}

const MAP_FIELDS = ['schemaMap', 'extensionMap', 'relationMap', 'indexMap', 'sequenceMap', 'typeMap', 'functionMap', 'policyMap', 'triggerMap'] as const;
type MapField = (typeof MAP_FIELDS)[number];

export class Catalog implements CatalogView {
  searchPath: readonly string[] = DEFAULT_SEARCH_PATH;
  serverVersion?: number;
  private schemaMap: Map<string, SchemaInfo>;
  private extensionMap: Map<string, ExtensionInfo>;
  private relationMap: Map<string, Relation>;
  private indexMap: Map<string, Index>;
  private sequenceMap: Map<string, Sequence>;
  private typeMap: Map<string, TypeInfo>;
  /** Keyed by functionSignature. */
  private functionMap: Map<string, FunctionInfo>;
  /** Keyed by table key + policy name. */
  private policyMap: Map<string, Policy>;
  private triggerMap: Map<string, Trigger>;
  /** Not copied by clone(): a copy builds its own on first read. */
  private readonly derived: Derived = {};

  /**
   * Maps this catalog shares with a copy (or the catalog it was copied from): a write copies the map first.
   * Copies are therefore cheap, and only the maps a migration writes are ever duplicated.
   */
  private shared: Set<MapField> | undefined;

  constructor(
    readonly source: CatalogSource,
    from?: Catalog,
  ) {
    if (from) {
      this.schemaMap = from.schemaMap;
      this.extensionMap = from.extensionMap;
      this.relationMap = from.relationMap;
      this.indexMap = from.indexMap;
      this.sequenceMap = from.sequenceMap;
      this.typeMap = from.typeMap;
      this.functionMap = from.functionMap;
      this.policyMap = from.policyMap;
      this.triggerMap = from.triggerMap;
      this.searchPath = from.searchPath;
      this.serverVersion = from.serverVersion;
      this.shared = new Set(MAP_FIELDS);
      from.shared = new Set(MAP_FIELDS);
    } else {
      this.schemaMap = new Map([['public', { name: 'public' }]]);
      this.extensionMap = new Map();
      this.relationMap = new Map();
      this.indexMap = new Map();
      this.sequenceMap = new Map();
      this.typeMap = new Map();
      this.functionMap = new Map();
      this.policyMap = new Map();
      this.triggerMap = new Map();
    }
  }

  /** The map to write to: its own copy first when it is shared. */
  private writable<T>(field: MapField, map: Map<string, T>): Map<string, T> {
    if (!this.shared?.delete(field)) return map;
    const copy = new Map(map);
    (this as unknown as Record<MapField, Map<string, unknown>>)[field] = copy;
    return copy;
  }

  /** An independent copy: later changes to either do not show in the other. */
  clone(): Catalog {
    return new Catalog(this.source, this);
  }

  // ---- reads

  schema(name: string): SchemaInfo | undefined {
    return this.schemaMap.get(name);
  }
  schemas(): readonly SchemaInfo[] {
    return [...this.schemaMap.values()];
  }
  extension(name: string): ExtensionInfo | undefined {
    return this.extensionMap.get(name);
  }
  extensions(): readonly ExtensionInfo[] {
    return [...this.extensionMap.values()];
  }
  relation(name: QualifiedName): Relation | undefined {
    return this.relationMap.get(keyOf(name));
  }
  /** How many relations it holds (without listing them). */
  get relationCount(): number {
    return this.relationMap.size;
  }
  relations(): readonly Relation[] {
    return [...this.relationMap.values()];
  }
  index(name: QualifiedName): Index | undefined {
    return this.indexMap.get(keyOf(name));
  }
  indexes(): readonly Index[] {
    return [...this.indexMap.values()];
  }
  sequence(name: QualifiedName): Sequence | undefined {
    return this.sequenceMap.get(keyOf(name));
  }
  sequences(): readonly Sequence[] {
    return [...this.sequenceMap.values()];
  }
  type(name: QualifiedName): TypeInfo | undefined {
    return this.typeMap.get(keyOf(name));
  }
  types(): readonly TypeInfo[] {
    return [...this.typeMap.values()];
  }
  functionsNamed(name: QualifiedName): readonly FunctionInfo[] {
    return (this.derived.functionsByName ??= new Grouping(this.functionMap, byName)).get(keyOf(name));
  }
  functions(): readonly FunctionInfo[] {
    return [...this.functionMap.values()];
  }
  policies(): readonly Policy[] {
    return [...this.policyMap.values()];
  }
  triggers(): readonly Trigger[] {
    return [...this.triggerMap.values()];
  }

  /** True when a relation, index or sequence (pg_class's shared namespace) has this name. */
  hasRelationName(name: QualifiedName): boolean {
    const key = keyOf(name);
    return this.relationMap.has(key) || this.indexMap.has(key) || this.sequenceMap.has(key);
  }

  resolveRelation(ref: NameReference | string, searchPath?: readonly string[]): Relation | undefined {
    return this.resolveIn(ref, searchPath, (q) => this.relation(q));
  }
  resolveIndex(ref: NameReference | string, searchPath?: readonly string[]): Index | undefined {
    return this.resolveIn(ref, searchPath, (q) => this.index(q));
  }
  resolveSequence(ref: NameReference | string, searchPath?: readonly string[]): Sequence | undefined {
    return this.resolveIn(ref, searchPath, (q) => this.sequence(q));
  }
  resolveType(ref: NameReference | string, searchPath?: readonly string[]): TypeInfo | undefined {
    return this.resolveIn(ref, searchPath, (q) => this.type(q));
  }
  resolveFunctions(ref: NameReference | string, searchPath?: readonly string[]): readonly FunctionInfo[] {
    return this.resolveIn(ref, searchPath, (q) => {
      const found = this.functionsNamed(q);
      return found.length > 0 ? found : undefined;
    }) ?? [];
  }

  /** The first schema of the path (after pg_catalog) where `find` succeeds. */
  resolveIn<T>(ref: NameReference | string, searchPath: readonly string[] | undefined, find: (q: QualifiedName) => T | undefined): T | undefined {
    const reference = typeof ref === 'string' ? parseNameReference(ref) : ref;
    if (!reference) return undefined;
    if (reference.schema !== undefined) return find({ schema: reference.schema, name: reference.name });
    for (const schema of effectiveSearchPath(searchPath ?? this.searchPath)) {
      const hit = find({ schema, name: reference.name });
      if (hit !== undefined) return hit;
    }
    return undefined;
  }

  indexesOf(table: QualifiedName): readonly Index[] {
    return (this.derived.indexesByTable ??= new Grouping(this.indexMap, byTable)).get(keyOf(table));
  }
  policiesOf(table: QualifiedName): readonly Policy[] {
    return (this.derived.policiesByTable ??= new Grouping(this.policyMap, byTable)).get(keyOf(table));
  }
  triggersOf(table: QualifiedName): readonly Trigger[] {
    return (this.derived.triggersByTable ??= new Grouping(this.triggerMap, byTable)).get(keyOf(table));
  }
  foreignKeysOf(table: QualifiedName): readonly ForeignKeyLink[] {
    const relation = this.relation(table);
    if (!relation) return [];
    const at = { schema: relation.schema, name: relation.name };
    return relation.constraints.filter((c) => c.kind === 'foreign-key').map((constraint) => ({ table: at, constraint }));
  }
  referencedBy(table: QualifiedName): readonly ForeignKeyLink[] {
    return (this.derived.referencedBy ??= new Grouping(this.relationMap, byReferencedTable)).get(keyOf(table));
  }
  childrenOf(table: QualifiedName): readonly Relation[] {
    return (this.derived.children ??= new Grouping(this.relationMap, byParent)).get(keyOf(table));
  }

  entries(): readonly CatalogEntry[] {
    const out: CatalogEntry[] = [];
    for (const s of this.schemaMap.values()) out.push({ kind: 'schema', schema: s.name, name: s.name, object: s });
    for (const e of this.extensionMap.values()) out.push({ kind: 'extension', schema: e.schema, name: e.name, object: e });
    for (const r of this.relationMap.values()) {
      const table = { schema: r.schema, name: r.name };
      out.push({ kind: 'relation', schema: r.schema, name: r.name, object: r });
      for (const c of r.columns) out.push({ kind: 'column', schema: r.schema, name: c.name, table, object: c });
      for (const c of r.constraints) out.push({ kind: 'constraint', schema: r.schema, name: c.name, table, object: c });
    }
    for (const i of this.indexMap.values()) out.push({ kind: 'index', schema: i.schema, name: i.name, table: i.table, object: i });
    for (const s of this.sequenceMap.values()) out.push({ kind: 'sequence', schema: s.schema, name: s.name, object: s });
    for (const t of this.typeMap.values()) out.push({ kind: 'type', schema: t.schema, name: t.name, object: t });
    for (const f of this.functionMap.values()) out.push({ kind: 'function', schema: f.schema, name: f.name, object: f });
    for (const p of this.policyMap.values()) out.push({ kind: 'policy', schema: p.table.schema, name: p.name, table: p.table, object: p });
    for (const t of this.triggerMap.values()) out.push({ kind: 'trigger', schema: t.table.schema, name: t.name, table: t.table, object: t });
    return out;
  }

  // ---- writes (DDL application and introspection only)

  putSchema(schema: SchemaInfo): void {
    this.writable('schemaMap', this.schemaMap).set(schema.name, schema);
  }
  deleteSchema(name: string): void {
    this.writable('schemaMap', this.schemaMap).delete(name);
  }
  putExtension(extension: ExtensionInfo): void {
    this.writable('extensionMap', this.extensionMap).set(extension.name, extension);
  }
  deleteExtension(name: string): void {
    this.writable('extensionMap', this.extensionMap).delete(name);
  }
  putRelation(relation: Relation): void {
    const key = qualifiedKey(relation.schema, relation.name);
    const previous = this.relationMap.get(key);
    this.writable('relationMap', this.relationMap).set(key, relation);
    this.derived.referencedBy?.set(key, previous, relation);
    this.derived.children?.set(key, previous, relation);
  }
  deleteRelation(name: QualifiedName): void {
    const key = keyOf(name);
    const previous = this.relationMap.get(key);
    if (!previous) return;
    this.writable('relationMap', this.relationMap).delete(key);
    this.derived.referencedBy?.delete(key, previous);
    this.derived.children?.delete(key, previous);
  }
  putIndex(index: Index): void {
    const key = qualifiedKey(index.schema, index.name);
    this.derived.indexesByTable?.set(key, this.indexMap.get(key), index);
    this.writable('indexMap', this.indexMap).set(key, index);
  }
  deleteIndex(name: QualifiedName): void {
    const key = keyOf(name);
    const previous = this.indexMap.get(key);
    if (previous) this.derived.indexesByTable?.delete(key, previous);
    this.writable('indexMap', this.indexMap).delete(key);
  }
  putSequence(sequence: Sequence): void {
    this.writable('sequenceMap', this.sequenceMap).set(qualifiedKey(sequence.schema, sequence.name), sequence);
  }
  deleteSequence(name: QualifiedName): void {
    this.writable('sequenceMap', this.sequenceMap).delete(keyOf(name));
  }
  putType(type: TypeInfo): void {
    this.writable('typeMap', this.typeMap).set(qualifiedKey(type.schema, type.name), type);
  }
  deleteType(name: QualifiedName): void {
    this.writable('typeMap', this.typeMap).delete(keyOf(name));
  }
  putFunction(fn: FunctionInfo): void {
    const key = functionSignature(fn);
    this.derived.functionsByName?.set(key, this.functionMap.get(key), fn);
    this.writable('functionMap', this.functionMap).set(key, fn);
  }
  deleteFunction(fn: FunctionInfo): void {
    const key = functionSignature(fn);
    const previous = this.functionMap.get(key);
    if (previous) this.derived.functionsByName?.delete(key, previous);
    this.writable('functionMap', this.functionMap).delete(key);
  }
  putPolicy(policy: Policy): void {
    const key = qualifiedKey(keyOf(policy.table), policy.name);
    this.derived.policiesByTable?.set(key, this.policyMap.get(key), policy);
    this.writable('policyMap', this.policyMap).set(key, policy);
  }
  deletePolicy(table: QualifiedName, name: string): void {
    const key = qualifiedKey(keyOf(table), name);
    const previous = this.policyMap.get(key);
    if (previous) this.derived.policiesByTable?.delete(key, previous);
    this.writable('policyMap', this.policyMap).delete(key);
  }
  putTrigger(trigger: Trigger): void {
    const key = qualifiedKey(keyOf(trigger.table), trigger.name);
    this.derived.triggersByTable?.set(key, this.triggerMap.get(key), trigger);
    this.writable('triggerMap', this.triggerMap).set(key, trigger);
  }
  deleteTrigger(table: QualifiedName, name: string): void {
    const key = qualifiedKey(keyOf(table), name);
    const previous = this.triggerMap.get(key);
    if (previous) this.derived.triggersByTable?.delete(key, previous);
    this.writable('triggerMap', this.triggerMap).delete(key);
  }
}
