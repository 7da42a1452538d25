/** The index advisor's section of the insights tab: candidates the planner verified, with their SQL. */
import { custom, h } from './dom';
import { cost } from './format';
import type { IndexAdviceItem } from './protocol';

export interface IndexAdviceView {
  readonly route: string;
  readonly items: readonly IndexAdviceItem[];
  readonly notes: readonly string[];
  readonly error?: string;
}

function size(bytes: number | null): string {
  if (bytes === null) return '';
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} kB`;
}

export function renderIndexAdvice(
  state: 'idle' | 'running' | IndexAdviceView,
  actions: { readonly onRun: () => void; readonly onInsertSql: (sql: string) => void; readonly onAddToMigration: (name: string) => void },
): HTMLElement {
  const button = custom('vscode-button', { class: 'advise-indexes', attrs: state === 'running' ? { disabled: '' } : {}, on: { click: () => actions.onRun() } }, [
    state === 'running' ? 'Verifying candidates…' : 'Find indexes (verified by the planner)',
  ]);
  const intro = h('p', { class: 'hint' }, ['Candidate indexes from the query, each kept only if the planner uses it and it cuts the estimated cost by at least half.']);
  if (state === 'idle' || state === 'running') return h('section', { class: 'index-advice' }, [h('h4', {}, ['Indexes']), intro, state === 'running' ? h('p', { class: 'hint advising' }, ['The index advisor is checking the indexes these insights propose with the planner…']) : null, button]);
  const shown = state.items.filter((i) => i.status !== 'rejected');
  return h('section', { class: 'index-advice' }, [
    h('h4', {}, [`Indexes (${state.route === 'none' ? 'not verified' : `verified with ${state.route}`})`]),
    state.error ? h('p', { class: 'severity-text critical' }, [state.error]) : null,
    // Not a `hint`: a narrow panel hides hints, and these say why nothing was recommended (empty tables, say).
    ...state.notes.map((n) => h('p', { class: 'advice-note' }, [n])),
    shown.length === 0 && !state.error ? h('p', {}, ['No index helps this statement enough to recommend it.']) : null,
    ...shown.map((item) =>
      h('div', { class: `advice-item ${item.status}` }, [
        h('div', { class: 'insight-head' }, [
          h('span', { class: `severity ${item.status === 'recommended' ? 'info' : 'warning'}` }, [item.status]),
          item.costBefore !== null && item.costAfter !== null ? h('span', {}, [`cost ${cost(item.costBefore)} → ${cost(item.costAfter)}${item.reduction !== null ? ` (−${Math.round(item.reduction * 100)} %)` : ''}`]) : null,
          item.sizeBytes !== null ? h('span', { class: 'hint' }, [`~${size(item.sizeBytes)}`]) : null,
        ]),
        h('p', {}, [item.verdict]),
        h('div', { class: 'sql-block' }, [
          h('pre', {}, [item.sql]),
          item.name && item.status !== 'rejected' ? custom('vscode-button', { class: 'add-to-migration', on: { click: () => actions.onAddToMigration(item.name as string) } }, ['Add to Migration…']) : null,
          custom('vscode-button', { class: 'insert-sql', attrs: { secondary: '' }, on: { click: () => actions.onInsertSql(item.sql) } }, ['Insert SQL']),
        ]),
      ]),
    ),
    h('p', {}, [button]),
  ]);
}
