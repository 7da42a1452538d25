/**
 * The catalog: every schema object by qualified name, lookups through a search_path, and the derived views
 * that analysis needs (indexes of a table, foreign keys both ways). `CatalogView` is the read-only face that
 * rules, hover and completion use; `Catalog` adds the mutations that DDL application and introspection make.
 * Copying is cheap (maps of immutable records), so incremental application keeps one copy per file.
 */
import type { Constraint, ExtensionInfo, FunctionInfo, Index, ObjectKind, Policy, Relation, SchemaInfo, Sequence, Trigger, TypeInfo } from './model';
import { functionSignature } from './model';
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

interface Derived {
  indexesByTable: Map<string, Index[]>;
  policiesByTable: Map<string, Policy[]>;
  triggersByTable: Map<string, Trigger[]>;
  referencedBy: Map<string, ForeignKeyLink[]>;
  children: Map<string, Relation[]>;
  functionsByName: Map<string, FunctionInfo[]>;
}

const keyOf = (q: QualifiedName): string => qualifiedKey(q.schema, q.name);

export class Catalog implements CatalogView {
  searchPath: readonly string[] = DEFAULT_SEARCH_PATH;
  serverVersion?: number;
  private readonly schemaMap: Map<string, SchemaInfo>;
  private readonly extensionMap: Map<string, ExtensionInfo>;
  private readonly relationMap: Map<string, Relation>;
  private readonly indexMap: Map<string, Index>;
  private readonly sequenceMap: Map<string, Sequence>;
  private readonly typeMap: Map<string, TypeInfo>;
  /** Keyed by functionSignature. */
  private readonly functionMap: Map<string, FunctionInfo>;
  /** Keyed by table key + policy name. */
  private readonly policyMap: Map<string, Policy>;
  private readonly triggerMap: Map<string, Trigger>;
  private derived: Derived | undefined;

  constructor(
    readonly source: CatalogSource,
    from?: Catalog,
  ) {
    this.schemaMap = new Map(from?.schemaMap ?? [['public', { name: 'public' }]]);
    this.extensionMap = new Map(from?.extensionMap);
    this.relationMap = new Map(from?.relationMap);
    this.indexMap = new Map(from?.indexMap);
    this.sequenceMap = new Map(from?.sequenceMap);
    this.typeMap = new Map(from?.typeMap);
    this.functionMap = new Map(from?.functionMap);
    this.policyMap = new Map(from?.policyMap);
    this.triggerMap = new Map(from?.triggerMap);
    if (from) {
      this.searchPath = from.searchPath;
      this.serverVersion = from.serverVersion;
    }
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
    return this.view().functionsByName.get(keyOf(name)) ?? [];
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
    return this.view().indexesByTable.get(keyOf(table)) ?? [];
  }
  policiesOf(table: QualifiedName): readonly Policy[] {
    return this.view().policiesByTable.get(keyOf(table)) ?? [];
  }
  triggersOf(table: QualifiedName): readonly Trigger[] {
    return this.view().triggersByTable.get(keyOf(table)) ?? [];
  }
  foreignKeysOf(table: QualifiedName): readonly ForeignKeyLink[] {
    const relation = this.relation(table);
    if (!relation) return [];
    const at = { schema: relation.schema, name: relation.name };
    return relation.constraints.filter((c) => c.kind === 'foreign-key').map((constraint) => ({ table: at, constraint }));
  }
  referencedBy(table: QualifiedName): readonly ForeignKeyLink[] {
    return this.view().referencedBy.get(keyOf(table)) ?? [];
  }
  childrenOf(table: QualifiedName): readonly Relation[] {
    return this.view().children.get(keyOf(table)) ?? [];
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
    this.schemaMap.set(schema.name, schema);
    this.changed();
  }
  deleteSchema(name: string): void {
    this.schemaMap.delete(name);
    this.changed();
  }
  putExtension(extension: ExtensionInfo): void {
    this.extensionMap.set(extension.name, extension);
    this.changed();
  }
  deleteExtension(name: string): void {
    this.extensionMap.delete(name);
    this.changed();
  }
  putRelation(relation: Relation): void {
    this.relationMap.set(qualifiedKey(relation.schema, relation.name), relation);
    this.changed();
  }
  deleteRelation(name: QualifiedName): void {
    this.relationMap.delete(keyOf(name));
    this.changed();
  }
  putIndex(index: Index): void {
    this.indexMap.set(qualifiedKey(index.schema, index.name), index);
    this.changed();
  }
  deleteIndex(name: QualifiedName): void {
    this.indexMap.delete(keyOf(name));
    this.changed();
  }
  putSequence(sequence: Sequence): void {
    this.sequenceMap.set(qualifiedKey(sequence.schema, sequence.name), sequence);
    this.changed();
  }
  deleteSequence(name: QualifiedName): void {
    this.sequenceMap.delete(keyOf(name));
    this.changed();
  }
  putType(type: TypeInfo): void {
    this.typeMap.set(qualifiedKey(type.schema, type.name), type);
    this.changed();
  }
  deleteType(name: QualifiedName): void {
    this.typeMap.delete(keyOf(name));
    this.changed();
  }
  putFunction(fn: FunctionInfo): void {
    this.functionMap.set(functionSignature(fn), fn);
    this.changed();
  }
  deleteFunction(fn: FunctionInfo): void {
    this.functionMap.delete(functionSignature(fn));
    this.changed();
  }
  putPolicy(policy: Policy): void {
    this.policyMap.set(qualifiedKey(keyOf(policy.table), policy.name), policy);
    this.changed();
  }
  deletePolicy(table: QualifiedName, name: string): void {
    this.policyMap.delete(qualifiedKey(keyOf(table), name));
    this.changed();
  }
  putTrigger(trigger: Trigger): void {
    this.triggerMap.set(qualifiedKey(keyOf(trigger.table), trigger.name), trigger);
    this.changed();
  }
  deleteTrigger(table: QualifiedName, name: string): void {
    this.triggerMap.delete(qualifiedKey(keyOf(table), name));
    this.changed();
  }

  private changed(): void {
    this.derived = undefined;
  }

  /** Builds the derived lookups once per state: mutations come in bursts, reads in bursts after them. */
  private view(): Derived {
    if (this.derived) return this.derived;
    const push = <T>(map: Map<string, T[]>, key: string, value: T): void => {
      const list = map.get(key);
      if (list) list.push(value);
      else map.set(key, [value]);
    };
    const d: Derived = {
      indexesByTable: new Map(),
      policiesByTable: new Map(),
      triggersByTable: new Map(),
      referencedBy: new Map(),
      children: new Map(),
      functionsByName: new Map(),
    };
    for (const index of this.indexMap.values()) push(d.indexesByTable, keyOf(index.table), index);
    for (const policy of this.policyMap.values()) push(d.policiesByTable, keyOf(policy.table), policy);
    for (const trigger of this.triggerMap.values()) push(d.triggersByTable, keyOf(trigger.table), trigger);
    for (const fn of this.functionMap.values()) push(d.functionsByName, qualifiedKey(fn.schema, fn.name), fn);
    for (const relation of this.relationMap.values()) {
      const table = { schema: relation.schema, name: relation.name };
      for (const constraint of relation.constraints) {
        if (constraint.references) push(d.referencedBy, keyOf(constraint.references.table), { table, constraint });
      }
      if (relation.partitionOf) push(d.children, keyOf(relation.partitionOf), relation);
      for (const parent of relation.inherits) push(d.children, keyOf(parent), relation);
    }
    this.derived = d;
    return d;
  }
}
