/**
 * The plan as the viewer draws it: plain, serialisable data (it crosses the webview boundary as JSON), computed
 * once on the extension side from the plan model, its metrics and insights, so the browser code only renders.
 */
import type { InsightSeverity } from '../insights/types';

export interface SourceSpan {
  /** UTF-16 offsets into the query text the plan was made from. */
  readonly start: number;
  readonly end: number;
  /** What the span is: the relation a scan reads, a column a condition tests, ... */
  readonly role: 'relation' | 'condition' | 'cte' | 'sort' | 'group' | 'target';
}

export interface ViewBuffers {
  readonly hit: number;
  readonly read: number;
  readonly dirtied: number;
  readonly written: number;
  readonly tempRead: number;
  readonly tempWritten: number;
}

export interface ViewNode {
  readonly id: number;
  readonly parentId: number | null;
  readonly children: readonly number[];
  /** PostgreSQL's text-format wording: "Index Scan using orders_pkey on orders o". */
  readonly title: string;
  readonly nodeType: string;
  readonly relation: string | null;
  readonly index: string | null;
  readonly alias: string | null;
  /** "InitPlan 1", "SubPlan 2", "CTE recent": drawn as its own subtree, linked to where it is used. */
  readonly subplanName: string | null;
  readonly cteName: string | null;
  readonly parentRelationship: string | null;
  readonly parallelAware: boolean;
  readonly workersPlanned: number | null;
  readonly workersLaunched: number | null;
  readonly neverExecuted: boolean;
  /** ms */
  readonly inclusiveTime: number | null;
  readonly exclusiveTime: number | null;
  /** 0..1 of the query's time. */
  readonly exclusiveShare: number | null;
  readonly startupCost: number | null;
  readonly totalCost: number | null;
  readonly exclusiveCost: number | null;
  readonly actualRows: number | null;
  readonly planRows: number | null;
  readonly loops: number | null;
  readonly estimateFactor: number | null;
  readonly estimateDirection: 'under' | 'over' | 'exact' | null;
  /** Exclusive (this node's own) shared + local buffers, in 8 kB blocks. */
  readonly buffers: ViewBuffers;
  readonly hasBuffers: boolean;
  readonly ioReadTime: number | null;
  readonly ioWriteTime: number | null;
  readonly rowsRemovedByFilter: number | null;
  readonly rowsRemovedByIndexRecheck: number | null;
  readonly rowsRemovedByJoinFilter: number | null;
  readonly heapFetches: number | null;
  /** Filter, Index Cond, Hash Cond, ... in PostgreSQL's order. */
  readonly conditions: readonly (readonly [string, string])[];
  /** Every other property PostgreSQL reported, as text, for the details pane. */
  readonly details: readonly (readonly [string, string])[];
  /** Indexes into PlanView.insights. */
  readonly insights: readonly number[];
  readonly source: readonly SourceSpan[];
}

export interface ViewInsight {
  readonly id: string;
  readonly severity: InsightSeverity;
  readonly nodeId: number | null;
  readonly title: string;
  readonly explanation: string;
  readonly advice: string;
  readonly sql: string | null;
}

export interface PlanView {
  readonly nodes: readonly ViewNode[];
  readonly insights: readonly ViewInsight[];
  readonly analyzed: boolean;
  readonly planningTime: number | null;
  readonly executionTime: number | null;
  /** ms: execution time, else the root's inclusive time. */
  readonly totalTime: number | null;
  readonly maxExclusiveTime: number;
  readonly maxExclusiveCost: number;
  readonly maxRows: number;
  readonly maxBuffers: number;
  readonly maxEstimateFactor: number;
  readonly settings: readonly (readonly [string, string])[];
  readonly triggers: readonly { readonly name: string; readonly relation: string | null; readonly time: number; readonly calls: number }[];
  readonly jit: readonly (readonly [string, string])[];
  /** The query text the source spans point into, when known. */
  readonly query: string | null;
  /** The plan as PostgreSQL returned it: JSON text, or the pasted text. */
  readonly raw: string;
  readonly rawFormat: 'json' | 'text';
  /** The analysis as text (what `pg-architect plan` prints). */
  readonly text: string;
}
