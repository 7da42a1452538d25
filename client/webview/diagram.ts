/**
 * The diagram: the plan as a top-down tree (d3-flextree layout, d3-zoom pan and zoom), one card per node with
 * exclusive time and its bar, rows actual vs estimated, loops, workers and insight badges; subtrees collapse;
 * InitPlans, SubPlans and CTEs keep their own subtree and a dotted link to the nodes that use them.
 */
import { flextree, type FlexNode } from 'd3-flextree';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior } from 'd3-zoom';
import type { PlanView, Room, ViewNode } from '../../core/explain/view';
import { append, clear, h, SVG_NS } from './dom';
import { compact, factor, ms, percent, cost, totalRows } from './format';
import { heat, heatClass } from './heat';
import type { ColorMode } from './protocol';

const CARD_W = 260;
const CARD_H = 110;
const GAP_X = 28;
const GAP_Y = 56;
/** Below this zoom a card's text is unreadable: only its coloured box is drawn. */
const READABLE_SCALE = 0.3;
/** Fit never goes below this zoom (card text about 9 px): cold subtrees are folded instead (cold-parts.ts). */
export const FIT_MIN_SCALE = 0.7;

interface TreeDatum {
  readonly node: ViewNode;
  readonly children: TreeDatum[];
}

export interface DiagramCallbacks {
  readonly onSelect: (id: number) => void;
  readonly onToggle: (id: number) => void;
}

/** Where each subplan (InitPlan n, SubPlan n, CTE name) is used: node id of the subplan -> user ids. */
export function subplanUsers(view: PlanView): Map<number, number[]> {
  const users = new Map<number, number[]>();
  for (const n of view.nodes) {
    if (!n.subplanName) continue;
    const name = n.subplanName;
    const ids: number[] = [];
    if (name.startsWith('CTE ')) {
      const cte = name.slice(4);
      for (const m of view.nodes) if (m.nodeType === 'CTE Scan' && m.cteName === cte) ids.push(m.id);
    } else if (n.parentId !== null) {
      // PostgreSQL hangs an InitPlan or SubPlan under the node that evaluates it: its parent.
      ids.push(n.parentId);
    }
    users.set(n.id, ids);
  }
  return users;
}

function hiddenCount(view: PlanView, id: number): number {
  let count = 0;
  const stack = [...view.nodes[id].children];
  while (stack.length > 0) {
    const next = stack.pop()!;
    count++;
    stack.push(...view.nodes[next].children);
  }
  return count;
}

export class Diagram {
  readonly element: HTMLElement;
  private readonly layer: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly zoomBehavior: ZoomBehavior<HTMLElement, unknown>;
  private view: PlanView | undefined;
  private cards = new Map<number, HTMLElement>();
  private positions = new Map<number, { x: number; y: number }>();
  private bounds = { left: 0, right: 0, top: 0, bottom: 0 };
  private selected: number | null = null;
  private colorBy: ColorMode = 'time';
  private transform = { x: 0, y: 0, k: 1 };
  private collapsed: ReadonlySet<number> = new Set();
  private detailScheduled = false;

  constructor(private readonly callbacks: DiagramCallbacks) {
    this.svg = document.createElementNS(SVG_NS, 'svg');
    this.svg.classList.add('links');
    this.layer = h('div', { class: 'layer' }, [this.svg]);
    this.element = h('div', { class: 'diagram', attrs: { tabindex: '0', role: 'tree', 'aria-label': 'Plan diagram' } }, [this.layer]);
    this.zoomBehavior = zoom<HTMLElement, unknown>()
      .scaleExtent([0.05, 2.5])
      .filter((event: Event) => !(event.target instanceof Element && event.target.closest('button')) && (event.type !== 'mousedown' || (event as MouseEvent).button === 0))
      .on('zoom', (event: { transform: { x: number; y: number; k: number } }) => {
        const t = event.transform;
        this.transform = { x: t.x, y: t.y, k: t.k };
        this.layer.style.transform = `translate(${t.x}px, ${t.y}px) scale(${t.k})`;
        this.scheduleDetail();
      });
    select(this.element).call(this.zoomBehavior).on('dblclick.zoom', null);
    this.element.addEventListener('keydown', (e) => this.onKey(e));
    // One listener for every card (a 2,000-node plan would otherwise carry 4,000 listeners).
    this.layer.addEventListener('click', (e) => {
      const target = e.target instanceof Element ? e.target : null;
      const card = target?.closest<HTMLElement>('.card');
      if (!card) return;
      const id = Number(card.dataset.id);
      if (target?.closest('button.toggle')) {
        e.stopPropagation();
        this.callbacks.onToggle(id);
      } else this.callbacks.onSelect(id);
    });
  }

