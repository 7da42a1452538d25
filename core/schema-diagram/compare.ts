/**
 * Two points of a schema's history as one diagram: what the second adds is marked added, what it lost is kept and
 * marked dropped, and what it changed is marked altered with what it was ("integer -> bigint"). Nodes are matched
 * by schema-qualified name, columns by name, edges by table and constraint name (foreign keys) or ends (view reads).
 */
import type { Change, DiagramColumn, DiagramEdge, DiagramNode, SchemaGraph } from './graph';

function columnChange(before: DiagramColumn, after: DiagramColumn): string | undefined {
  const parts: string[] = [];
  if (before.type !== after.type) parts.push(`type ${before.type} -> ${after.type}`);
  if (before.notNull !== after.notNull) parts.push(after.notNull ? 'now NOT NULL' : 'NOT NULL dropped');
  if ((before.default ?? '') !== (after.default ?? '')) parts.push(`default ${before.default ?? 'none'} -> ${after.default ?? 'none'}`);
  if (before.primaryKey !== after.primaryKey) parts.push(after.primaryKey ? 'now in the primary key' : 'left the primary key');
  if (before.unique !== after.unique) parts.push(after.unique ? 'now unique' : 'no longer unique');
  if (before.foreignKey !== after.foreignKey) parts.push(after.foreignKey ? 'now a foreign key' : 'no longer a foreign key');
  if (before.indexed !== after.indexed) parts.push(after.indexed ? 'now indexed' : 'no longer indexed');
  return parts.length > 0 ? parts.join('; ') : undefined;
}

function compareNode(before: DiagramNode, after: DiagramNode): DiagramNode {
  const old = new Map(before.columns.map((c) => [c.name, c]));
  const columns: DiagramColumn[] = [];
  let changed = before.kind !== after.kind || JSON.stringify(before.labels) !== JSON.stringify(after.labels) || JSON.stringify(before.partitions) !== JSON.stringify(after.partitions);
  for (const c of after.columns) {
    const was = old.get(c.name);
    if (!was) {
      columns.push({ ...c, change: 'added' });
      changed = true;
      continue;
    }
    const what = columnChange(was, c);
    if (what) changed = true;
    columns.push(what ? { ...c, change: 'altered', was: what } : c);
  }
  const now = new Set(after.columns.map((c) => c.name));
  for (const c of before.columns) {
    if (now.has(c.name)) continue;
    columns.push({ ...c, change: 'dropped' });
    changed = true;
  }
  return { ...after, columns, ...(changed ? { change: 'altered' as Change } : {}) };
}

function sameEdge(a: DiagramEdge, b: DiagramEdge): boolean {
  return a.to === b.to && a.fromColumns.join() === b.fromColumns.join() && a.toColumns.join() === b.toColumns.join() && a.onDelete === b.onDelete && a.cardinality === b.cardinality;
}

export function compareGraphs(before: SchemaGraph, after: SchemaGraph): SchemaGraph {
  const oldNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const nodes: DiagramNode[] = after.nodes.map((n) => {
    const was = oldNodes.get(n.id);
    return was ? compareNode(was, n) : { ...n, change: 'added' as Change };
  });
  const kept = new Set(after.nodes.map((n) => n.id));
  for (const n of before.nodes) if (!kept.has(n.id)) nodes.push({ ...n, change: 'dropped', badges: [] });
  const oldEdges = new Map(before.edges.map((e) => [e.id, e]));
  const edges: DiagramEdge[] = after.edges.map((e) => {
    const was = oldEdges.get(e.id);
    if (!was) return { ...e, change: 'added' as Change };
    return sameEdge(was, e) ? e : { ...e, change: 'altered' as Change };
  });
  const keptEdges = new Set(after.edges.map((e) => e.id));
  for (const e of before.edges) if (!keptEdges.has(e.id)) edges.push({ ...e, change: 'dropped' });
  nodes.sort((a, b) => a.id.localeCompare(b.id));
  const schemas = [...new Set([...after.schemas, ...before.schemas])];
  return { source: after.source, schemas, nodes, edges, compared: { from: before.source.label, to: after.source.label } };
}

/** How many objects of each change a comparison holds (the panel's summary line, the CLI's). */
export function changeCounts(graph: SchemaGraph): Record<Change, number> {
  const counts: Record<Change, number> = { added: 0, dropped: 0, altered: 0 };
  for (const n of graph.nodes) if (n.change) counts[n.change]++;
  return counts;
}
