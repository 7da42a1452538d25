/**
 * Where each box and line of the diagram goes. Box sizes come from the text they hold (measured in character
 * cells); positions from ELK's layered layout (elkjs), schemas as nested groups when there are several, foreign
 * keys pointing from the referencing table to the referenced one. The ELK instance is the caller's: the CLI runs
 * it in-process, the webview in a Web Worker off the UI thread.
 */
import type { ElkExtendedEdge, ElkNode, ElkPort } from 'elkjs/lib/elk-api';
import type { DiagramColumn, DiagramNode, SchemaGraph } from './graph';

/** Text metrics the renderer uses too (render-svg.ts): a monospace-ish cell and a row. */
export const METRICS = { char: 7.2, row: 18, header: 26, padding: 10, minWidth: 140, maxWidth: 420, groupPadding: 28 } as const;

export interface DiagramView {
  /** Only key columns (primary, foreign, unique) and the first few otherwise. */
  readonly keysOnly?: boolean;
  /** Nodes to draw (default: all). */
  readonly only?: ReadonlySet<string>;
  /** Draw the views' reads of tables as edges (they crowd a big schema; off by default). */
  readonly viewEdges?: boolean;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface Layout {
  readonly nodes: ReadonlyMap<string, Box>;
  /** Each edge's polyline (absolute coordinates). */
  readonly edges: ReadonlyMap<string, readonly { readonly x: number; readonly y: number }[]>;
  readonly groups: ReadonlyMap<string, Box>;
  readonly width: number;
  readonly height: number;
}

export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

/** The rows a box shows: every column, or the keys alone (keysOnly). */
export function shownColumns(node: DiagramNode, view: DiagramView): readonly DiagramColumn[] {
  if (!view.keysOnly) return node.columns;
  return node.columns.filter((c) => c.primaryKey || c.foreignKey || c.change !== undefined);
}

/** Lines under the columns: an enum's labels, partitions summary, hidden-column count. */
export function extraLines(node: DiagramNode, view: DiagramView): string[] {
  const lines: string[] = [];
  if (node.labels) lines.push(...node.labels.slice(0, 12).map((l) => `'${l}'`), ...(node.labels.length > 12 ? [`… ${node.labels.length - 12} more`] : []));
  if (node.partitions && node.partitions.length > 0) lines.push(`${node.partitions.length} partition${node.partitions.length === 1 ? '' : 's'}${node.partitioning ? ` by ${node.partitioning}` : ''}`);
  const hidden = node.columns.length - shownColumns(node, view).length;
  if (hidden > 0) lines.push(`+ ${hidden} column${hidden === 1 ? '' : 's'}`);
  return lines;
}

export function nodeSize(node: DiagramNode, view: DiagramView): { width: number; height: number } {
  const columns = shownColumns(node, view);
  const extra = extraLines(node, view);
  // name + type with a gap, plus the marker column (PK/FK) and badges in the title.
  const kind = node.kind === 'table' ? 0 : node.kind.length + 2;
  const widest = Math.max(
    node.name.length + (node.schema === 'public' ? 0 : node.schema.length + 1) + 4 + (node.badges.length > 0 ? 4 : 0) + kind,
    ...columns.map((c) => c.name.length + c.type.length + 6),
    ...extra.map((l) => l.length + 2),
  );
  const width = Math.min(METRICS.maxWidth, Math.max(METRICS.minWidth, Math.ceil(widest * METRICS.char + METRICS.padding * 2)));
  const height = METRICS.header + (columns.length + extra.length) * METRICS.row + 6;
  return { width, height };
}

/** The middle of a column's row in its box (the title bar's when the column is not shown). */
export function rowY(node: DiagramNode, view: DiagramView, column: string | undefined): number {
  const at = column === undefined ? -1 : shownColumns(node, view).findIndex((c) => c.name === column);
  return at < 0 ? METRICS.header / 2 : METRICS.header + at * METRICS.row + METRICS.row / 2;
}

/** The ELK graph: one child per schema when there are several (nodes inside), else the nodes themselves. */
export function elkGraph(graph: SchemaGraph, view: DiagramView): ElkNode {
  const nodes = graph.nodes.filter((n) => !view.only || view.only.has(n.id));
  const ids = new Set(nodes.map((n) => n.id));
  const edges: ElkExtendedEdge[] = [];
  const seen = new Set<string>();
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ports = new Map<string, ElkPort[]>();
  const addPort = (node: string, port: ElkPort): void => {
    let list = ports.get(node);
    if (!list) ports.set(node, (list = []));
    list.push(port);
  };
  for (const e of graph.edges) {
    if (!ids.has(e.from) || !ids.has(e.to) || e.from === e.to) continue;
    if (e.kind === 'view-reads' && !view.viewEdges) continue;
    // ELK needs unique ids (a key declared twice under one name is drawn once).
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    if (e.kind !== 'foreign-key') {
      edges.push({ id: e.id, sources: [e.from], targets: [e.to] });
      continue;
    }
    // A key leaves its table at its first column's row (east side) and enters the referenced table at the
    // referenced column's row (west side): the line says which columns, as in hand-drawn diagrams.
    const from = byId.get(e.from)!;
    const to = byId.get(e.to)!;
    const fromSize = nodeSize(from, view);
    addPort(e.from, { id: `${e.id}:s`, x: fromSize.width, y: rowY(from, view, e.fromColumns[0]), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'EAST' } });
    addPort(e.to, { id: `${e.id}:t`, x: -1, y: rowY(to, view, e.toColumns[0]), width: 1, height: 1, layoutOptions: { 'elk.port.side': 'WEST' } });
    edges.push({ id: e.id, sources: [`${e.id}:s`], targets: [`${e.id}:t`] });
  }
  const leaf = (n: DiagramNode): ElkNode => {
    const own = ports.get(n.id);
    return { id: n.id, ...nodeSize(n, view), ...(own ? { ports: own, layoutOptions: { 'elk.portConstraints': 'FIXED_POS' } } : {}) };
  };
  const schemas = [...new Set(nodes.map((n) => n.schema))];
  const layered: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.layered.spacing.nodeNodeBetweenLayers': '60',
    'elk.spacing.nodeNode': '28',
    'elk.spacing.componentComponent': '48',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    'elk.separateConnectedComponents': 'true',
    'elk.aspectRatio': '1.6',
  };
  if (schemas.length <= 1) return { id: 'root', layoutOptions: { ...layered, 'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES' }, children: nodes.map(leaf), edges };
  // Model order is not supported across a hierarchy laid out as one.
  return {
    id: 'root',
    layoutOptions: { ...layered, 'elk.hierarchyHandling': 'INCLUDE_CHILDREN' },
    children: schemas.map((s) => ({
      id: `schema:${s}`,
      layoutOptions: { ...layered, 'elk.padding': `[top=${METRICS.groupPadding},left=12,bottom=12,right=12]` },
      children: nodes.filter((n) => n.schema === s).map(leaf),
    })),
    edges,
  };
}

