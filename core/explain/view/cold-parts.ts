/**
 * Which subtrees the plan viewer shows collapsed at first, so that what matters is readable at once: a big plan
 * shrunk to fit a side panel is boxes with 5-pixel text. The hot part stays open (every node an insight is about,
 * with its ancestors, and every subtree taking a real share of the time or cost); the coldest subtrees (never
 * executed, then the smallest share, the biggest first) are folded into their root until the open tree fits the room
 * at a readable scale, or nothing cold is left. Pure: the webview calls it with the room its panel has.
 */
import type { PlanView, ViewNode } from './model';

/** What fits the panel at a readable scale: leaves side by side, and levels top to bottom. */
export interface Room {
  readonly columns: number;
  readonly levels: number;
}

/** A subtree taking at least this share of the query's time (or cost) is never folded. */
export const HOT_SHARE = 0.05;

/** The share of the whole a node's subtree takes: inclusive time when the plan has timing, else its total cost. */
function shareOf(view: PlanView, n: ViewNode): number {
  if (n.neverExecuted) return 0;
  const root = view.nodes[0];
  if (n.inclusiveTime !== null && root.inclusiveTime !== null && root.inclusiveTime > 0) return n.inclusiveTime / root.inclusiveTime;
  if (n.totalCost !== null && root.totalCost !== null && root.totalCost > 0) return n.totalCost / root.totalCost;
  return 1;
}

/** Leaves and levels of the tree as drawn with `folded` subtrees shown as their root alone. */
export function openShape(view: PlanView, folded: ReadonlySet<number>): Room {
  let columns = 0;
  let levels = 0;
  const stack: { id: number; depth: number }[] = view.nodes.length > 0 ? [{ id: 0, depth: 1 }] : [];
  while (stack.length > 0) {
    const { id, depth } = stack.pop()!;
    levels = Math.max(levels, depth);
    const children = folded.has(id) ? [] : view.nodes[id].children;
    if (children.length === 0) columns += 1;
    for (const c of children) stack.push({ id: c, depth: depth + 1 });
  }
  return { columns, levels };
}

/** The ids of the subtrees to show folded (their roots), coldest first; empty when the whole plan fits. */
export function coldSubtrees(view: PlanView, room: Room): number[] {
  if (view.nodes.length === 0) return [];
  const fits = (shape: Room): boolean => shape.columns <= Math.max(1, room.columns) && shape.levels <= Math.max(2, room.levels);
  const folded = new Set<number>();
  if (fits(openShape(view, folded))) return [];
  // Kept open: the nodes insights are about and their ancestors.
  const keep = new Set<number>([0]);
  for (const insight of view.insights) {
    for (let id: number | null = insight.nodeId; id !== null && !keep.has(id); id = view.nodes[id]?.parentId ?? null) keep.add(id);
  }
  const size = new Map<number, number>();
  for (let i = view.nodes.length - 1; i >= 0; i--) size.set(i, 1 + view.nodes[i].children.reduce((s, c) => s + (size.get(c) ?? 1), 0));
  const candidates = view.nodes
    .filter((n) => n.children.length > 0 && !keep.has(n.id) && shareOf(view, n) < HOT_SHARE)
    .sort((a, b) => shareOf(view, a) - shareOf(view, b) || (size.get(b.id) ?? 0) - (size.get(a.id) ?? 0) || a.id - b.id);
  const hidden = (id: number): boolean => {
    for (let p = view.nodes[id].parentId; p !== null; p = view.nodes[p].parentId) if (folded.has(p)) return true;
    return false;
  };
  for (const n of candidates) {
    if (hidden(n.id)) continue;
    folded.add(n.id);
    if (fits(openShape(view, folded))) break;
  }
  // A fold inside another fold changes nothing on screen; keep only the outermost ones.
  return [...folded].filter((id) => !hidden(id));
}