  render(view: PlanView, collapsed: ReadonlySet<number>, colorBy: ColorMode, selected: number | null): void {
    this.view = view;
    this.colorBy = colorBy;
    this.selected = selected;
    this.cards.clear();
    this.positions.clear();
    clear(this.layer);
    clear(this.svg);
    this.layer.appendChild(this.svg);
    if (view.nodes.length === 0) return;
    const toDatum = (n: ViewNode): TreeDatum => ({ node: n, children: collapsed.has(n.id) ? [] : n.children.map((c) => toDatum(view.nodes[c])) });
    const layout = flextree<TreeDatum>({ nodeSize: () => [CARD_W + GAP_X, CARD_H + GAP_Y] });
    const tree = layout(layout.hierarchy(toDatum(view.nodes[0]), (d) => d.children));
    const all: FlexNode<TreeDatum>[] = tree.descendants();
    let left = Infinity;
    let right = -Infinity;
    let bottom = 0;
    for (const t of all) {
      this.positions.set(t.data.node.id, { x: t.x, y: t.y });
      left = Math.min(left, t.x - CARD_W / 2);
      right = Math.max(right, t.x + CARD_W / 2);
      bottom = Math.max(bottom, t.y + CARD_H);
    }
    this.bounds = { left, right, top: 0, bottom };
    this.collapsed = collapsed;
    const fragment = document.createDocumentFragment();
    for (const t of all) fragment.appendChild(this.box(view, t.data.node));
    this.layer.appendChild(fragment);
    this.drawLinks(view, all);
    this.markSelected();
    // Contents come in the next frame (or at once with a fit or centring), not at a provisional transform.
    this.scheduleDetail();
  }

  /**
   * Level of detail: every node gets a light box (position, heat colour, label); the card's contents are built only
   * for boxes inside the viewport, and only when zoomed in enough to read them. A 2,000-node plan fitted to the
   * view is 2,000 boxes, not 27,000 elements.
   */
  private box(view: PlanView, n: ViewNode): HTMLElement {
    const pos = this.positions.get(n.id)!;
    const el = document.createElement('div');
    el.className = `card ${heatClass(heat(view, n, this.colorBy))}${n.neverExecuted ? ' never' : ''}`;
    el.dataset.id = String(n.id);
    el.setAttribute('role', 'treeitem');
    el.setAttribute('aria-label', n.title);
    el.style.left = `${pos.x - CARD_W / 2}px`;
    el.style.top = `${pos.y}px`;
    this.cards.set(n.id, el);
    return el;
  }

  private scheduleDetail(): void {
    if (this.detailScheduled) return;
    this.detailScheduled = true;
    requestAnimationFrame(() => {
      this.detailScheduled = false;
      this.fillVisible();
    });
  }

  private fillVisible(): void {
    const view = this.view;
    if (!view || this.transform.k < READABLE_SCALE) return;
    const { x, y, k } = this.transform;
    const width = this.element.clientWidth || 1200;
    const height = this.element.clientHeight || 800;
    const margin = 300;
    const left = (-x - margin) / k;
    const right = (width - x + margin) / k;
    const top = (-y - margin) / k;
    const bottom = (height - y + margin) / k;
    for (const [id, pos] of this.positions) {
      if (pos.x + CARD_W / 2 < left || pos.x - CARD_W / 2 > right || pos.y + CARD_H < top || pos.y > bottom) continue;
      const el = this.cards.get(id);
      if (el && el.dataset.full !== '1') this.fill(el, view, view.nodes[id], this.collapsed.has(id));
    }
  }

