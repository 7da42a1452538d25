/** The grid: one row per node, sortable by any column (click a header; again to reverse). */
import type { PlanView, ViewNode } from '../../core/explain/view';
import { clear, h } from './dom';
import { blocks, cost, count, factor, ms, percent, totalRows } from './format';

interface Column {
  readonly key: string;
  readonly label: string;
  readonly title?: string;
  readonly numeric: boolean;
  readonly value: (n: ViewNode) => number | string | null;
  readonly show: (n: ViewNode) => string;
}

const sumIo = (n: ViewNode): number | null => (n.ioReadTime === null && n.ioWriteTime === null ? null : (n.ioReadTime ?? 0) + (n.ioWriteTime ?? 0));
const removed = (n: ViewNode): number | null =>
  n.rowsRemovedByFilter === null && n.rowsRemovedByJoinFilter === null && n.rowsRemovedByIndexRecheck === null
    ? null
    : (n.rowsRemovedByFilter ?? 0) + (n.rowsRemovedByJoinFilter ?? 0) + (n.rowsRemovedByIndexRecheck ?? 0);
const num = (v: number | null): string => (v === null ? '' : count(v));

export const GRID_COLUMNS: readonly Column[] = [
  { key: 'id', label: '#', numeric: true, value: (n) => n.id, show: (n) => String(n.id) },
  { key: 'node', label: 'Node', numeric: false, value: (n) => n.title, show: (n) => n.title },
  { key: 'time', label: 'Excl. time', numeric: true, value: (n) => n.exclusiveTime, show: (n) => ms(n.exclusiveTime) },
  { key: 'share', label: '%', numeric: true, value: (n) => n.exclusiveShare, show: (n) => percent(n.exclusiveShare) },
  { key: 'rows', label: 'Rows', title: 'Actual rows over all loops', numeric: true, value: (n) => totalRows(n), show: (n) => num(totalRows(n)) },
  { key: 'planRows', label: 'Est. rows', title: 'Estimated rows per loop', numeric: true, value: (n) => n.planRows, show: (n) => num(n.planRows) },
  { key: 'factor', label: 'Factor', title: 'Misestimate: ▼ under, ▲ over', numeric: true, value: (n) => n.estimateFactor, show: (n) => factor(n) },
  { key: 'loops', label: 'Loops', numeric: true, value: (n) => n.loops, show: (n) => num(n.loops) },
  { key: 'cost', label: 'Excl. cost', numeric: true, value: (n) => n.exclusiveCost, show: (n) => cost(n.exclusiveCost) },
  { key: 'hit', label: 'Hit', title: 'Shared + local blocks found in cache (this node)', numeric: true, value: (n) => n.buffers.hit, show: (n) => (n.hasBuffers ? blocks(n.buffers.hit) : '') },
  { key: 'read', label: 'Read', title: 'Blocks read from disk or OS cache', numeric: true, value: (n) => n.buffers.read, show: (n) => (n.hasBuffers ? blocks(n.buffers.read) : '') },
  { key: 'dirtied', label: 'Dirtied', numeric: true, value: (n) => n.buffers.dirtied, show: (n) => (n.hasBuffers ? blocks(n.buffers.dirtied) : '') },
  { key: 'written', label: 'Written', numeric: true, value: (n) => n.buffers.written, show: (n) => (n.hasBuffers ? blocks(n.buffers.written) : '') },
  { key: 'temp', label: 'Temp', title: 'Temporary blocks read + written (spills)', numeric: true, value: (n) => n.buffers.tempRead + n.buffers.tempWritten, show: (n) => (n.hasBuffers && n.buffers.tempRead + n.buffers.tempWritten > 0 ? blocks(n.buffers.tempRead + n.buffers.tempWritten) : '') },
  { key: 'io', label: 'I/O time', numeric: true, value: sumIo, show: (n) => ms(sumIo(n)) },
  { key: 'filter', label: 'Filter / condition', numeric: false, value: (n) => n.conditions.map(([, v]) => v).join(' '), show: (n) => n.conditions.map(([k, v]) => `${k}: ${v}`).join('; ') },
  { key: 'removed', label: 'Removed', title: 'Rows removed by filter, join filter and index recheck', numeric: true, value: removed, show: (n) => num(removed(n)) },
  { key: 'heap', label: 'Heap fetches', numeric: true, value: (n) => n.heapFetches, show: (n) => num(n.heapFetches) },
];

