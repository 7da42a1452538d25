/**
 * The index advisor's vocabulary: how a query uses a table's columns (read from its AST), what the catalog
 * says about those tables (columns, statistics, existing indexes), and the candidate indexes built from both.
 */

/** How a predicate or clause uses a column. */
export type ColumnUseKind =
  | 'equality'
  | 'membership'
  | 'range'
  | 'join'
  | 'null'
  | 'pattern'
  | 'containment'
  | 'jsonb-key';

export interface ColumnUse {
  readonly column: string;
  readonly kind: ColumnUseKind;
  /** The constant compared with (`status = 'pending'` -> pending), to look up in pg_stats' common values. */
  readonly constant?: string;
  /** The condition as a partial index predicate (`status = 'pending'`, `deleted_at IS NULL`), when it is constant. */
  readonly predicateSql?: string;
  /** The operator as written (`@>`, `&&`, `~~`, ...). */
  readonly operator?: string;
}

export interface SortColumn {
  readonly column: string;
  readonly descending: boolean;
}

/** A table as a query scope names it: the relation as written (schema when written) and its alias. */
export interface TableRef {
  readonly schema?: string;
  readonly name: string;
  /** The name the query uses for it: the alias, else the relation name. */
  readonly alias: string;
}

/** Everything one table contributes to one query block (a SELECT, UPDATE or DELETE, or a subquery). */
export interface TableUsage {
  readonly table: TableRef;
  readonly uses: readonly ColumnUse[];
  /** ORDER BY on this table's columns only (empty when it mixes tables or sorts by expressions). */
  readonly orderBy: readonly SortColumn[];
  readonly groupBy: readonly string[];
  /** Columns the block reads from this table; undefined when it reads them all (`*`, `t.*`, a whole row). */
  readonly selected: readonly string[] | undefined;
  /** The block has LIMIT (ORDER BY ... LIMIT is where a sorted index shines). */
  readonly limited: boolean;
}

export interface QueryShape {
  readonly usages: readonly TableUsage[];
  /** Column references the advisor could not attribute to a table (several tables, none known to have it). */
  readonly unresolved: readonly string[];
}

/** Column statistics from pg_stats, as far as the advisor needs them. */
export interface ColumnStats {
  readonly nDistinct: number;
  readonly nullFrac: number;
  readonly mostCommonValues: readonly string[];
  readonly mostCommonFreqs: readonly number[];
}

export interface ExistingIndex {
  readonly name: string;
  readonly method: string;
  /** Key columns in order; null for an expression. */
  readonly keyColumns: readonly (string | null)[];
  readonly includeColumns: readonly string[];
  /** Operator class per key column (`jsonb_path_ops`, `gin_trgm_ops`, `int4_ops`). */
  readonly opclasses: readonly string[];
  /** pg_get_expr of the predicate, or null. */
  readonly predicate: string | null;
  readonly valid: boolean;
}

export interface TableFacts {
  readonly schema: string;
  readonly name: string;
  /** pg_class.reltuples (-1: never analysed). */
  readonly rows: number;
  /** Column name -> type name as format_type prints it (`jsonb`, `text[]`, `integer`). */
  readonly columnTypes: ReadonlyMap<string, string>;
  readonly stats: ReadonlyMap<string, ColumnStats>;
  readonly indexes: readonly ExistingIndex[];
}

export interface AdvisorEnvironment {
  /** Facts per table, keyed by `TableRef` as written (`schema.name` or `name`). */
  readonly tables: ReadonlyMap<string, TableFacts>;
  /** pg_trgm is installed in the database (trigram GIN candidates). */
  readonly trigram: boolean;
  readonly serverVersion: number;
}

export type IndexMethod = 'btree' | 'gin';

export interface IndexColumn {
  readonly column: string;
  readonly descending?: boolean;
  /** An operator class (`gin_trgm_ops`, `jsonb_path_ops`). */
  readonly opclass?: string;
}

export interface IndexCandidate {
  readonly schema: string;
  readonly table: string;
  readonly method: IndexMethod;
  readonly columns: readonly IndexColumn[];
  readonly include: readonly string[];
  /** A partial index's predicate as SQL (`status = 'pending'`). */
  readonly where?: string;
  /** The column the predicate tests, and its constant (for the name and the coverage check). */
  readonly whereColumn?: string;
  readonly whereLabel?: string;
  /** Leading key columns compared by equality: their order does not matter to a lookup. */
  readonly equalityPrefix: number;
  /** Why this candidate: the query's predicates or clauses it serves. */
  readonly reason: string;
}

/** A candidate an existing index already serves. */
export interface CoveredCandidate {
  readonly candidate: IndexCandidate;
  readonly existing: string;
}

export interface CandidateSet {
  readonly candidates: readonly IndexCandidate[];
  readonly covered: readonly CoveredCandidate[];
  /** Things worth saying about what was not proposed (pg_trgm missing, ...). */
  readonly notes: readonly string[];
}
