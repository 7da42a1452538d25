/**
 * The catalog model: what an architect knows about a database's schema, whether it was built from the
 * workspace's DDL or read from pg_catalog. Records are immutable; names are stored folded (as PostgreSQL
 * stores them); types are in format_type's display form (see types.ts); expressions are SQL text.
 */
import type { OffsetRange } from '../parse/positions';
import type { QualifiedName } from './names';

/** Where an object was defined (or last redefined) in the workspace: a file and a UTF-16 range in it. */
export interface SourceLocation {
  readonly file: string;
  readonly range: OffsetRange;
}

/** Every catalog object: `location` is absent for objects read from a database. */
export interface CatalogObject {
  readonly location?: SourceLocation;
  readonly comment?: string;
  /** Created by this extension (objects read from a database; DDL never shows extension members). */
  readonly extension?: string;
}

export interface SchemaInfo extends CatalogObject {
  readonly name: string;
}

export interface ExtensionInfo extends CatalogObject {
  readonly name: string;
  readonly schema: string;
  readonly version?: string;
}

/** An expression as SQL text: written source for DDL, pg_get_expr's output for a database. */
export interface Expression {
  readonly text: string;
}

export interface Column extends CatalogObject {
  readonly name: string;
  /** format_type display form: `integer`, `character varying(20)`, `public.mood[]`. */
  readonly type: string;
  readonly notNull: boolean;
  readonly default?: Expression;
  /** `GENERATED ALWAYS AS (expr) STORED|VIRTUAL`, with the expression in `generatedExpression`. */
  readonly generated?: 'stored' | 'virtual';
  readonly generatedExpression?: Expression;
  readonly identity?: 'always' | 'by default';
  readonly collation?: string;
  /** Inherited from a parent table (inheritance or partitioning) rather than declared here. */
  readonly inherited?: boolean;
}

export type ForeignKeyAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export interface ForeignKeyReference {
  readonly table: QualifiedName;
  /** Referenced columns; empty when written without a list (the primary key, resolved when known). */
  readonly columns: readonly string[];
  readonly onDelete: ForeignKeyAction;
  readonly onUpdate: ForeignKeyAction;
  readonly match: 'simple' | 'full' | 'partial';
}

export type ConstraintKind = 'primary-key' | 'unique' | 'check' | 'foreign-key' | 'exclusion';

export interface Constraint extends CatalogObject {
  readonly name: string;
  readonly kind: ConstraintKind;
  /** Constrained columns (check constraints: the columns the expression reads, as pg_constraint.conkey). */
  readonly columns: readonly string[];
  /** CHECK expression, or the exclusion's `WHERE` predicate. */
  readonly expression?: Expression;
  readonly references?: ForeignKeyReference;
  readonly deferrable: boolean;
  readonly initiallyDeferred: boolean;
  /** False for NOT VALID constraints not validated yet. */
  readonly validated: boolean;
  /** The index that implements a primary key, unique or exclusion constraint. */
  readonly index?: string;
  readonly nullsNotDistinct?: boolean;
  /** Declared on a parent table and inherited. */
  readonly inherited?: boolean;
}

export type RelationKind = 'table' | 'partitioned-table' | 'view' | 'materialized-view' | 'foreign-table';

export interface PartitionInfo {
  /** `RANGE (created_at)`: the strategy and key as written / as pg_get_partkeydef prints them. */
  readonly strategy: 'range' | 'list' | 'hash';
  readonly key: string;
}

export interface Relation extends CatalogObject {
  readonly kind: RelationKind;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly Column[];
  readonly constraints: readonly Constraint[];
  readonly persistence: 'permanent' | 'unlogged' | 'temporary';
  /** Parents by INHERITS (not partitioning). */
  readonly inherits: readonly QualifiedName[];
  /** For a partitioned table: how it is partitioned. */
  readonly partitioning?: PartitionInfo;
  /** For a partition: its parent and bound (`FOR VALUES FROM (...) TO (...)`, `DEFAULT`). */
  readonly partitionOf?: QualifiedName;
  readonly partitionBound?: string;
  /** View / materialized view query text. */
  readonly query?: string;
  readonly rowSecurity: boolean;
  readonly forceRowSecurity: boolean;
  /** From a database: pg_class.reltuples (undefined when never analyzed) and pg_total_relation_size. */
  readonly rowEstimate?: number;
  readonly totalBytes?: number;
}

