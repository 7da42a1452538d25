/**
 * The side panel for the selected table: what it is, where it is defined, every migration that changed it (in
 * order, each a link to the statement), its findings with their messages, and the focus controls.
 */
import type { DiagramLocation, DiagramNode, SchemaGraph } from '../../../core/schema-diagram/graph';
import { displayName } from '../../../core/schema-diagram/render-svg';
import { clear, h } from '../dom';

export interface DetailsActions {
  reveal(location: DiagramLocation): void;
  focus(id: string, hops: number): void;
  clearFocus(): void;
  select(id: string): void;
}

/** `migrations/0003_add_orders.sql` from a URI or path. */
export function fileLabel(file: string): string {
  const path = decodeURIComponent(file.replace(/^[a-z]+:\/\/[^/]*/i, ''));
  const parts = path.split('/').filter(Boolean);
  return parts.slice(-2).join('/');
}

function link(label: string, location: DiagramLocation | undefined, actions: DetailsActions, title?: string): HTMLElement {
  if (!location) return h('span', {}, [label]);
  return h('button', { class: 'link-button', title: title ?? `Open ${fileLabel(location.file)}`, on: { click: () => actions.reveal(location) } }, [label]);
}

export function renderDetails(panel: HTMLElement, node: DiagramNode | undefined, graph: SchemaGraph, focus: { id: string; hops: number } | undefined, actions: DetailsActions): void {
  clear(panel);
  panel.hidden = node === undefined;
  if (!node) return;
  const kind = node.kind.replace('-', ' ');
  panel.append(h('h2', {}, [displayName(node)]), h('div', { class: 'muted' }, [kind, node.change ? ` · ${node.change} in this comparison` : '', node.rowEstimate !== undefined ? ` · ~${Math.round(node.rowEstimate).toLocaleString('en-US')} rows` : '']));
  if (node.comment) panel.append(h('p', { class: 'comment' }, [node.comment]));
  const focusRow = h('div', { class: 'focus-row' }, [
    h('span', {}, ['Focus: ']),
    ...[1, 2, 3].map((hops) => h('button', { class: focus?.id === node.id && focus.hops === hops ? 'active' : '', title: `Show ${displayName(node)} and the tables within ${hops} foreign key${hops === 1 ? '' : 's'}`, on: { click: () => actions.focus(node.id, hops) } }, [`${hops} hop${hops === 1 ? '' : 's'}`])),
    focus ? h('button', { on: { click: () => actions.clearFocus() } }, ['All tables']) : null,
  ]);
  panel.append(focusRow);
  if (node.location) panel.append(h('h3', {}, ['Defined']), h('div', {}, [link(fileLabel(node.location.file), node.location, actions)]));
  if (node.history && node.history.length > 0) {
    panel.append(
      h('h3', {}, [`Changed by ${node.history.length} file${node.history.length === 1 ? '' : 's'}`]),
      h('ol', { class: 'history' }, node.history.map((l) => h('li', {}, [link(fileLabel(l.file), l, actions)]))),
    );
  }
  if (node.badges.length > 0) {
    panel.append(
      h('h3', {}, ['Findings']),
      h('ul', { class: 'badges' }, node.badges.map((b) => h('li', { class: b.severity }, [h('span', { class: 'rule' }, [b.ruleId]), ' ', link(b.message, b.location, actions, 'Go to the finding')]))),
    );
  }
  const related = graph.edges.filter((e) => e.kind === 'foreign-key' && (e.from === node.id || e.to === node.id));
  if (related.length > 0) {
    panel.append(
      h('h3', {}, ['Foreign keys']),
      h('ul', { class: 'keys' }, related.map((e) => {
        const other = e.from === node.id ? e.to : e.from;
        const otherNode = graph.nodes.find((n) => n.id === other);
        const arrow = e.from === node.id ? `(${e.fromColumns.join(', ')}) → ${otherNode ? displayName(otherNode) : other}` : `${otherNode ? displayName(otherNode) : other} (${e.fromColumns.join(', ')}) → here`;
        return h('li', { class: e.indexed ? '' : 'unindexed' }, [
          h('button', { class: 'link-button', on: { click: () => actions.select(other) } }, [arrow]),
          e.indexed ? '' : h('span', { class: 'warn', title: 'No index serves this key: deletes and key updates on the referenced table scan this one.' }, [' no index']),
        ]);
      })),
    );
  }
}