/** Reads ELK's answer into absolute boxes and polylines. */
export function layoutFrom(result: ElkNode): Layout {
  const nodes = new Map<string, Box>();
  const groups = new Map<string, Box>();
  const edges = new Map<string, { x: number; y: number }[]>();
  const offsets = new Map<string, { x: number; y: number }>([['root', { x: 0, y: 0 }]]);
  const visit = (node: ElkNode, ox: number, oy: number): void => {
    for (const child of node.children ?? []) {
      const x = ox + (child.x ?? 0);
      const y = oy + (child.y ?? 0);
      offsets.set(child.id, { x, y });
      const box = { x, y, width: child.width ?? 0, height: child.height ?? 0 };
      if (child.id.startsWith('schema:')) {
        groups.set(child.id.slice('schema:'.length), box);
        visit(child, x, y);
      } else nodes.set(child.id, box);
    }
    for (const edge of node.edges ?? []) {
      // Sections are relative to the edge's container (ELK names it; the node that declares it otherwise).
      const container = (edge as ElkExtendedEdge & { container?: string }).container;
      const o = (container !== undefined ? offsets.get(container) : undefined) ?? { x: ox, y: oy };
      const points: { x: number; y: number }[] = [];
      for (const s of edge.sections ?? []) {
        points.push({ x: o.x + s.startPoint.x, y: o.y + s.startPoint.y });
        for (const b of s.bendPoints ?? []) points.push({ x: o.x + b.x, y: o.y + b.y });
        points.push({ x: o.x + s.endPoint.x, y: o.y + s.endPoint.y });
      }
      edges.set(edge.id, points);
    }
  };
  visit(result, 0, 0);
  return { nodes, edges, groups, width: result.width ?? 0, height: result.height ?? 0 };
}

export async function layoutGraph(graph: SchemaGraph, view: DiagramView, elk: ElkLike): Promise<Layout> {
  return layoutFrom(await elk.layout(elkGraph(graph, view)));
}

/**
 * An instant arrangement for the first paint of a big schema while ELK works: boxes in rows (shelves), schema by
 * schema, in name order, about 1.6 times as wide as tall; no lines yet. Readable and searchable at once.
 */
export function gridLayout(graph: SchemaGraph, view: DiagramView): Layout {
  const nodes = graph.nodes.filter((n) => !view.only || view.only.has(n.id));
  const sizes = new Map(nodes.map((n) => [n.id, nodeSize(n, view)]));
  const area = [...sizes.values()].reduce((a, s) => a + (s.width + 28) * (s.height + 28), 0);
  const rowWidth = Math.max(METRICS.maxWidth, Math.sqrt(area * 1.6));
  const boxes = new Map<string, Box>();
  const groups = new Map<string, Box>();
  const schemas = [...new Set(nodes.map((n) => n.schema))];
  const grouped = schemas.length > 1;
  let top = 0;
  let width = 0;
  for (const schema of schemas) {
    const inset = grouped ? 12 : 0;
    let x = inset;
    let y = top + (grouped ? METRICS.groupPadding : 0);
    let shelf = 0;
    let right = 0;
    for (const n of nodes) {
      if (n.schema !== schema) continue;
      const size = sizes.get(n.id)!;
      if (x > inset && x + size.width > rowWidth) {
        x = inset;
        y += shelf + 28;
        shelf = 0;
      }
      boxes.set(n.id, { x, y, ...size });
      x += size.width + 28;
      right = Math.max(right, x);
      shelf = Math.max(shelf, size.height);
    }
    const bottom = y + shelf + (grouped ? 12 : 0);
    if (grouped) groups.set(schema, { x: 0, y: top, width: right - 28 + 12 + inset, height: bottom - top });
    width = Math.max(width, right);
    top = bottom + 48;
  }
  return { nodes: boxes, edges: new Map(), groups, width, height: Math.max(0, top - 48) };
}
