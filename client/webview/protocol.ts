/** Messages between the extension (client/plan-panel) and the plan viewer; both sides import these types. */
import type { PlanComparison, PlanView, ViewInsight } from '../../core/explain/view';
import type { ViewAdviceItem } from '../../core/explain/view/advice';

export interface RunInfo {
  readonly id: string;
  /** "EXPLAIN ANALYZE, 10:42:07". */
  readonly label: string;
  /** Where the plan comes from ("embedded PostgreSQL (PGlite)", "me@db:5432/shop", "pasted plan"). */
  readonly database: string;
  /** What the reader must know about the plan (e.g. empty embedded tables). */
  readonly note: string | null;
  /** Whether the plan's nodes can be linked to an open editor. */
  readonly linked: boolean;
  /** Whether the index advisor can run for this plan's statement (it came from Explain on a database). */
  readonly canAdviseIndexes?: boolean;
  /** The index advisor is already running for this plan (its insights propose an index): its verdicts follow. */
  readonly advising?: boolean;
  /** The tab to open on ("Advise Indexes" opens on the insights and the advisor's section). */
  readonly tab?: 'insights';
}

/** The index advisor's verdict on one candidate, as the viewer shows it. */
/** One candidate of the advisor's section (core/explain/view/advice.ts). */
export type IndexAdviceItem = ViewAdviceItem;

export type HostMessage =
  | { readonly type: 'show'; readonly run: RunInfo; readonly view: PlanView; readonly history: readonly RunInfo[] }
  | { readonly type: 'history'; readonly history: readonly RunInfo[] }
  /** Nodes the editor's cursor is in (source link, editor -> plan). */
  | { readonly type: 'highlight'; readonly nodeIds: readonly number[] }
  | {
      readonly type: 'indexAdvice';
      /** The run it is for (absent: the run on screen). */
      readonly runId?: string;
      readonly route: string;
      readonly items: readonly IndexAdviceItem[];
      readonly notes: readonly string[];
      readonly error?: string;
      /** The run's insights with the advisor's verdicts on the indexes they propose (same order and count). */
      readonly insights?: readonly ViewInsight[];
    }
  | {
      readonly type: 'comparison';
      readonly left: RunInfo;
      readonly right: RunInfo;
      readonly leftView: PlanView;
      readonly rightView: PlanView;
      readonly comparison: PlanComparison;
    };

export type ViewerMessage =
  | { readonly type: 'ready' }
  /** A node was selected (source link, plan -> editor); null clears. */
  | { readonly type: 'select'; readonly nodeId: number | null }
  | { readonly type: 'insertSql'; readonly sql: string }
  | { readonly type: 'copy'; readonly what: 'json' | 'text' }
  | { readonly type: 'save' }
  | { readonly type: 'compare'; readonly left: string; readonly right: string }
  | { readonly type: 'showRun'; readonly id: string }
  /** Run the index advisor on the plan's statement (candidates verified by the planner). */
  | { readonly type: 'adviseIndexes' }
  /** Write the advised index (by name) into a migration of the workspace. */
  | { readonly type: 'addIndexToMigration'; readonly name: string };

/** What the viewer keeps across reloads (webview state). */
export interface ViewerState {
  readonly run: RunInfo;
  readonly view: PlanView;
  readonly history: readonly RunInfo[];
  readonly tab: string;
  readonly colorBy: ColorMode;
  readonly collapsed: readonly number[];
  readonly selected: number | null;
}

export type ColorMode = 'time' | 'cost' | 'rows' | 'estimate' | 'buffers';