  private fill(el: HTMLElement, view: PlanView, n: ViewNode, isCollapsed: boolean): void {
    const severities = n.insights.map((i) => view.insights[i].severity);
    const worst = severities.includes('critical') ? 'critical' : severities.includes('warning') ? 'warning' : severities.length > 0 ? 'info' : null;
    const timeText = n.exclusiveTime !== null ? `${ms(n.exclusiveTime)} · ${percent(n.exclusiveShare)}` : n.exclusiveCost !== null ? `cost ${cost(n.exclusiveCost)}` : '';
    const barShare = n.exclusiveShare ?? (view.maxExclusiveCost > 0 && n.exclusiveCost !== null ? n.exclusiveCost / view.maxExclusiveCost : 0);
    const bar = h('div', { class: 'bar-fill' });
    bar.style.width = `${Math.max(0, Math.min(100, barShare * 100)).toFixed(1)}%`;
    const rows = n.neverExecuted
      ? 'never executed'
      : n.actualRows !== null
        ? `${compact(totalRows(n))} rows of ~${compact(n.planRows !== null ? n.planRows * (n.loops ?? 1) : null)}`
        : n.planRows !== null
          ? `~${compact(n.planRows)} rows`
          : '';
    const misestimate = n.estimateFactor !== null && n.estimateFactor >= 10;
    const toggle =
      n.children.length > 0
        ? h(
            'button',
            {
              class: 'toggle',
              title: isCollapsed ? `Expand (${hiddenCount(view, n.id)} nodes hidden)` : 'Collapse this subtree',
              attrs: { 'aria-label': isCollapsed ? 'Expand' : 'Collapse', tabindex: '-1' },
            },
            [isCollapsed ? `+${hiddenCount(view, n.id)}` : '−'],
          )
        : null;
    const badges = h('div', { class: 'badges' }, [
      n.subplanName ? h('span', { class: 'badge subplan' }, [n.subplanName]) : null,
      n.parallelAware ? h('span', { class: 'badge parallel' }, ['parallel']) : null,
      n.workersPlanned !== null ? h('span', { class: 'badge workers', title: `${n.workersLaunched ?? '?'} of ${n.workersPlanned} workers launched` }, [`${n.workersLaunched ?? '?'}/${n.workersPlanned} workers`]) : null,
      n.loops !== null && n.loops > 1 ? h('span', { class: 'badge loops' }, [`× ${compact(n.loops)} loops`]) : null,
      worst ? h('span', { class: `badge insight ${worst}`, title: n.insights.map((i) => view.insights[i].title).join('\n') }, [`⚑ ${n.insights.length}`]) : null,
    ]);
    append(el, [
        h('div', { class: 'card-head' }, [h('span', { class: 'card-title', title: n.title }, [n.title]), toggle]),
        n.conditions.length > 0 ? h('div', { class: 'card-cond', title: n.conditions.map(([k, v]) => `${k}: ${v}`).join('\n') }, [`${n.conditions[0][0]}: ${n.conditions[0][1]}`]) : h('div', { class: 'card-cond' }),
        h('div', { class: 'card-time' }, [h('span', {}, [timeText]), h('div', { class: 'bar' }, [bar])]),
        h('div', { class: 'card-rows' }, [rows, misestimate ? h('span', { class: 'misestimate', title: 'Rows misestimated' }, [` ${factor(n)}`]) : null]),
        badges,
      ]);
    el.dataset.full = '1';
  }

