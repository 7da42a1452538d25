/**
 * Per-node metrics, computed the way the best public viewers do (pev2's plan-service, explain.depesz's
 * Pg::Explain), with their corrections:
 * - inclusive time = per-loop time x loops, divided by the processes running the node inside a parallel section
 *   (under Gather / Gather Merge: workers launched + the leader);
 * - exclusive time = inclusive - children's inclusive, except that a CTE's plan runs when the CTE is scanned:
 *   its time comes off the CTE Scan nodes that read it, not off the node the CTE hangs under;
 * - buffers are cumulative in PostgreSQL's output, so exclusive buffers subtract the children's likewise;
 * - rows are per loop; the misestimate factor compares them with the per-loop estimate (>= 1, with a direction).
 */
import { NO_BUFFERS, type Buffers, type Plan, type PlanNode } from './model';

export interface NodeMetrics {
  readonly node: PlanNode;
  /** Processes running this node at once (1 outside parallel sections). */
  readonly processes: number;
  /** ms, with children; undefined without ANALYZE. */
  readonly inclusiveTime?: number;
  /** ms, without children. */
  readonly exclusiveTime?: number;
  /** exclusiveTime / the query's total time (0..1). */
  readonly exclusiveShare?: number;
  /** Rows over all loops. */
  readonly actualRowsTotal?: number;
  /** max(actual/estimated, estimated/actual) per loop, >= 1; undefined without ANALYZE. */
  readonly estimateFactor?: number;
  readonly estimateDirection?: 'under' | 'over' | 'exact';
  readonly exclusiveBuffers: Buffers;
  readonly exclusiveCost?: number;
}

export interface PlanMetrics {
  readonly plan: Plan;
  /** Indexed by node id. */
  readonly nodes: readonly NodeMetrics[];
  /** ms: Execution Time when reported, else the root's inclusive time. */
  readonly totalTime?: number;
  readonly maxExclusiveTime: number;
  readonly maxExclusiveCost: number;
  readonly totalBuffers: Buffers;
}

const PARALLEL_ROOTS = new Set(['Gather', 'Gather Merge']);

function subtract(a: Buffers, b: Buffers): Buffers {
  const out: Record<string, number> = {};
  for (const key of Object.keys(a) as (keyof Buffers)[]) out[key] = Math.max(0, a[key] - b[key]);
  return out as unknown as Buffers;
}

function add(a: Buffers, b: Buffers): Buffers {
  const out: Record<string, number> = {};
  for (const key of Object.keys(a) as (keyof Buffers)[]) out[key] = a[key] + b[key];
  return out as unknown as Buffers;
}

/** Products and differences of huge values in a hand-made plan overflow: such a metric is absent, never Infinity or NaN. */
function finite(value: number): number | undefined {
  return Number.isFinite(value) ? value : undefined;
}

function isCtePlan(node: PlanNode): boolean {
  return node.parentRelationship === 'InitPlan' && (node.subplanName?.startsWith('CTE ') ?? false);
}

