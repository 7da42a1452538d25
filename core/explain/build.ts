/**
 * Builds the plan model from EXPLAIN's JSON shape (`{"Node Type": ..., "Plans": [...]}`). The text parser
 * produces that same shape, so JSON and text input meet here and give the same model by construction.
 */
import { NO_BUFFERS, type Buffers, type Jit, type Plan, type PlanNode, type Trigger } from './model';

export type RawNode = Readonly<Record<string, unknown>>;

/**
 * The top level as PostgreSQL writes it: Plan, Planning Time, Execution Time (Total Runtime on 9.3 and older),
 * Triggers, JIT, Settings, Query Text. Saved plans are user files: every value is read with its type checked.
 */
export interface RawTopLevel {
  readonly Plan: RawNode;
  readonly [key: string]: unknown;
}

const CONDITION_KEYS = ['Filter', 'Index Cond', 'Recheck Cond', 'Hash Cond', 'Merge Cond', 'Join Filter', 'One-Time Filter', 'TID Cond', 'Run Condition', 'Order By', 'Cache Key', 'Group Key'];

function num(raw: RawNode, key: string): number | undefined {
  const v = raw[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function str(raw: RawNode, key: string): string | undefined {
  const v = raw[key];
  return typeof v === 'string' ? v : undefined;
}

function isObject(v: unknown): v is RawNode {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function strings(raw: RawNode, key: string): string[] | undefined {
  const v = raw[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : undefined;
}

function buffersOf(raw: RawNode): { buffers: Buffers; hasBuffers: boolean } {
  const has = Object.keys(raw).some((k) => k.endsWith(' Blocks') && (k.startsWith('Shared') || k.startsWith('Local') || k.startsWith('Temp')));
  // EXPLAIN (BUFFERS) without ANALYZE (planning buffers, PostgreSQL 13+) gives every node zero counts: nothing ran.
  const ran = raw['Actual Loops'] !== undefined || raw['Actual Rows'] !== undefined || raw['Actual Total Time'] !== undefined;
  if (!has || !ran) return { buffers: NO_BUFFERS, hasBuffers: false };
  const b = (k: string): number => num(raw, k) ?? 0;
  return {
    hasBuffers: true,
    buffers: {
      sharedHit: b('Shared Hit Blocks'),
      sharedRead: b('Shared Read Blocks'),
      sharedDirtied: b('Shared Dirtied Blocks'),
      sharedWritten: b('Shared Written Blocks'),
      localHit: b('Local Hit Blocks'),
      localRead: b('Local Read Blocks'),
      localDirtied: b('Local Dirtied Blocks'),
      localWritten: b('Local Written Blocks'),
      tempRead: b('Temp Read Blocks'),
      tempWritten: b('Temp Written Blocks'),
    },
  };
}

export function buildPlan(top: RawTopLevel, format: 'json' | 'text', original?: unknown): Plan {
  const nodes: PlanNode[] = [];
  let analyzed = false;
  const makeNode = (raw: RawNode, parentId: number | undefined): PlanNode => {
    const id = nodes.length;
    const conditions: Record<string, string> = {};
    for (const key of CONDITION_KEYS) {
      const v = raw[key];
      if (typeof v === 'string') conditions[key] = v;
      else if (Array.isArray(v)) conditions[key] = v.map((x) => (x !== null && typeof x === 'object' ? '…' : String(x))).join(', '); // join would recurse into nested arrays
    }
    const { buffers, hasBuffers } = buffersOf(raw);
    const loops = num(raw, 'Actual Loops');
    const neverExecuted = raw['Never Executed'] === true || (loops === 0 && num(raw, 'Actual Total Time') !== undefined) || (loops === 0 && raw['Actual Rows'] !== undefined);
    if (loops !== undefined) analyzed = true;
    const node: PlanNode = {
      id,
      parentId,
      children: [],
      nodeType: str(raw, 'Node Type') ?? 'Unknown',
      parentRelationship: str(raw, 'Parent Relationship'),
      subplanName: str(raw, 'Subplan Name'),
      cteName: str(raw, 'CTE Name'),
      relationName: str(raw, 'Relation Name'),
      schema: str(raw, 'Schema'),
      alias: str(raw, 'Alias'),
      indexName: str(raw, 'Index Name'),
      functionName: str(raw, 'Function Name'),
      joinType: str(raw, 'Join Type'),
      strategy: str(raw, 'Strategy'),
      operation: str(raw, 'Operation'),
      parallelAware: raw['Parallel Aware'] === true,
      startupCost: num(raw, 'Startup Cost'),
      totalCost: num(raw, 'Total Cost'),
      planRows: num(raw, 'Plan Rows'),
      planWidth: num(raw, 'Plan Width'),
      actualStartupTime: num(raw, 'Actual Startup Time'),
      actualTotalTime: num(raw, 'Actual Total Time'),
      actualRows: num(raw, 'Actual Rows'),
      actualLoops: loops,
      neverExecuted,
      workersPlanned: num(raw, 'Workers Planned'),
      workersLaunched: num(raw, 'Workers Launched'),
      conditions,
      output: strings(raw, 'Output'),
      rowsRemovedByFilter: num(raw, 'Rows Removed by Filter'),
      rowsRemovedByIndexRecheck: num(raw, 'Rows Removed by Index Recheck'),
      rowsRemovedByJoinFilter: num(raw, 'Rows Removed by Join Filter'),
      heapFetches: num(raw, 'Heap Fetches'),
      exactHeapBlocks: num(raw, 'Exact Heap Blocks'),
      lossyHeapBlocks: num(raw, 'Lossy Heap Blocks'),
      sortMethod: str(raw, 'Sort Method'),
      sortSpaceType: str(raw, 'Sort Space Type'),
      sortSpaceUsed: num(raw, 'Sort Space Used'),
      sortKey: strings(raw, 'Sort Key'),
      hashBuckets: num(raw, 'Hash Buckets'),
      hashBatches: num(raw, 'Hash Batches'),
      originalHashBatches: num(raw, 'Original Hash Batches'),
      peakMemoryUsage: num(raw, 'Peak Memory Usage'),
      diskUsage: num(raw, 'Disk Usage'),
      hashAggBatches: num(raw, 'HashAgg Batches'),
      cacheHits: num(raw, 'Cache Hits'),
      cacheMisses: num(raw, 'Cache Misses'),
      cacheEvictions: num(raw, 'Cache Evictions'),
      cacheOverflows: num(raw, 'Cache Overflows'),
      buffers,
      hasBuffers,
      ioReadTime: num(raw, 'I/O Read Time') ?? num(raw, 'Shared I/O Read Time'),
      ioWriteTime: num(raw, 'I/O Write Time') ?? num(raw, 'Shared I/O Write Time'),
      raw,
    };
    nodes.push(node);
    return node;
  };
  // Pre-order with an explicit stack: a plan may be nested deeper than the call stack allows.
  const pending: { raw: RawNode; parent: PlanNode | undefined }[] = [{ raw: top.Plan, parent: undefined }];
  while (pending.length > 0) {
    const { raw, parent } = pending.pop()!;
    const node = makeNode(raw, parent?.id);
    parent?.children.push(node);
    const plans = raw.Plans;
    if (Array.isArray(plans)) {
      for (let i = plans.length - 1; i >= 0; i--) if (plans[i] && typeof plans[i] === 'object') pending.push({ raw: plans[i] as RawNode, parent: node });
    }
  }
  const root = nodes[0];
  const triggers: Trigger[] = (Array.isArray(top.Triggers) ? top.Triggers : []).filter(isObject).map((t) => ({
    name: str(t, 'Trigger Name') ?? str(t, 'Constraint Name') ?? 'trigger',
    ...(str(t, 'Constraint Name') !== undefined ? { constraint: str(t, 'Constraint Name') } : {}),
    relation: str(t, 'Relation'),
    time: num(t, 'Time') ?? 0,
    calls: num(t, 'Calls') ?? 0,
  }));
  const jitRaw = isObject(top.JIT) ? top.JIT : undefined;
  const timing = jitRaw && typeof jitRaw.Timing === 'object' && jitRaw.Timing ? (jitRaw.Timing as RawNode) : undefined;
  const phase = (key: string): number | undefined => {
    const v = timing?.[key];
    if (typeof v === 'number') return v;
    if (v && typeof v === 'object') return num(v as RawNode, 'Total');
    return undefined;
  };
  const jit: Jit | undefined = jitRaw
    ? { functions: num(jitRaw, 'Functions'), generation: phase('Generation'), inlining: phase('Inlining'), optimization: phase('Optimization'), emission: phase('Emission'), total: phase('Total') }
    : undefined;
  const settings: Record<string, string> = {};
  if (isObject(top.Settings)) for (const [k, v] of Object.entries(top.Settings)) settings[k] = v !== null && typeof v === 'object' ? '…' : String(v);
  return {
    root,
    nodes,
    // A time that is not a number (a string in a hand-edited or exported file) is absent, never NaN.
    planningTime: num(top, 'Planning Time'),
    executionTime: num(top, 'Execution Time') ?? num(top, 'Total Runtime'),
    triggers,
    jit,
    settings,
    queryText: str(top, 'Query Text'),
    analyzed,
    format,
    original,
  };
}
