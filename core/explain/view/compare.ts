/**
 * Two runs of a statement side by side: nodes matched by their place in the tree and what they are (node type,
 * relation, alias, subplan), so a plan that changed shape (a Seq Scan that became an Index Scan after
 * CREATE INDEX) still lines up with its neighbours; per-node differences in time, rows, cost and buffers.
 */
import type { PlanView, ViewNode } from './model';

export interface ComparedRow {
  /** Node ids in each plan; null where the node exists on one side only. */
  readonly left: number | null;
  readonly right: number | null;
  readonly depth: number;
  readonly leftTitle: string | null;
  readonly rightTitle: string | null;
  readonly time: readonly [number | null, number | null];
  readonly rows: readonly [number | null, number | null];
  readonly cost: readonly [number | null, number | null];
  /** Shared + local blocks hit and read by the node itself. */
  readonly buffers: readonly [number | null, number | null];
}

export interface PlanComparison {
  readonly rows: readonly ComparedRow[];
  readonly totalTime: readonly [number | null, number | null];
  readonly planningTime: readonly [number | null, number | null];
  readonly totalCost: readonly [number | null, number | null];
  readonly totalBuffers: readonly [number, number];
}

function identity(n: ViewNode): string {
  return [n.subplanName ?? '', n.parentRelationship ?? '', n.alias ?? n.relation ?? n.cteName ?? ''].join('|');
}

function kind(n: ViewNode): string {
  return `${identity(n)}|${n.nodeType}|${n.index ?? ''}`;
}

/** Pairs two child lists: same node first, then same relation/role (a changed scan), then leftovers by position. */
function pairChildren(left: readonly ViewNode[], right: readonly ViewNode[]): [ViewNode | null, ViewNode | null][] {
  const usedRight = new Set<number>();
  const pairs = new Map<number, ViewNode>();
  for (const key of [kind, identity] as const) {
    for (const l of left) {
      if (pairs.has(l.id)) continue;
      const r = right.find((c) => !usedRight.has(c.id) && key(c) === key(l));
      if (r) {
        pairs.set(l.id, r);
        usedRight.add(r.id);
      }
    }
  }
  const restRight = right.filter((r) => !usedRight.has(r.id));
  const out: [ViewNode | null, ViewNode | null][] = [];
  for (const l of left) {
    let r = pairs.get(l.id) ?? null;
    if (!r && restRight.length > 0 && left.length === right.length) {
      r = restRight.shift() ?? null;
      if (r) usedRight.add(r.id);
    }
    out.push([l, r]);
  }
  for (const r of right) if (!usedRight.has(r.id)) out.push([null, r]);
  return out;
}

const bufferCount = (n: ViewNode | null): number | null => (n ? n.buffers.hit + n.buffers.read : null);
const rowsOf = (n: ViewNode | null): number | null => (n ? (n.actualRows !== null ? n.actualRows * (n.loops ?? 1) : n.planRows) : null);

export function comparePlans(left: PlanView, right: PlanView): PlanComparison {
  const rows: ComparedRow[] = [];
  // Pre-order with an explicit stack: plans may be nested deeper than the call stack allows.
  const pending: { l: ViewNode | null; r: ViewNode | null; depth: number }[] = [];
  if (left.nodes.length > 0 || right.nodes.length > 0) pending.push({ l: left.nodes[0] ?? null, r: right.nodes[0] ?? null, depth: 0 });
  while (pending.length > 0) {
    const { l, r, depth } = pending.pop()!;
    rows.push({
      left: l?.id ?? null,
      right: r?.id ?? null,
      depth,
      leftTitle: l?.title ?? null,
      rightTitle: r?.title ?? null,
      time: [l?.exclusiveTime ?? null, r?.exclusiveTime ?? null],
      rows: [rowsOf(l), rowsOf(r)],
      cost: [l?.exclusiveCost ?? null, r?.exclusiveCost ?? null],
      buffers: [bufferCount(l), bufferCount(r)],
    });
    const lc = l ? l.children.map((id) => left.nodes[id]) : [];
    const rc = r ? r.children.map((id) => right.nodes[id]) : [];
    const pairs = pairChildren(lc, rc);
    for (let i = pairs.length - 1; i >= 0; i--) pending.push({ l: pairs[i][0], r: pairs[i][1], depth: depth + 1 });
  }
  const total = (v: PlanView): number => v.nodes.reduce((sum, n) => sum + n.buffers.hit + n.buffers.read, 0);
  return {
    rows,
    totalTime: [left.totalTime, right.totalTime],
    planningTime: [left.planningTime, right.planningTime],
    totalCost: [left.nodes[0]?.totalCost ?? null, right.nodes[0]?.totalCost ?? null],
    totalBuffers: [total(left), total(right)],
  };
}