  private drawLinks(view: PlanView, all: FlexNode<TreeDatum>[]): void {
    const { left, right, bottom } = this.bounds;
    this.svg.setAttribute('width', String(right - left + 40));
    this.svg.setAttribute('height', String(bottom + 40));
    this.svg.style.left = `${left - 20}px`;
    this.svg.style.top = '-20px';
    const ox = -(left - 20);
    const oy = 20;
    const maxRows = Math.max(1, view.maxRows);
    let dashed = '';
    const byWidth = new Map<string, string>();
    for (const t of all) {
      if (!t.parent) continue;
      const from = t.parent;
      const x1 = from.x + ox;
      const y1 = from.y + CARD_H + oy;
      const x2 = t.x + ox;
      const y2 = t.y + oy;
      const mid = (y1 + y2) / 2;
      const path = `M${x1},${y1}C${x1},${mid} ${x2},${mid} ${x2},${y2}`;
      const n = t.data.node;
      if (n.parentRelationship === 'InitPlan' || n.parentRelationship === 'SubPlan') dashed += path;
      else {
        // Link width grows with the rows flowing up it (log scale), as in pev2.
        const rows = totalRows(n) ?? n.planRows ?? 0;
        const w = (1 + (5 * Math.log10(1 + rows)) / Math.log10(1 + maxRows)).toFixed(0);
        byWidth.set(w, (byWidth.get(w) ?? '') + path);
      }
    }
    // One path per stroke width: six elements instead of one per link.
    for (const [w, d] of byWidth) {
      const p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('d', d);
      p.setAttribute('class', 'link');
      p.setAttribute('stroke-width', w);
      this.svg.appendChild(p);
    }
    if (dashed) {
      const p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('d', dashed);
      p.setAttribute('class', 'link subplan-link');
      this.svg.appendChild(p);
    }
    let uses = '';
    for (const [subplan, users] of subplanUsers(view)) {
      const s = this.positions.get(subplan);
      if (!s) continue;
      for (const u of users) {
        const p = this.positions.get(u);
        if (!p || u === view.nodes[subplan].parentId) continue;
        const x1 = s.x + ox + CARD_W / 2;
        const y1 = s.y + oy + CARD_H / 2;
        const x2 = p.x + ox + CARD_W / 2;
        const y2 = p.y + oy + CARD_H / 2;
        uses += `M${x1},${y1}C${Math.max(x1, x2) + 80},${y1} ${Math.max(x1, x2) + 80},${y2} ${x2},${y2}`;
      }
    }
    if (uses) {
      const p = document.createElementNS(SVG_NS, 'path');
      p.setAttribute('d', uses);
      p.setAttribute('class', 'link uses-link');
      this.svg.appendChild(p);
    }
  }

  setColorBy(mode: ColorMode): void {
    if (!this.view) return;
    this.colorBy = mode;
    for (const [id, card] of this.cards) {
      card.classList.remove('heat-0', 'heat-1', 'heat-2', 'heat-3', 'heat-4');
      card.classList.add(heatClass(heat(this.view, this.view.nodes[id], mode)));
    }
  }

  select(id: number | null, center: boolean): void {
    this.selected = id;
    this.markSelected();
    if (center && id !== null) this.centerOn(id);
  }

  highlight(ids: readonly number[]): void {
    for (const card of this.cards.values()) card.classList.remove('linked');
    for (const id of ids) this.cards.get(id)?.classList.add('linked');
  }

  private markSelected(): void {
    for (const [id, card] of this.cards) {
      const on = id === this.selected;
      card.classList.toggle('selected', on);
      card.setAttribute('aria-selected', String(on));
    }
  }

  isVisible(id: number): boolean {
    return this.positions.has(id);
  }

  centerOn(id: number): void {
    const p = this.positions.get(id);
    if (!p) return;
    const width = this.element.clientWidth || 800;
    const height = this.element.clientHeight || 600;
    const k = Math.max(0.6, Math.min(1, this.currentScale()));
    const t = zoomIdentity.translate(width / 2 - p.x * k, height / 2 - (p.y + CARD_H / 2) * k).scale(k);
    select(this.element).call(this.zoomBehavior.transform, t);
    this.fillVisible();
  }

