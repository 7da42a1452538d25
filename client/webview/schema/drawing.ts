/**
 * The drawing in the page, virtualised: only the boxes and lines within (or near) the visible part of the canvas
 * are in the DOM, so panning a 700-table schema repaints a few dozen boxes, not thousands of text elements. Far
 * zoomed out, boxes show their title only (level of detail). Markup comes from core's renderer (escaped).
 */
import type { SchemaGraph } from '../../../core/schema-diagram/graph';
import type { Box, DiagramView, Layout } from '../../../core/schema-diagram/layout';
import { edgeMarkup, groupMarkup, MARKERS, nodeMarkup, svgOpen } from '../../../core/schema-diagram/render-svg';
import type { Canvas } from './canvas';

/** Below this zoom boxes are drawn as outlines with their title. */
const DETAIL_ZOOM = 0.45;
/** How far beyond the visible area (in screen pixels) content is kept, so a small pan finds it drawn. */
const OVERSCAN = 400;

interface Item {
  readonly id: string;
  readonly kind: 'node' | 'edge';
  readonly box: Box;
  element?: Element;
  outline?: boolean;
}

export class Drawing {
  private items: Item[] = [];
  private nodesLayer: SVGGElement | undefined;
  private edgesLayer: SVGGElement | undefined;
  private graph: SchemaGraph | undefined;
  private layout: Layout | undefined;
  private view: DiagramView = {};
  private scheduled = false;
  /** Called after elements were added (classes for search and selection go on new elements). */
  onUpdate: () => void = () => undefined;

  constructor(
    private readonly container: HTMLElement,
    private readonly canvas: Canvas,
    private readonly margin: number,
  ) {
    canvas.onChange = () => this.schedule();
    new ResizeObserver(() => this.schedule()).observe(container);
  }

  /** A new drawing; returns its <svg> (sized to the whole layout, filled as it comes into view). */
  set(graph: SchemaGraph, layout: Layout, view: DiagramView): SVGSVGElement | undefined {
    this.graph = graph;
    this.layout = layout;
    this.view = view;
    // The frame and the schema groups (a handful) are drawn whole; boxes and lines come and go.
    this.container.innerHTML = `${svgOpen(graph, layout, this.margin)}${MARKERS}<g class="viewport">${[...layout.groups].map(([s, b]) => groupMarkup(s, b)).join('')}<g class="edges"></g><g class="nodes"></g></g></svg>`;
    const svg = this.container.querySelector('svg') ?? undefined;
    this.nodesLayer = svg?.querySelector<SVGGElement>('g.nodes') ?? undefined;
    this.edgesLayer = svg?.querySelector<SVGGElement>('g.edges') ?? undefined;
    this.items = [];
    for (const n of graph.nodes) {
      const box = layout.nodes.get(n.id);
      if (box) this.items.push({ id: n.id, kind: 'node', box });
    }
    for (const e of graph.edges) {
      const points = layout.edges.get(e.id);
      if (!points || points.length < 2 || (e.kind === 'view-reads' && !view.viewEdges)) continue;
      const xs = points.map((p) => p.x);
      const ys = points.map((p) => p.y);
      const x = Math.min(...xs);
      const y = Math.min(...ys);
      this.items.push({ id: e.id, kind: 'edge', box: { x, y, width: Math.max(...xs) - x + 12, height: Math.max(...ys) - y + 12 } });
    }
    return svg;
  }

  /** Brings the DOM in line with what is visible now (synchronously: the first paint and tests). */
  update(): void {
    const graph = this.graph;
    const layout = this.layout;
    if (!graph || !layout || !this.nodesLayer || !this.edgesLayer) return;
    const { x, y, k } = this.canvas.transform;
    const left = (-x - OVERSCAN) / k - this.margin;
    const top = (-y - OVERSCAN) / k - this.margin;
    const right = (this.container.clientWidth - x + OVERSCAN) / k - this.margin;
    const bottom = (this.container.clientHeight - y + OVERSCAN) / k - this.margin;
    const outline = k < DETAIL_ZOOM;
    const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
    const edges = new Map(graph.edges.map((e) => [e.id, e]));
    let added = false;
    for (const item of this.items) {
      const b = item.box;
      const visible = b.x < right && b.x + b.width > left && b.y < bottom && b.y + b.height > top;
      if (item.element && (!visible || (item.kind === 'node' && item.outline !== outline))) {
        item.element.remove();
        item.element = undefined;
      }
      if (!visible || item.element) continue;
      const markup = item.kind === 'node' ? nodeMarkup(nodes.get(item.id)!, b, this.view, outline) : edgeMarkup(edges.get(item.id)!, layout.edges.get(item.id)!, graph);
      const layer = item.kind === 'node' ? this.nodesLayer : this.edgesLayer;
      layer.insertAdjacentHTML('beforeend', markup);
      item.element = layer.lastElementChild ?? undefined;
      item.outline = outline;
      added = true;
    }
    this.container.dataset.drawn = String(this.nodesLayer.childElementCount);
    if (added) this.onUpdate();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.update();
    });
  }
}
