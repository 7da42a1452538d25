/** `buildPlanView`: the viewer's data from an analysed plan (metrics, insights, source links). */
import type { PlanAnalysis } from '../analyze';
import type { NodeMetrics } from '../metrics';
import { jsonText } from '../json-text';
import { nodeTitle } from '../titles';
import type { PlanView, ViewBuffers, ViewInsight, ViewNode } from './model';
import type { Insight } from '../insights/types';
import { nodeSourceSpans, queryReferences, subtreeScopes } from './source-map';

export interface PlanViewInput {
  /** The query the plan was made from (the editor's statement, or the plan's own "Query Text"). */
  readonly query?: string;
  /** The plan as received: PostgreSQL's JSON or pasted text. */
  readonly raw: string;
  /** The analysis as text, for the raw tab. */
  readonly text: string;
}

/** Properties shown by the card, grid or conditions list; the rest go to the details pane. */
const SHOWN = new Set(['Plans', 'Node Type', 'Relation Name', 'Index Name', 'Alias', 'Schema', 'Parent Relationship', 'Subplan Name', 'CTE Name']);

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' && v !== null ? jsonText(v) : String(v))).join(', ');
  if (typeof value === 'object' && value !== null) return jsonText(value);
  return String(value);
}

function buffersOf(m: NodeMetrics): ViewBuffers {
  const b = m.exclusiveBuffers;
  return {
    hit: b.sharedHit + b.localHit,
    read: b.sharedRead + b.localRead,
    dirtied: b.sharedDirtied + b.localDirtied,
    written: b.sharedWritten + b.localWritten,
    tempRead: b.tempRead,
    tempWritten: b.tempWritten,
  };
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined ? null : v);

export function buildPlanView(analysis: PlanAnalysis, input: PlanViewInput): PlanView {
  const plan = analysis.plan;
  const query = input.query ?? plan.queryText ?? null;
  const refs = query ? queryReferences(query) : { relations: [], columns: [], ctes: [] };
  const scopes = subtreeScopes(plan.nodes);
  const insightsByNode = new Map<number, number[]>();
  analysis.insights.forEach((insight, index) => {
    if (insight.nodeId === undefined) return;
    const list = insightsByNode.get(insight.nodeId) ?? [];
    list.push(index);
    insightsByNode.set(insight.nodeId, list);
  });
  let maxRows = 0;
  let maxBuffers = 0;
  let maxEstimateFactor = 1;
  const nodes: ViewNode[] = analysis.nodes.map((m) => {
    const n = m.node;
    const buffers = buffersOf(m);
    maxRows = Math.max(maxRows, m.actualRowsTotal ?? n.planRows ?? 0);
    maxBuffers = Math.max(maxBuffers, buffers.hit + buffers.read);
    maxEstimateFactor = Math.max(maxEstimateFactor, m.estimateFactor ?? 1);
    return {
      id: n.id,
      parentId: orNull(n.parentId),
      children: n.children.map((c) => c.id),
      title: nodeTitle(n),
      nodeType: n.nodeType,
      relation: n.relationName ? (n.schema ? `${n.schema}.${n.relationName}` : n.relationName) : null,
      index: orNull(n.indexName),
      alias: orNull(n.alias),
      subplanName: orNull(n.subplanName),
      cteName: orNull(n.cteName),
      parentRelationship: orNull(n.parentRelationship),
      parallelAware: n.parallelAware,
      workersPlanned: orNull(n.workersPlanned),
      workersLaunched: orNull(n.workersLaunched),
      neverExecuted: n.neverExecuted,
      inclusiveTime: orNull(m.inclusiveTime),
      exclusiveTime: orNull(m.exclusiveTime),
      exclusiveShare: orNull(m.exclusiveShare),
      startupCost: orNull(n.startupCost),
      totalCost: orNull(n.totalCost),
      exclusiveCost: orNull(m.exclusiveCost),
      actualRows: orNull(n.actualRows),
      planRows: orNull(n.planRows),
      loops: orNull(n.actualLoops),
      estimateFactor: orNull(m.estimateFactor),
      estimateDirection: orNull(m.estimateDirection),
      buffers,
      hasBuffers: n.hasBuffers,
      ioReadTime: orNull(n.ioReadTime),
      ioWriteTime: orNull(n.ioWriteTime),
      rowsRemovedByFilter: orNull(n.rowsRemovedByFilter),
      rowsRemovedByIndexRecheck: orNull(n.rowsRemovedByIndexRecheck),
      rowsRemovedByJoinFilter: orNull(n.rowsRemovedByJoinFilter),
      heapFetches: orNull(n.heapFetches),
      conditions: Object.entries(n.conditions),
      details: Object.entries(n.raw)
        .filter(([k]) => !SHOWN.has(k))
        .map(([k, v]) => [k, text(v)] as const),
      insights: insightsByNode.get(n.id) ?? [],
      source: query ? nodeSourceSpans(n, refs, scopes[n.id]) : [],
    };
  });
  return {
    nodes,
    insights: analysis.insights.map(viewInsight),
    analyzed: plan.analyzed,
    planningTime: orNull(plan.planningTime),
    executionTime: orNull(plan.executionTime),
    totalTime: orNull(analysis.totalTime),
    maxExclusiveTime: analysis.maxExclusiveTime,
    maxExclusiveCost: analysis.maxExclusiveCost,
    maxRows,
    maxBuffers,
    maxEstimateFactor,
    settings: Object.entries(plan.settings),
    triggers: plan.triggers.map((t) => ({ name: t.name, relation: orNull(t.relation), time: t.time, calls: t.calls })),
    jit: plan.jit ? Object.entries(plan.jit).map(([k, v]) => [k, String(v)] as const) : [],
    query,
    raw: input.raw,
    rawFormat: plan.format,
    text: input.text,
  };
}

/** An insight as the viewer shows it (also after the index advisor's verdicts replace the plan's own). */
export function viewInsight(i: Insight): ViewInsight {
  return { id: i.id, severity: i.severity, nodeId: orNull(i.nodeId), title: i.title, explanation: i.explanation, advice: i.advice, sql: orNull(i.sql) };
}