export interface IndexKey {
  /** A plain column key; otherwise `expression` holds the key's expression. */
  readonly column?: string;
  readonly expression?: Expression;
  readonly descending?: boolean;
  readonly nullsFirst?: boolean;
  readonly opclass?: string;
  readonly collation?: string;
}

export interface Index extends CatalogObject {
  readonly schema: string;
  readonly name: string;
  readonly table: QualifiedName;
  readonly method: string;
  readonly unique: boolean;
  readonly primary: boolean;
  readonly keys: readonly IndexKey[];
  /** INCLUDE columns. */
  readonly include: readonly string[];
  /** Partial index predicate. */
  readonly predicate?: Expression;
  readonly nullsNotDistinct: boolean;
  /** The constraint this index implements (primary key, unique, exclusion), if any. */
  readonly constraint?: string;
  readonly valid: boolean;
  readonly totalBytes?: number;
}

export interface Sequence extends CatalogObject {
  readonly schema: string;
  readonly name: string;
  readonly type: string;
  readonly start?: number;
  readonly increment?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly cache?: number;
  readonly cycle?: boolean;
  /** `OWNED BY table.column` (serial and identity columns own theirs). */
  readonly ownedBy?: { readonly table: QualifiedName; readonly column: string };
}

export interface DomainCheck {
  readonly name: string;
  readonly expression: Expression;
}

export type TypeInfo =
  | (TypeCommon & { readonly kind: 'enum'; readonly labels: readonly string[] })
  | (TypeCommon & {
      readonly kind: 'domain';
      readonly baseType: string;
      readonly notNull: boolean;
      readonly default?: Expression;
      readonly checks: readonly DomainCheck[];
    })
  | (TypeCommon & { readonly kind: 'composite'; readonly attributes: readonly { readonly name: string; readonly type: string }[] })
  | (TypeCommon & { readonly kind: 'range'; readonly subtype: string })
  | (TypeCommon & { readonly kind: 'base' });

export interface TypeCommon extends CatalogObject {
  readonly schema: string;
  readonly name: string;
}

export type RoutineKind = 'function' | 'procedure' | 'aggregate' | 'window';

export interface FunctionArgument {
  readonly name?: string;
  readonly type: string;
  readonly mode: 'in' | 'out' | 'inout' | 'variadic' | 'table';
  readonly hasDefault: boolean;
}

export interface FunctionInfo extends CatalogObject {
  readonly schema: string;
  readonly name: string;
  readonly kind: RoutineKind;
  readonly arguments: readonly FunctionArgument[];
  /** Display form of the result (`SETOF ...`, `TABLE(...)` as `record`), absent for procedures. */
  readonly returnType?: string;
  readonly language: string;
  readonly volatility: 'immutable' | 'stable' | 'volatile';
  readonly securityDefiner: boolean;
}

export interface Policy extends CatalogObject {
  readonly name: string;
  readonly table: QualifiedName;
  readonly command: 'all' | 'select' | 'insert' | 'update' | 'delete';
  readonly permissive: boolean;
  readonly roles: readonly string[];
  readonly using?: Expression;
  readonly withCheck?: Expression;
}

export interface Trigger extends CatalogObject {
  readonly name: string;
  readonly table: QualifiedName;
  readonly function: QualifiedName;
  readonly timing: 'before' | 'after' | 'instead of';
  readonly events: readonly ('insert' | 'update' | 'delete' | 'truncate')[];
  readonly forEachRow: boolean;
}

/** The kinds of object the catalog holds, for references and symbol lists. */
export type ObjectKind = 'schema' | 'extension' | 'relation' | 'column' | 'constraint' | 'index' | 'sequence' | 'type' | 'function' | 'policy' | 'trigger';

/** Stable identity of a function: `schema.name(argtype, ...)` over its input argument types. */
export function functionSignature(f: Pick<FunctionInfo, 'schema' | 'name' | 'arguments'>): string {
  const inputs = f.arguments.filter((a) => a.mode !== 'out' && a.mode !== 'table').map((a) => a.type);
  return `${f.schema}.${f.name}(${inputs.join(', ')})`;
}