export class Grid {
  readonly element: HTMLElement;
  private sortKey = 'id';
  private descending = false;
  private view: PlanView | undefined;
  private selected: number | null = null;
  private rows = new Map<number, HTMLTableRowElement>();

  constructor(private readonly onSelect: (id: number) => void) {
    this.element = h('div', { class: 'grid-wrap' });
  }

  render(view: PlanView, selected: number | null): void {
    this.view = view;
    this.selected = selected;
    const column = GRID_COLUMNS.find((c) => c.key === this.sortKey) ?? GRID_COLUMNS[0];
    const sorted = [...view.nodes].sort((a, b) => {
      const va = column.value(a);
      const vb = column.value(b);
      if (va === vb) return a.id - b.id;
      if (va === null) return 1;
      if (vb === null) return -1;
      const cmp = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
      return this.descending ? -cmp : cmp;
    });
    const head = h(
      'tr',
      {},
      GRID_COLUMNS.map((c) =>
        h(
          'th',
          {
            class: `${c.numeric ? 'num' : ''}${c.key === this.sortKey ? (this.descending ? ' sorted desc' : ' sorted asc') : ''}`,
            title: c.title ?? `Sort by ${c.label}`,
            data: { key: c.key },
            attrs: { tabindex: '0', role: 'columnheader', 'aria-sort': c.key === this.sortKey ? (this.descending ? 'descending' : 'ascending') : 'none' },
            on: {
              click: () => this.sortBy(c.key),
              keydown: (e) => {
                if (e.key === 'Enter' || e.key === ' ') this.sortBy(c.key);
              },
            },
          },
          [c.label],
        ),
      ),
    );
    this.rows.clear();
    const body = h('tbody');
    for (const n of sorted) {
      const tr = h(
        'tr',
        {
          class: n.id === selected ? 'selected' : '',
          data: { id: n.id },
          attrs: { tabindex: '0' },
          on: {
            click: () => this.onSelect(n.id),
            keydown: (e) => this.onRowKey(e, n.id),
          },
        },
        GRID_COLUMNS.map((c) => h('td', { class: c.numeric ? 'num' : c.key === 'filter' ? 'cond' : '' }, [c.show(n)])),
      );
      if (n.exclusiveShare !== null && n.exclusiveShare >= 0.1) tr.classList.add(n.exclusiveShare >= 0.4 ? 'hot' : 'warm');
      this.rows.set(n.id, tr);
      body.appendChild(tr);
    }
    clear(this.element);
    this.element.appendChild(h('table', { class: 'grid' }, [h('thead', {}, [head]), body]));
  }

  sortBy(key: string): void {
    if (this.sortKey === key) this.descending = !this.descending;
    else {
      this.sortKey = key;
      this.descending = GRID_COLUMNS.find((c) => c.key === key)?.numeric === true && key !== 'id';
    }
    if (this.view) this.render(this.view, this.selected);
  }

  select(id: number | null): void {
    this.selected = id;
    for (const [rowId, tr] of this.rows) tr.classList.toggle('selected', rowId === id);
    if (id !== null) this.rows.get(id)?.scrollIntoView({ block: 'nearest' });
  }

  private onRowKey(e: KeyboardEvent, id: number): void {
    const tr = this.rows.get(id);
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.onSelect(id);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (e.key === 'ArrowDown' ? tr?.nextElementSibling : tr?.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  }
}
