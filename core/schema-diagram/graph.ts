/**
 * The schema as a diagram sees it: tables (with their partitions folded in), views, enums, grouped by schema, and
 * foreign keys as edges with their cardinality and whether an index serves them. Plain data (JSON-safe): built in
 * core (from-catalog.ts), sent to the webview, exported by the CLI (export/*.ts), laid out by layout.ts.
 */

/** What a comparison of two points in the history says about an object (compare.ts). */
export type Change = 'added' | 'dropped' | 'altered';

/** Where an object is defined: a workspace file and a UTF-16 offset range in it. */
export interface DiagramLocation {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

export interface DiagramColumn {
  readonly name: string;
  /** format_type's form; empty for a view column whose type the DDL does not tell (an expression). */
  readonly type: string;
  readonly notNull: boolean;
  readonly primaryKey: boolean;
  /** Part of a foreign key this table declares. */
  readonly foreignKey: boolean;
  /** Alone or with others under a UNIQUE constraint or unique index. */
  readonly unique: boolean;
  /** The leading key column of some index (a lookup by it can use an index). */
  readonly indexed: boolean;
  /** An enum of the diagram, by node id, when the column's type is one. */
  readonly enumType?: string;
  readonly default?: string;
  readonly comment?: string;
  readonly location?: DiagramLocation;
  readonly change?: Change;
  /** For an altered column: what was before ("type integer -> bigint"). */
  readonly was?: string;
}

/** A finding of the schema rules about this table (the same ids and messages as the rules'). */
export interface DiagramBadge {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly message: string;
  readonly location?: DiagramLocation;
}

export type DiagramNodeKind = 'table' | 'partitioned-table' | 'view' | 'materialized-view' | 'foreign-table' | 'enum';

export interface DiagramNode {
  /** `schema.name`, as stored (folded). */
  readonly id: string;
  readonly kind: DiagramNodeKind;
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly DiagramColumn[];
  /** For an enum: its labels in order. */
  readonly labels?: readonly string[];
  /** For a partitioned table: its partitions' names with their bounds; they are not nodes of their own. */
  readonly partitions?: readonly { readonly name: string; readonly bound?: string }[];
  readonly partitioning?: string;
  readonly comment?: string;
  readonly rowEstimate?: number;
  readonly totalBytes?: number;
  readonly badges: readonly DiagramBadge[];
  readonly location?: DiagramLocation;
  /** The schema files that created or changed it, in migration order (from history.ts). */
  readonly history?: readonly DiagramLocation[];
  readonly change?: Change;
}

export type EdgeKind = 'foreign-key' | 'view-reads';

export interface DiagramEdge {
  readonly id: string;
  readonly kind: EdgeKind;
  /** The referencing table (foreign key) or the view. */
  readonly from: string;
  /** The referenced node; a key to a table the schema does not hold points at no node (renderers skip it). */
  readonly to: string;
  readonly fromColumns: readonly string[];
  readonly toColumns: readonly string[];
  readonly name?: string;
  /** Rows of `from` per row of `to`: many (`*`) or at most one (the key columns are unique). */
  readonly cardinality?: 'many-to-one' | 'one-to-one';
  /** The referencing side may be NULL: zero or one parent. */
  readonly optional?: boolean;
  /** An index of `from` serves the key's lookups (deletes of parents, joins). */
  readonly indexed?: boolean;
  readonly onDelete?: string;
  readonly onUpdate?: string;
  readonly validated?: boolean;
  readonly location?: DiagramLocation;
  readonly change?: Change;
}

export interface SchemaGraph {
  /** Where the schema was read: the workspace's DDL (at a point of its history) or a database. */
  readonly source: { readonly kind: 'workspace' | 'database'; readonly label: string };
  readonly schemas: readonly string[];
  readonly nodes: readonly DiagramNode[];
  readonly edges: readonly DiagramEdge[];
  /** When the graph shows a comparison: the two points compared. */
  readonly compared?: { readonly from: string; readonly to: string };
}

export function nodeId(schema: string, name: string): string {
  return `${schema}.${name}`;
}

/** A catalog object's location as the diagram carries it (absent for objects read from a database). */
export function diagramLocation(object: { readonly location?: { readonly file: string; readonly range: { readonly start: number; readonly end: number } } }): DiagramLocation | undefined {
  return object.location ? { file: object.location.file, start: object.location.range.start, end: object.location.range.end } : undefined;
}