  private currentScale(): number {
    return this.transform.k;
  }

  /** How many leaves and levels fit the panel at the lowest readable zoom (the window's size while it is hidden). */
  room(): Room {
    const width = this.element.clientWidth || window.innerWidth;
    const height = this.element.clientHeight || Math.max(200, window.innerHeight - 160);
    return { columns: Math.floor((width - 40) / ((CARD_W + GAP_X) * FIT_MIN_SCALE)), levels: Math.floor((height - 40 + GAP_Y * FIT_MIN_SCALE) / ((CARD_H + GAP_Y) * FIT_MIN_SCALE)) };
  }

  /**
   * Fits the open tree, at most 100 % (a small plan stays readable) and at least FIT_MIN_SCALE (a big one stays
   * readable too): then the view starts at the root, centred on the node to look at first.
   */
  fit(): void {
    const width = this.element.clientWidth || 800;
    const height = this.element.clientHeight || 600;
    const w = this.bounds.right - this.bounds.left + 40;
    const hgt = this.bounds.bottom + 40;
    const whole = Math.min(1, width / w, height / hgt);
    let t;
    if (whole >= FIT_MIN_SCALE) {
      const x = (width - w * whole) / 2 - (this.bounds.left - 20) * whole;
      t = zoomIdentity.translate(x, 20 * whole).scale(whole);
    } else {
      const k = FIT_MIN_SCALE;
      const focus = this.positions.get(this.focusNode()) ?? { x: 0, y: 0 };
      // The root's level at the top unless the focus is further down than the panel is high.
      const y = (focus.y + CARD_H) * k + 20 <= height ? 20 : height / 2 - (focus.y + CARD_H / 2) * k;
      t = zoomIdentity.translate(width / 2 - focus.x * k, y).scale(k);
    }
    select(this.element).call(this.zoomBehavior.transform, t);
    this.fillVisible();
  }

  /** The node to look at first: the one with the worst insight and the most time (or cost) of its own. */
  private focusNode(): number {
    const view = this.view;
    if (!view) return 0;
    const rank = (n: ViewNode): number => {
      const severities = n.insights.map((i) => view.insights[i].severity);
      const worst = severities.includes('critical') ? 2 : severities.length > 0 ? 1 : 0;
      return worst * 10 + (n.exclusiveShare ?? (view.maxExclusiveCost > 0 ? (n.exclusiveCost ?? 0) / view.maxExclusiveCost : 0));
    };
    let best = 0;
    for (const n of view.nodes) if (this.positions.has(n.id) && rank(n) > rank(view.nodes[best])) best = n.id;
    return best;
  }

  zoomBy(factorValue: number): void {
    select(this.element).call(this.zoomBehavior.scaleBy, factorValue);
  }

  private onKey(e: KeyboardEvent): void {
    const view = this.view;
    if (!view) return;
    const current = this.selected ?? 0;
    const n = view.nodes[current];
    const visibleChildren = n.children.filter((c) => this.positions.has(c));
    const siblings = n.parentId !== null ? view.nodes[n.parentId].children : [current];
    const at = siblings.indexOf(current);
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowUp':
        next = n.parentId ?? undefined;
        break;
      case 'ArrowDown':
        next = visibleChildren[0];
        break;
      case 'ArrowLeft':
        next = siblings[at - 1];
        break;
      case 'ArrowRight':
        next = siblings[at + 1];
        break;
      case 'Enter':
      case ' ':
        if (n.children.length > 0) this.callbacks.onToggle(current);
        e.preventDefault();
        return;
      case 'f':
        this.fit();
        return;
      case '+':
      case '=':
        this.zoomBy(1.25);
        return;
      case '-':
        this.zoomBy(0.8);
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next !== undefined) this.callbacks.onSelect(next);
  }
}
