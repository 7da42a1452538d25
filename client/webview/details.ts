/** The details pane: everything about the selected node, including every property PostgreSQL reported. */
import type { PlanView } from '../../core/explain/view';
import { h } from './dom';
import { blocks, cost, count, factor, ms, percent, totalRows } from './format';

export function renderDetails(view: PlanView, id: number | null, users: ReadonlyMap<number, number[]>, onSelect: (id: number) => void): HTMLElement {
  if (id === null || !view.nodes[id]) return h('div', { class: 'details empty' }, ['Select a node to see its details.']);
  const n = view.nodes[id];
  const rows: [string, string][] = [];
  const add = (k: string, v: string): void => {
    if (v !== '') rows.push([k, v]);
  };
  add('Exclusive time', n.exclusiveTime !== null ? `${ms(n.exclusiveTime)} (${percent(n.exclusiveShare)})` : '');
  add('Inclusive time', ms(n.inclusiveTime));
  add('Rows', n.neverExecuted ? 'never executed' : n.actualRows !== null ? `${count(totalRows(n))} (${count(n.actualRows)} per loop)` : '');
  add('Estimated rows', n.planRows !== null ? `${count(n.planRows)} per loop` : '');
  add('Misestimate', factor(n));
  add('Loops', n.loops !== null ? count(n.loops) : '');
  add('Cost', n.totalCost !== null ? `${cost(n.startupCost)}..${cost(n.totalCost)} (exclusive ${cost(n.exclusiveCost)})` : '');
  if (n.hasBuffers) add('Buffers (this node)', `hit ${blocks(n.buffers.hit)}, read ${blocks(n.buffers.read)}, dirtied ${blocks(n.buffers.dirtied)}, written ${blocks(n.buffers.written)}${n.buffers.tempRead + n.buffers.tempWritten > 0 ? `, temp ${blocks(n.buffers.tempRead + n.buffers.tempWritten)}` : ''}`);
  if (n.workersPlanned !== null) add('Workers', `${n.workersLaunched ?? '?'} launched of ${n.workersPlanned} planned`);
  const usedBy = users.get(n.id) ?? [];
  const uses = [...users.entries()].filter(([, u]) => u.includes(n.id)).map(([s]) => s);
  return h('div', { class: 'details' }, [
    h('h3', {}, [n.title]),
    n.subplanName ? h('div', { class: 'subtitle' }, [n.subplanName]) : null,
    h('table', { class: 'kv' }, rows.map(([k, v]) => h('tr', {}, [h('th', {}, [k]), h('td', {}, [v])]))),
    usedBy.length > 0 || uses.length > 0
      ? h('div', { class: 'relations' }, [
          ...usedBy.map((u) => h('button', { class: 'link-button', on: { click: () => onSelect(u) } }, [`used by: ${view.nodes[u].title}`])),
          ...uses.map((s) => h('button', { class: 'link-button', on: { click: () => onSelect(s) } }, [`uses: ${view.nodes[s].subplanName ?? view.nodes[s].title}`])),
        ])
      : null,
    n.conditions.length > 0 ? h('h4', {}, ['Conditions']) : null,
    ...n.conditions.map(([k, v]) => h('div', { class: 'condition' }, [h('span', { class: 'key' }, [`${k}: `]), h('code', {}, [v])])),
    n.insights.length > 0 ? h('h4', {}, ['Insights']) : null,
    ...n.insights.map((i) => h('div', { class: `node-insight ${view.insights[i].severity}` }, [h('strong', {}, [view.insights[i].title]), h('div', {}, [view.insights[i].advice])])),
    h('h4', {}, ['All properties']),
    h('table', { class: 'kv props' }, n.details.map(([k, v]) => h('tr', {}, [h('th', {}, [k]), h('td', {}, [v])]))),
  ]);
}
