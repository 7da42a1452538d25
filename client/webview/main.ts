/**
 * The plan viewer (runs in the webview): renders what the extension sends (client/plan-panel) and reports
 * selections back for the source link. State survives reloads through the webview state API.
 */
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import './styles.css';
import type { PlanView } from '../../core/explain/view';
import { coldSubtrees } from '../../core/explain/view/cold-parts';
import { clear, custom, h } from './dom';
import { Diagram, subplanUsers } from './diagram';
import { Grid } from './grid';
import { renderInsights } from './insights';
import { renderIndexAdvice, type IndexAdviceView } from './index-advice';
import { renderDetails } from './details';
import { renderRaw } from './raw';
import { renderComparePicker, renderComparison } from './compare-view';
import { availableModes, COLOR_MODES } from './heat';
import { cost, ms } from './format';
import type { ColorMode, HostMessage, RunInfo, ViewerMessage, ViewerState } from './protocol';

interface VsCodeApi {
  postMessage(message: ViewerMessage): void;
  getState(): ViewerState | undefined;
  setState(state: ViewerState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const TABS = ['diagram', 'grid', 'insights', 'raw', 'compare'] as const;
type Tab = (typeof TABS)[number];

let state: ViewerState | undefined = vscode.getState();
let users = new Map<number, number[]>();
let gridRendered = false;
let rawRendered = false;
let indexAdvice: 'idle' | 'running' | IndexAdviceView = 'idle';
const advicePanel = h('div', { class: 'advice-panel' });
const collapsed = new Set<number>(state?.collapsed ?? []);

const diagram = new Diagram({ onSelect: (id) => selectNode(id, 'diagram'), onToggle: (id) => toggle(id) });
const grid = new Grid((id) => selectNode(id, 'grid'));
const header = h('header', { class: 'summary' });
const details = h('aside', { class: 'details-pane', attrs: { 'aria-label': 'Node details' } });
const insightsPanel = h('div', { class: 'panel-body' });
const rawPanel = h('div', { class: 'panel-body' });
const comparePanel = h('div', { class: 'panel-body' });
const compareResult = h('div', { class: 'compare-result' });
const colorSelect = custom(
  'vscode-single-select',
  { class: 'color-by', attrs: { 'aria-label': 'Colour nodes by' }, on: { change: (e) => setColorBy((e.target as HTMLElement & { value: string }).value as ColorMode) } },
  COLOR_MODES.map((m) => custom('vscode-option', { attrs: { value: m.mode } }, [m.label])),
);
const insightsHeader = custom('vscode-tab-header', { attrs: { slot: 'header' }, class: 'tab-insights' }, ['Insights']);
const tabs = custom('vscode-tabs', { class: 'tabs' }, [
  custom('vscode-tab-header', { attrs: { slot: 'header' }, class: 'tab-diagram' }, ['Diagram']),
  custom('vscode-tab-panel', { class: 'panel-diagram' }, [
    h('div', { class: 'toolbar' }, [
      h('label', {}, ['Colour by']),
      colorSelect,
      custom('vscode-button', { class: 'fit', attrs: { secondary: '' }, title: 'Fit the plan to the view (F)', on: { click: () => diagram.fit() } }, ['Fit']),
      custom('vscode-button', { class: 'expand-all', attrs: { secondary: '' }, on: { click: () => expandAll() } }, ['Expand all']),
      h('span', { class: 'hint' }, ['Drag to pan, wheel to zoom, arrows to move, Enter to collapse']),
    ]),
    diagram.element,
  ]),
  custom('vscode-tab-header', { attrs: { slot: 'header' }, class: 'tab-grid' }, ['Grid']),
  custom('vscode-tab-panel', { class: 'panel-grid' }, [grid.element]),
  insightsHeader,
  custom('vscode-tab-panel', { class: 'panel-insights' }, [insightsPanel]),
  custom('vscode-tab-header', { attrs: { slot: 'header' }, class: 'tab-raw' }, ['Raw']),
  custom('vscode-tab-panel', { class: 'panel-raw' }, [rawPanel]),
  custom('vscode-tab-header', { attrs: { slot: 'header' }, class: 'tab-compare' }, ['Compare']),
  custom('vscode-tab-panel', { class: 'panel-compare' }, [comparePanel, compareResult]),
]);
tabs.addEventListener('vsc-tabs-select', (e) => {
  const index = (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex;
  onTab(TABS[index] ?? 'diagram');
});

const root = h('div', { class: 'viewer' }, [header, h('div', { class: 'main' }, [tabs, details])]);
document.body.appendChild(root);

/** Scrolling areas fill the window below their top (the header's height varies with the note). */
function fitHeights(): void {
  // Narrow (see styles.css): the details pane, when it shows a node, sits under the tab's content.
  const narrow = window.innerWidth <= 820;
  const below = narrow && getComputedStyle(details).display !== 'none' ? details.offsetHeight : 0;
  for (const el of [diagram.element, grid.element, insightsPanel, rawPanel, comparePanel.parentElement]) {
    if (!(el instanceof HTMLElement)) continue;
    const top = el.getBoundingClientRect().top;
    if (top > 0) el.style.height = `${Math.max(160, window.innerHeight - top - below - 4)}px`;
  }
  if (!narrow) details.style.height = `${window.innerHeight - details.getBoundingClientRect().top}px`;
  else details.style.removeProperty('height');
}
window.addEventListener('resize', () => fitHeights());

/** Writes a pending state at once (the page is going away). */
function flushState(): void {
  if (saveTimer === undefined) return;
  clearTimeout(saveTimer);
  saveTimer = undefined;
  if (state) vscode.setState(state);
}
window.addEventListener('pagehide', flushState);
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flushState();
});

function post(message: ViewerMessage): void {
  vscode.postMessage(message);
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Persists the state for reloads, at most twice a second: a large plan's state is megabytes to serialise. */
function save(patch: Partial<ViewerState>): void {
  if (!state) return;
  state = { ...state, ...patch };
  if (saveTimer === undefined) {
    saveTimer = setTimeout(() => {
      saveTimer = undefined;
      if (state) vscode.setState(state);
    }, 500);
  }
}

/**
 * The header keeps the key facts in sight at any width: the time (or the cost), the plan's size and the worst
 * finding on the first line, wrapping rather than cut; where the plan comes from on a line that may be shortened.
 */
function renderHeader(view: PlanView, run: RunInfo): void {
  clear(header);
  const facts: (string | HTMLElement)[] = [];
  if (view.executionTime !== null) facts.push(h('strong', {}, [`execution ${ms(view.executionTime)}`]));
  else if (view.totalTime !== null) facts.push(h('strong', {}, [`total ${ms(view.totalTime)}`]));
  else if (view.nodes[0]?.totalCost !== null && view.nodes[0]?.totalCost !== undefined) facts.push(h('strong', {}, [`cost ${cost(view.nodes[0].totalCost)}`]));
  if (view.planningTime !== null) facts.push(`planning ${ms(view.planningTime)}`);
  facts.push(`${view.nodes.length} node${view.nodes.length === 1 ? '' : 's'}`);
  if (view.triggers.length > 0) facts.push(`triggers ${ms(view.triggers.reduce((s, t) => s + t.time, 0))}`);
  if (!view.analyzed) facts.push('estimates only');
  const critical = view.insights.filter((i) => i.severity === 'critical').length;
  // Each fact stays whole; the line wraps between them.
  const line = h('div', { class: 'summary-facts' }, facts.flatMap((f, i) => [...(i === 0 ? [] : [' · ']), h('span', { class: 'fact' }, [f])]));
  if (critical > 0) line.append(' ', h('span', { class: 'severity critical' }, [`${critical} critical`]));
  header.appendChild(line);
  // Insights come ranked by the time their fix can save; the header names the most severe of them first.
  const first = view.insights.find((i) => i.severity === 'critical') ?? view.insights[0];
  if (first) {
    header.appendChild(
      h('div', { class: 'summary-worst' }, [
        h('span', { class: `severity ${first.severity}` }, [first.severity]),
        ' ',
        first.nodeId !== null
          ? h('button', { class: 'link-button', title: first.title, on: { click: () => selectNode(first.nodeId, 'insights') } }, [first.title])
          : h('span', { title: first.title }, [first.title]),
      ]),
    );
  }
  const origin = run.label.includes('EXPLAIN') ? run.label : `${view.analyzed ? 'EXPLAIN ANALYZE' : 'EXPLAIN'} · ${run.label}`;
  header.appendChild(h('div', { class: 'summary-line', title: `${run.database} · ${origin}` }, [h('span', { class: 'db' }, [run.database]), ` · ${origin}`]));
  if (run.note) header.appendChild(h('div', { class: 'note', attrs: { role: 'note' } }, [run.note]));
}

function render(): void {
  if (!state) {
    clear(header);
    header.appendChild(h('div', { class: 'summary-line' }, ['Waiting for a plan...']));
    return;
  }
  const started = performance.now();
  const { view, run } = state;
  users = subplanUsers(view);
  renderHeader(view, run);
  // Only the colourings this plan has numbers for (no "Exclusive time" without timing).
  const modes = availableModes(view);
  const colorBy = modes.some((m) => m.mode === state?.colorBy) ? state.colorBy : (modes[0]?.mode ?? 'cost');
  clear(colorSelect);
  for (const m of modes) colorSelect.appendChild(custom('vscode-option', { attrs: { value: m.mode } }, [m.label]));
  (colorSelect as HTMLElement & { value: string }).value = colorBy;
  if (colorBy !== state.colorBy) save({ colorBy });
  diagram.render(view, collapsed, colorBy, state.selected);
  gridRendered = false;
  if (state.tab === 'grid') renderGrid();
  renderInsightsTab(view);
  clear(rawPanel);
  rawRendered = false;
  if (state.tab === 'raw') renderRawTab();
  renderCompare();
  renderSelection();
  document.body.dataset.renderMs = (performance.now() - started).toFixed(1);
  document.body.dataset.nodes = String(view.nodes.length);
  requestAnimationFrame(() => {
    fitHeights();
    if (state?.selected !== null && state?.selected !== undefined && diagram.isVisible(state.selected)) diagram.centerOn(state.selected);
    else diagram.fit();
    document.body.dataset.ready = 'true';
  });
}

function renderInsightsTab(view: PlanView): void {
  clear(insightsPanel);
  insightsPanel.appendChild(renderInsights(view, { onSelect: (id) => selectNode(id, 'insights'), onInsertSql: (sql) => post({ type: 'insertSql', sql }) }));
  insightsPanel.appendChild(advicePanel);
  renderAdvice();
  insightsHeader.textContent = `Insights (${view.insights.length})`;
}

function renderGrid(): void {
  if (!state || gridRendered) return;
  grid.render(state.view, state.selected);
  gridRendered = true;
}

/** The raw tab pretty-prints megabytes of JSON for large plans: only when it is opened. */
function renderRawTab(): void {
  if (!state || rawRendered) return;
  rawPanel.appendChild(renderRaw(state.view, { onCopy: (what) => post({ type: 'copy', what }), onSave: () => post({ type: 'save' }) }));
  rawRendered = true;
}

function renderAdvice(): void {
  clear(advicePanel);
  if (!state?.run.canAdviseIndexes) return;
  advicePanel.appendChild(
    renderIndexAdvice(indexAdvice, {
      onRun: () => {
        indexAdvice = 'running';
        renderAdvice();
        post({ type: 'adviseIndexes' });
      },
      onInsertSql: (sql) => post({ type: 'insertSql', sql }),
      onAddToMigration: (name) => post({ type: 'addIndexToMigration', name }),
    }),
  );
}

function renderCompare(): void {
  if (!state) return;
  clear(comparePanel);
  comparePanel.appendChild(renderComparePicker(state.history, state.run.id, (left, right) => post({ type: 'compare', left, right })));
}

function renderSelection(): void {
  if (!state) return;
  details.classList.toggle('has-node', state.selected !== null && state.view.nodes[state.selected] !== undefined);
  clear(details);
  details.appendChild(renderDetails(state.view, state.selected, users, (id) => selectNode(id, 'details')));
}

function revealAncestors(id: number): boolean {
  if (!state) return false;
  let changed = false;
  let parent = state.view.nodes[id]?.parentId ?? null;
  while (parent !== null) {
    if (collapsed.delete(parent)) changed = true;
    parent = state.view.nodes[parent].parentId;
  }
  return changed;
}

function selectNode(id: number | null, from: 'diagram' | 'grid' | 'insights' | 'details' | 'host'): void {
  if (!state) return;
  if (id !== null && revealAncestors(id)) {
    save({ collapsed: [...collapsed] });
    diagram.render(state.view, collapsed, state.colorBy, id);
  }
  save({ selected: id });
  diagram.select(id, from !== 'diagram');
  if (gridRendered) grid.select(id);
  renderSelection();
  if (from === 'insights') setTab('diagram');
  if (from !== 'host') post({ type: 'select', nodeId: id });
}

function toggle(id: number): void {
  if (!state) return;
  if (collapsed.has(id)) collapsed.delete(id);
  else collapsed.add(id);
  save({ collapsed: [...collapsed] });
  diagram.render(state.view, collapsed, state.colorBy, state.selected);
}

function expandAll(): void {
  if (!state) return;
  collapsed.clear();
  save({ collapsed: [] });
  diagram.render(state.view, collapsed, state.colorBy, state.selected);
  diagram.fit();
}

function setColorBy(mode: ColorMode): void {
  if (!state || !COLOR_MODES.some((m) => m.mode === mode)) return;
  save({ colorBy: mode });
  diagram.setColorBy(mode);
}

function setTab(tab: Tab): void {
  (tabs as HTMLElement & { selectedIndex: number }).selectedIndex = TABS.indexOf(tab);
  onTab(tab);
}

function onTab(tab: Tab): void {
  save({ tab });
  document.body.dataset.tab = tab;
  requestAnimationFrame(() => fitHeights());
  if (tab === 'grid') renderGrid();
  if (tab === 'raw') renderRawTab();
}

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'show': {
      const sameStatement = state !== undefined && state.history.some((r) => r.id === message.run.id);
      collapsed.clear();
      state = {
        run: message.run,
        view: message.view,
        history: message.history,
        tab: message.run.tab ?? (sameStatement && state ? state.tab : 'diagram'),
        colorBy: state?.colorBy ?? 'time',
        collapsed: [],
        selected: null,
      };
      // A big plan opens with its cold subtrees folded, so Fit can keep the text readable.
      for (const id of coldSubtrees(message.view, diagram.room())) collapsed.add(id);
      save({ collapsed: [...collapsed] });
      indexAdvice = message.run.advising === true ? 'running' : 'idle';
      clear(compareResult);
      render();
      if (state.tab !== 'diagram') setTab(state.tab as Tab);
      break;
    }
    case 'history':
      save({ history: message.history });
      renderCompare();
      break;
    case 'highlight':
      diagram.highlight(message.nodeIds);
      if (message.nodeIds.length > 0 && state && state.tab === 'diagram') selectNode(message.nodeIds[0], 'host');
      break;
    case 'indexAdvice':
      // Verdicts for a run no longer on screen are kept by the extension with that run, not drawn here.
      if (!state || (message.runId !== undefined && message.runId !== state.run.id)) break;
      indexAdvice = { route: message.route, items: message.items, notes: message.notes, ...(message.error ? { error: message.error } : {}) };
      if (message.insights && message.insights.length === state.view.insights.length) {
        save({ view: { ...state.view, insights: message.insights } });
        renderHeader(state.view, state.run);
        renderInsightsTab(state.view);
      } else renderAdvice();
      break;
    case 'comparison':
      clear(compareResult);
      compareResult.appendChild(renderComparison(message.left, message.right, message.comparison));
      setTab('compare');
      break;
  }
});

render();
if (state && state.tab !== 'diagram') setTab(state.tab as Tab);
post({ type: 'ready' });
