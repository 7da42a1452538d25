/**
 * The plan model: one shape for EXPLAIN output however it arrived (JSON, text, pasted from psql). Field names
 * follow PostgreSQL's JSON keys in camelCase; `raw` keeps every property PostgreSQL returned, so nothing is
 * lost for views that show it all.
 */

export interface Buffers {
  readonly sharedHit: number;
  readonly sharedRead: number;
  readonly sharedDirtied: number;
  readonly sharedWritten: number;
  readonly localHit: number;
  readonly localRead: number;
  readonly localDirtied: number;
  readonly localWritten: number;
  readonly tempRead: number;
  readonly tempWritten: number;
}

export const NO_BUFFERS: Buffers = {
  sharedHit: 0,
  sharedRead: 0,
  sharedDirtied: 0,
  sharedWritten: 0,
  localHit: 0,
  localRead: 0,
  localDirtied: 0,
  localWritten: 0,
  tempRead: 0,
  tempWritten: 0,
};

export interface PlanNode {
  /** Pre-order index in the plan (0 = root). */
  readonly id: number;
  readonly parentId: number | undefined;
  readonly children: PlanNode[];
  readonly nodeType: string;
  /** Outer / Inner / InitPlan / SubPlan / Member / Subquery, as PostgreSQL says. */
  readonly parentRelationship?: string;
  /** "InitPlan 1", "SubPlan 2", "CTE recent_orders". */
  readonly subplanName?: string;
  readonly cteName?: string;
  readonly relationName?: string;
  readonly schema?: string;
  readonly alias?: string;
  readonly indexName?: string;
  readonly functionName?: string;
  readonly joinType?: string;
  readonly strategy?: string;
  readonly operation?: string;
  readonly parallelAware: boolean;
  readonly startupCost?: number;
  readonly totalCost?: number;
  readonly planRows?: number;
  readonly planWidth?: number;
  /** Per-loop averages, as PostgreSQL reports them (ms); undefined without ANALYZE. */
  readonly actualStartupTime?: number;
  readonly actualTotalTime?: number;
  readonly actualRows?: number;
  readonly actualLoops?: number;
  /** ANALYZE ran but this node never did. */
  readonly neverExecuted: boolean;
  readonly workersPlanned?: number;
  readonly workersLaunched?: number;
  /** Conditions: Filter, Index Cond, Recheck Cond, Hash Cond, Merge Cond, Join Filter, ... */
  readonly conditions: Readonly<Record<string, string>>;
  readonly output?: readonly string[];
  readonly rowsRemovedByFilter?: number;
  readonly rowsRemovedByIndexRecheck?: number;
  readonly rowsRemovedByJoinFilter?: number;
  readonly heapFetches?: number;
  readonly exactHeapBlocks?: number;
  readonly lossyHeapBlocks?: number;
  readonly sortMethod?: string;
  readonly sortSpaceType?: string;
  /** kB */
  readonly sortSpaceUsed?: number;
  readonly sortKey?: readonly string[];
  readonly hashBuckets?: number;
  readonly hashBatches?: number;
  readonly originalHashBatches?: number;
  /** kB */
  readonly peakMemoryUsage?: number;
  /** kB (HashAgg spill) */
  readonly diskUsage?: number;
  readonly hashAggBatches?: number;
  readonly cacheHits?: number;
  readonly cacheMisses?: number;
  readonly cacheEvictions?: number;
  readonly cacheOverflows?: number;
  /** Inclusive of children, as PostgreSQL reports them. */
  readonly buffers: Buffers;
  readonly hasBuffers: boolean;
  /** ms */
  readonly ioReadTime?: number;
  readonly ioWriteTime?: number;
  readonly raw: Readonly<Record<string, unknown>>;
}

export interface Trigger {
  readonly name: string;
  /** The constraint a foreign-key (RI) trigger enforces. */
  readonly constraint?: string;
  /** The table the trigger fired on (for a foreign key's ON DELETE / ON UPDATE check: the referenced table). */
  readonly relation?: string;
  /** ms */
  readonly time: number;
  readonly calls: number;
}

export interface Jit {
  readonly functions?: number;
  /** ms */
  readonly generation?: number;
  readonly inlining?: number;
  readonly optimization?: number;
  readonly emission?: number;
  readonly total?: number;
}

export interface Plan {
  readonly root: PlanNode;
  /** Every node in pre-order (nodes[i].id === i). */
  readonly nodes: readonly PlanNode[];
  /** ms */
  readonly planningTime?: number;
  readonly executionTime?: number;
  readonly triggers: readonly Trigger[];
  readonly jit?: Jit;
  readonly settings: Readonly<Record<string, string>>;
  readonly queryText?: string;
  /** EXPLAIN ANALYZE output (actual times and rows). */
  readonly analyzed: boolean;
  readonly format: 'json' | 'text';
  /** The top-level object as PostgreSQL returned it (JSON input), for `planToJson`. */
  readonly original?: unknown;
}
