/** The raw tab: the plan as PostgreSQL returned it and our analysis as text, with copy and save. */
import type { PlanView } from '../../core/explain/view';
import { custom, h } from './dom';

export interface RawActions {
  readonly onCopy: (what: 'json' | 'text') => void;
  readonly onSave: () => void;
}

function pretty(view: PlanView): string {
  if (view.rawFormat !== 'json') return view.raw;
  try {
    return JSON.stringify(JSON.parse(view.raw), null, 2);
  } catch {
    return view.raw;
  }
}

export function renderRaw(view: PlanView, actions: RawActions): HTMLElement {
  return h('div', { class: 'raw' }, [
    h('div', { class: 'toolbar' }, [
      custom('vscode-button', { class: 'copy-json', on: { click: () => actions.onCopy('json') } }, [view.rawFormat === 'json' ? 'Copy JSON' : 'Copy plan']),
      custom('vscode-button', { class: 'copy-text', attrs: { secondary: '' }, on: { click: () => actions.onCopy('text') } }, ['Copy analysis']),
      custom('vscode-button', { class: 'save', attrs: { secondary: '' }, on: { click: () => actions.onSave() } }, ['Save as .plan.json']),
    ]),
    view.query ? h('h4', {}, ['Query']) : null,
    view.query ? h('pre', { class: 'query' }, [view.query]) : null,
    h('h4', {}, [view.rawFormat === 'json' ? 'Plan (JSON)' : 'Plan (text)']),
    h('pre', { class: 'plan-raw' }, [pretty(view)]),
    h('h4', {}, ['Analysis']),
    h('pre', { class: 'plan-text' }, [view.text]),
    view.settings.length > 0 ? h('h4', {}, ['Settings changed from their defaults']) : null,
    view.settings.length > 0 ? h('table', { class: 'kv' }, view.settings.map(([k, v]) => h('tr', {}, [h('th', {}, [k]), h('td', {}, [v])]))) : null,
  ]);
}
