/**
 * The schema diagram panel: the host sends the graph (core/schema-diagram), this page filters it (schema, focus),
 * lays it out with ELK in a worker, draws it with core's renderer (render-svg.ts: text escaped, no script), and
 * lets the user search, select, focus, compare two points of the history, open definitions and export.
 */
import type { DiagramLocation, DiagramNode, SchemaGraph } from '../../../core/schema-diagram/graph';
import { changeCounts } from '../../../core/schema-diagram/compare';
import { DIAGRAM_CSS } from '../../../core/schema-diagram/diagram-css';
import { gridLayout, layoutGraph, type DiagramView, type Layout } from '../../../core/schema-diagram/layout';
import { neighbourhood } from '../../../core/schema-diagram/neighbourhood';
import { renderSvg } from '../../../core/schema-diagram/render-svg';
import { clear, h } from '../dom';
import { Canvas } from './canvas';
import { Drawing } from './drawing';
import { renderDetails } from './details';
import { layoutEngine } from './elk-layout';
import { pngOf, standaloneSvg, withPresentationAttributes } from './export';
import type { SchemaHostMessage, SchemaPointOption, SchemaViewerMessage } from './protocol';

interface VsCodeApi {
  postMessage(message: SchemaViewerMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

/** What survives a reload of the panel. */
interface SavedState {
  keysOnly?: boolean;
  viewEdges: boolean;
  schema: string;
  search: string;
}

// The drawing's own stylesheet (core's, shared with exports), through the CSSOM: the CSP allows no inline <style>.
const diagramSheet = new CSSStyleSheet();
diagramSheet.replaceSync(DIAGRAM_CSS);
document.adoptedStyleSheets = [...document.adoptedStyleSheets, diagramSheet];

const MARGIN = 16;
/** Above this many objects the first paint is the quick arrangement (gridLayout), ELK's follows. */
const QUICK_FIRST = 120;
/** Above this many objects boxes show key columns only until the user asks for all. */
const BIG_SCHEMA = 80;
const saved = (vscode.getState() as Partial<SavedState> | undefined) ?? {};
const state = {
  graph: undefined as SchemaGraph | undefined,
  points: [] as readonly SchemaPointOption[],
  at: 'end',
  from: undefined as string | undefined,
  keysOnly: saved.keysOnly,
  viewEdges: saved.viewEdges ?? false,
  schema: saved.schema ?? '',
  search: saved.search ?? '',
  focus: undefined as { id: string; hops: number } | undefined,
  selected: undefined as string | undefined,
  layout: undefined as Layout | undefined,
  shown: undefined as SchemaGraph | undefined,
  /** When the last graph arrived, until it is first drawn. */
  received: undefined as number | undefined,
  drawing: 0,
};

const post = (message: SchemaViewerMessage): void => vscode.postMessage(message);
const persist = (): void => vscode.setState({ ...(state.keysOnly !== undefined ? { keysOnly: state.keysOnly } : {}), viewEdges: state.viewEdges, schema: state.schema, search: state.search } satisfies SavedState);

// ---- the page ------------------------------------------------------------------------------------------
const atSelect = h('select', { title: 'The schema at this point of the migration history', on: { change: () => pick() } });
const fromSelect = h('select', { title: 'Compare with an earlier point: added, dropped and altered objects are coloured', on: { change: () => pick() } });
const search = h('input', { attrs: { type: 'search', placeholder: 'Find a table or column', 'aria-label': 'Find a table or column' }, on: { input: () => applySearch(), keydown: (e) => e.key === 'Enter' && jumpToMatch() } });
search.value = state.search;
const schemaSelect = h('select', { title: 'Show one schema', on: { change: () => ((state.schema = schemaSelect.value), persist(), draw()) } });
const keysOnly = h('input', { attrs: { type: 'checkbox' }, on: { change: () => ((state.keysOnly = keysOnly.checked), persist(), draw()) } });
keysOnly.checked = state.keysOnly === true;
const viewEdges = h('input', { attrs: { type: 'checkbox' }, on: { change: () => ((state.viewEdges = viewEdges.checked), persist(), draw()) } });
viewEdges.checked = state.viewEdges;
const summary = h('div', { class: 'summary', attrs: { role: 'status' } });
const canvasElement = h('div', { class: 'canvas', attrs: { tabindex: '0', 'aria-label': 'Schema diagram' } });
const details = h('aside', { class: 'details' });
details.hidden = true;
const canvas = new Canvas(canvasElement);
const drawing = new Drawing(canvasElement, canvas, MARGIN);
drawing.onUpdate = () => {
  applySearch();
  markSelection();
};

document.body.append(
  h('div', { class: 'schema-viewer' }, [
    h('div', { class: 'toolbar' }, [
      h('label', {}, ['Schema ', atSelect]),
      h('label', {}, ['compared with ', fromSelect]),
      search,
      schemaSelect,
      h('label', { title: 'Only primary and foreign key columns' }, [keysOnly, ' Keys only']),
      h('label', { title: 'Lines from each view to the tables it reads' }, [viewEdges, ' View reads']),
      h('span', { class: 'spacer' }),
      h('button', { title: 'Zoom out', on: { click: () => canvas.zoomBy(1 / 1.25) } }, ['−']),
      h('button', { title: 'Zoom in', on: { click: () => canvas.zoomBy(1.25) } }, ['+']),
      h('button', { title: 'Fit the drawing in the panel', on: { click: () => canvas.fit() } }, ['Fit']),
      h('button', { title: 'Read the schema again (after editing migrations)', on: { click: () => pick() } }, ['Refresh']),
      h('button', { title: 'Save the drawing as SVG', on: { click: () => void exportAs('svg') } }, ['SVG']),
      h('button', { title: 'Save the drawing as PNG', on: { click: () => void exportAs('png') } }, ['PNG']),
    ]),
    summary,
    h('div', { class: 'main' }, [canvasElement, details]),
  ]),
);

// ---- data -> drawing -----------------------------------------------------------------------------------
function shownGraph(graph: SchemaGraph): SchemaGraph {
  let nodes = graph.nodes;
  if (state.schema) nodes = nodes.filter((n) => n.schema === state.schema);
  if (state.focus) {
    const keep = neighbourhood(graph, state.focus.id, state.focus.hops);
    nodes = nodes.filter((n) => keep.has(n.id));
  }
  return nodes === graph.nodes ? graph : { ...graph, nodes };
}

/** Keys only unless the user chose: by default for a big schema (boxes a third of the size). */
function keysOnlyNow(): boolean {
  return state.keysOnly ?? (state.graph?.nodes.length ?? 0) > BIG_SCHEMA;
}

function view(): DiagramView {
  return { keysOnly: keysOnlyNow(), viewEdges: state.viewEdges };
}

async function draw(keepView = false): Promise<void> {
  const graph = state.graph;
  if (!graph) return;
  const drawing = ++state.drawing;
  const shown = shownGraph(graph);
  setSummary(shown, graph, `Laying out ${shown.nodes.length} object${shown.nodes.length === 1 ? '' : 's'}…`);
  const started = performance.now();
  // A big schema is drawn at once in rows, then arranged when ELK is done (seconds for hundreds of tables).
  if (shown.nodes.length > QUICK_FIRST) paint(shown, gridLayout(shown, view()), keepView, undefined);
  let layout: Layout;
  try {
    layout = await layoutGraph(shown, view(), layoutEngine());
  } catch (e) {
    if (drawing === state.drawing) showMessage(`The layout failed: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  if (drawing !== state.drawing) return;
  const layoutMs = Math.round(performance.now() - started);
  paint(shown, layout, keepView || shown.nodes.length > QUICK_FIRST, layoutMs);
  setSummary(shown, graph);
  document.body.dataset.painted = String(state.drawing);
  document.body.dataset.layoutMs = String(layoutMs);
  post({ type: 'painted', nodes: shown.nodes.length, layoutMs });
}

/** Puts a drawing in the canvas; `layoutMs` undefined: the quick first arrangement (ELK still working). */
function paint(shown: SchemaGraph, layout: Layout, keepView: boolean, layoutMs: number | undefined): void {
  const firstOfBig = layoutMs === undefined;
  state.shown = shown;
  // The markup is core's renderer's: every name and comment escaped, shapes and text only.
  // Where the user was looking: the box nearest the middle of the canvas in the arrangement being replaced.
  const previous = state.layout;
  const middle = canvas.centrePoint();
  const anchor = previous && previous !== layout && keepView && canvas.moved ? nearestBox(previous, middle) : undefined;
  state.layout = layout;
  const svg = drawing.set(shown, layout, view());
  if (!svg) return;
  canvas.show(svg, { width: layout.width, height: layout.height, margin: MARGIN });
  const target = state.focus?.id ?? state.selected ?? anchor;
  const box = target ? layout.nodes.get(target) : undefined;
  if (box) canvas.centre(box, MARGIN);
  else if (!keepView || firstOfBig || !canvas.moved) startView(shown, layout);
  drawing.update();
  if (firstOfBig || state.received !== undefined) {
    // Time from the graph's arrival to its first drawing on screen (the bench reads it).
    const received = state.received ?? 0;
    requestAnimationFrame(() => (document.body.dataset.firstPaintMs = String(Math.round(performance.now() - received))));
    state.received = undefined;
  }
  if (firstOfBig) document.body.dataset.firstPaint = String(state.drawing);
}

function nearestBox(layout: Layout, point: { x: number; y: number }): string | undefined {
  let best: string | undefined;
  let distance = Infinity;
  for (const [id, b] of layout.nodes) {
    const d = Math.hypot(b.x + b.width / 2 - point.x, b.y + b.height / 2 - point.y);
    if (d < distance) (best = id), (distance = d);
  }
  return best;
}

/** Fit when that stays readable; otherwise start at the most connected table, readable, with its neighbours around. */
function startView(shown: SchemaGraph, layout: Layout): void {
  canvas.moved = false;
  canvas.fit(0.05);
  if (canvas.transform.k >= 0.5) return;
  const degree = new Map<string, number>();
  for (const e of shown.edges) for (const end of [e.from, e.to]) degree.set(end, (degree.get(end) ?? 0) + 1);
  const hub = [...degree].filter(([id]) => layout.nodes.has(id)).sort((a, b) => b[1] - a[1])[0]?.[0];
  const box = hub ? layout.nodes.get(hub) : undefined;
  canvas.transform.k = 0.8;
  if (box) canvas.centre(box, MARGIN);
  else canvas.fit(0.8);
}

function setSummary(shown: SchemaGraph, graph: SchemaGraph, working?: string): void {
  clear(summary);
  const tables = shown.nodes.filter((n) => n.kind !== 'enum' && n.kind !== 'view' && n.kind !== 'materialized-view').length;
  const keys = shown.edges.filter((e) => e.kind === 'foreign-key' && shown.nodes.some((n) => n.id === e.from));
  const unindexed = keys.filter((e) => !e.indexed).length;
  const findings = shown.nodes.reduce((n, x) => n + x.badges.length, 0);
  const parts: (string | HTMLElement)[] = [`${graph.source.label}: ${tables} table${tables === 1 ? '' : 's'}`, `${keys.length} foreign key${keys.length === 1 ? '' : 's'}${unindexed ? ` (${unindexed} without an index)` : ''}`, `${findings} finding${findings === 1 ? '' : 's'}`];
  if (shown.nodes.length < graph.nodes.length) parts.push(`showing ${shown.nodes.length} of ${graph.nodes.length}`);
  if (graph.compared) {
    const c = changeCounts(graph);
    parts.push(h('span', { class: 'legend' }, [h('span', { class: 'added' }, [`${c.added} added`]), ' ', h('span', { class: 'altered' }, [`${c.altered} altered`]), ' ', h('span', { class: 'dropped' }, [`${c.dropped} dropped`])]));
  }
  parts.forEach((p, i) => summary.append(...(i > 0 ? [' · '] : []), p));
  if (working) summary.append(h('span', { class: 'working' }, [` · ${working}`]));
}

function showMessage(message: string): void {
  clear(canvasElement);
  canvasElement.append(h('div', { class: 'message' }, [message]));
}

// ---- interaction ----------------------------------------------------------------------------------------
function nodeOf(id: string | undefined): DiagramNode | undefined {
  return id === undefined ? undefined : state.graph?.nodes.find((n) => n.id === id);
}

function select(id: string | undefined, centre = false): void {
  state.selected = id;
  markSelection();
  if (state.graph) renderDetails(details, nodeOf(id), state.graph, state.focus, actions);
  const box = id && state.layout?.nodes.get(id);
  if (centre && box) canvas.centre(box, MARGIN);
  else if (centre && id) void draw();
}

function markSelection(): void {
  for (const el of canvasElement.querySelectorAll('.selected, .related')) el.classList.remove('selected', 'related');
  if (!state.selected) return;
  const id = CSS.escape(state.selected);
  canvasElement.querySelector(`[data-node="${id}"]`)?.classList.add('selected');
  for (const el of canvasElement.querySelectorAll(`[data-from="${id}"], [data-to="${id}"]`)) el.classList.add('related');
}

function applySearch(): void {
  state.search = search.value;
  persist();
  const q = state.search.trim().toLowerCase();
  const nodes = canvasElement.querySelectorAll<SVGGElement>('g.node');
  canvasElement.classList.toggle('searching', q !== '');
  let count = 0;
  for (const el of nodes) {
    const node = nodeOf(el.dataset.node);
    const hit = q !== '' && node !== undefined && (node.id.toLowerCase().includes(q) || node.columns.some((c) => c.name.toLowerCase().includes(q)));
    el.classList.toggle('match', hit);
    if (hit) count++;
  }
  search.title = q ? `${count} match${count === 1 ? '' : 'es'}; Enter goes to the first` : '';
}

function jumpToMatch(): void {
  const first = canvasElement.querySelector<SVGGElement>('g.node.match');
  if (first?.dataset.node) select(first.dataset.node, true);
}

const actions = {
  reveal: (location: DiagramLocation) => post({ type: 'reveal', location }),
  focus: (id: string, hops: number) => {
    state.focus = { id, hops };
    state.selected = id;
    void draw();
    if (state.graph) renderDetails(details, nodeOf(id), state.graph, state.focus, actions);
  },
  clearFocus: () => {
    state.focus = undefined;
    void draw();
    if (state.graph) renderDetails(details, nodeOf(state.selected), state.graph, state.focus, actions);
  },
  select: (id: string) => select(id, true),
};

canvasElement.addEventListener('click', (e) => {
  if (canvas.dragged) return;
  const target = e.target as Element;
  const nodeEl = target.closest<SVGGElement>('g.node');
  if (!nodeEl?.dataset.node) return select(undefined);
  const node = nodeOf(nodeEl.dataset.node);
  select(nodeEl.dataset.node);
  // A column's row opens its definition; the table's title opens the table's.
  const row = target.closest<SVGGElement>('g.row');
  const column = row ? node?.columns.find((c) => c.name === row.dataset.column) : undefined;
  const location = column?.location ?? (target.closest('.title-bar, .title') ? node?.location : undefined);
  if (location && column) actions.reveal(location);
});
canvasElement.addEventListener('dblclick', (e) => {
  const nodeEl = (e.target as Element).closest<SVGGElement>('g.node');
  const node = nodeOf(nodeEl?.dataset.node);
  if (node?.location) actions.reveal(node.location);
});
canvasElement.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') {
    if (state.focus) actions.clearFocus();
    else select(undefined);
  }
});

function fillSelect(select: HTMLSelectElement, options: readonly { value: string; label: string }[], value: string): void {
  clear(select);
  for (const o of options) select.append(h('option', { attrs: { value: o.value } }, [o.label]));
  select.value = value;
}

function pick(): void {
  const from = fromSelect.value || undefined;
  post({ type: 'pick', at: atSelect.value, ...(from ? { from } : {}) });
}

async function exportAs(format: 'svg' | 'png'): Promise<void> {
  if (!state.shown || !state.layout) return;
  const markup = renderSvg(state.shown, state.layout, view(), { margin: MARGIN });
  const name = `schema-${(state.graph?.source.label ?? 'diagram').replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '')}`;
  if (format === 'svg') return post({ type: 'export', format, data: standaloneSvg(markup), name });
  try {
    post({ type: 'export', format, data: await pngOf(withPresentationAttributes(markup), state.layout.width + MARGIN * 2, state.layout.height + MARGIN * 2), name });
  } catch (e) {
    setSummary(state.graph!, state.graph!, `PNG failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

window.addEventListener('message', (event: MessageEvent<SchemaHostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'graph': {
      state.received = performance.now();
      state.graph = message.graph;
      state.points = message.points;
      state.at = message.at;
      state.from = message.from;
      fillSelect(atSelect, message.points.filter((p) => p.value !== 'start'), message.at);
      fillSelect(fromSelect, [{ value: '', label: 'nothing' }, ...message.points.filter((p) => p.value !== message.at)], message.from ?? '');
      const schemas = message.graph.schemas;
      fillSelect(schemaSelect, [{ value: '', label: 'All schemas' }, ...schemas.map((s) => ({ value: s, label: s }))], schemas.includes(state.schema) ? state.schema : '');
      state.schema = schemaSelect.value;
      schemaSelect.hidden = schemas.length < 2;
      if (message.focus && message.graph.nodes.some((n) => n.id === message.focus)) {
        state.focus = { id: message.focus, hops: 1 };
        state.selected = message.focus;
      } else if (state.focus && !message.graph.nodes.some((n) => n.id === state.focus!.id)) state.focus = undefined;
      renderDetails(details, nodeOf(state.selected), message.graph, state.focus, actions);
      keysOnly.checked = keysOnlyNow();
      void draw();
      break;
    }
    case 'loading':
      summary.textContent = message.message;
      break;
    case 'error':
      showMessage(message.message);
      summary.textContent = '';
      break;
    case 'exported':
      summary.append(h('span', { class: 'working' }, [` · saved ${message.path}`]));
      break;
  }
});

post({ type: 'ready' });
