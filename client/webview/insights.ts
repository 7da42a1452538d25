/** The insights list: most important first, each linked to its node, with its advice and suggested SQL. */
import type { PlanView } from '../../core/explain/view';
import { custom, h } from './dom';

export interface InsightActions {
  readonly onSelect: (nodeId: number) => void;
  readonly onInsertSql: (sql: string) => void;
}

export function renderInsights(view: PlanView, actions: InsightActions): HTMLElement {
  if (view.insights.length === 0) {
    return h('div', { class: 'insights empty' }, ['No insights: nothing in this plan stands out.', view.analyzed ? null : ' Run Explain Analyze for timing-based insights.']);
  }
  return h(
    'ol',
    { class: 'insights' },
    view.insights.map((i, index) =>
      h('li', { class: `insight ${i.severity}`, data: { index } }, [
        h('div', { class: 'insight-head' }, [
          h('span', { class: `severity ${i.severity}` }, [i.severity]),
          h('span', { class: 'insight-title' }, [i.title]),
          i.nodeId !== null
            ? h(
                'button',
                { class: 'link-button node-link', title: 'Show this node in the diagram', on: { click: () => actions.onSelect(i.nodeId!) } },
                [view.nodes[i.nodeId]?.title ?? `node ${i.nodeId}`],
              )
            : null,
        ]),
        h('p', { class: 'explanation' }, [i.explanation]),
        h('p', { class: 'advice' }, [i.advice]),
        i.sql
          ? h('div', { class: 'sql-block' }, [
              h('pre', {}, [i.sql]),
              custom('vscode-button', { class: 'insert-sql', attrs: { secondary: '' }, title: 'Open this SQL in a new editor', on: { click: () => actions.onInsertSql(i.sql!) } }, ['Insert SQL']),
            ])
          : null,
      ]),
    ),
  );
}