export function computeMetrics(plan: Plan): PlanMetrics {
  // In pre-order a parent comes before its children, so one pass hands each node its parent's count (no recursion).
  const processes: number[] = new Array(plan.nodes.length).fill(1);
  const forChildren: number[] = new Array(plan.nodes.length).fill(1);
  for (const node of plan.nodes) {
    const inherited = node.parentId === undefined ? 1 : forChildren[node.parentId];
    processes[node.id] = inherited;
    let next = inherited;
    if (PARALLEL_ROOTS.has(node.nodeType)) {
      const workers = node.workersLaunched ?? node.workersPlanned ?? 0;
      const leaderJoins = node.raw['Single Copy'] !== true;
      next = Math.max(1, workers + (leaderJoins ? 1 : 0));
    }
    forChildren[node.id] = next;
  }

  const inclusive = plan.nodes.map((n) =>
    n.actualTotalTime === undefined || n.actualLoops === undefined ? undefined : finite((n.actualTotalTime * n.actualLoops) / processes[n.id]),
  );

  // CTE plans: their time and buffers are charged to the CTE Scans that read them, in plan order.
  const cteRemaining = new Map<string, { time: number; buffers: Buffers }>();
  for (const n of plan.nodes) {
    if (isCtePlan(n)) cteRemaining.set(n.subplanName!.slice(4), { time: inclusive[n.id] ?? 0, buffers: n.buffers });
  }

  const nodes: NodeMetrics[] = plan.nodes.map((n) => {
    const regularChildren = n.children.filter((c) => !isCtePlan(c));
    let exclusiveTime: number | undefined;
    let exclusiveBuffers = n.buffers;
    const own = inclusive[n.id];
    if (own !== undefined) {
      exclusiveTime = own - regularChildren.reduce((sum, c) => sum + (inclusive[c.id] ?? 0), 0);
    }
    for (const c of regularChildren) exclusiveBuffers = subtract(exclusiveBuffers, c.buffers);
    if (n.nodeType === 'CTE Scan' && n.cteName) {
      const cte = cteRemaining.get(n.cteName);
      if (cte) {
        if (exclusiveTime !== undefined) {
          const charged = Math.min(cte.time, Math.max(0, exclusiveTime));
          exclusiveTime -= charged;
          cte.time -= charged;
        }
        exclusiveBuffers = subtract(exclusiveBuffers, cte.buffers);
        cte.buffers = NO_BUFFERS;
      }
    }
    if (exclusiveTime !== undefined) exclusiveTime = finite(Math.max(0, exclusiveTime));
    let estimateFactor: number | undefined;
    let estimateDirection: NodeMetrics['estimateDirection'];
    if (n.actualRows !== undefined && n.planRows !== undefined && !n.neverExecuted) {
      // The planner never estimates below one row; PostgreSQL rounds actual rows per loop.
      const actual = Math.max(n.actualRows, 0);
      const estimated = Math.max(n.planRows, 1);
      if (actual === estimated || (actual === 0 && estimated <= 1)) {
        estimateFactor = 1;
        estimateDirection = 'exact';
      } else if (actual > estimated) {
        estimateFactor = actual / estimated;
        estimateDirection = 'under';
      } else {
        estimateFactor = estimated / Math.max(actual, 1);
        estimateDirection = estimateFactor === 1 ? 'exact' : 'over';
      }
    }
    const childCost = regularChildren.reduce((sum, c) => sum + (c.totalCost ?? 0), 0);
    return {
      node: n,
      processes: processes[n.id],
      inclusiveTime: own,
      exclusiveTime,
      actualRowsTotal: n.actualRows !== undefined && n.actualLoops !== undefined ? finite(n.actualRows * n.actualLoops) : undefined,
      estimateFactor,
      estimateDirection,
      exclusiveBuffers,
      exclusiveCost: n.totalCost === undefined ? undefined : finite(Math.max(0, n.totalCost - childCost)),
    };
  });

  const totalTime = plan.executionTime ?? inclusive[0];
  const withShare = nodes.map((m) => ({ ...m, exclusiveShare: totalTime !== undefined && totalTime > 0 && m.exclusiveTime !== undefined ? finite(m.exclusiveTime / totalTime) : undefined }));
  return {
    plan,
    nodes: withShare,
    totalTime,
    // reduce, not Math.max(...): spreading 100,000+ nodes as arguments overflows the stack
    maxExclusiveTime: withShare.reduce((max, m) => Math.max(max, m.exclusiveTime ?? 0), 0),
    maxExclusiveCost: withShare.reduce((max, m) => Math.max(max, m.exclusiveCost ?? 0), 0),
    totalBuffers: withShare.reduce((sum, m) => add(sum, m.exclusiveBuffers), NO_BUFFERS),
  };
}
