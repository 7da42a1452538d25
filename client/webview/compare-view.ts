/** The compare tab: pick two runs of the statement; their nodes side by side with the differences. */
import type { PlanComparison } from '../../core/explain/view';
import { custom, h } from './dom';
import { blocks, compact, cost, ms } from './format';
import type { RunInfo } from './protocol';

export function renderComparePicker(history: readonly RunInfo[], current: string, onCompare: (left: string, right: string) => void): HTMLElement {
  if (history.length < 2) {
    return h('div', { class: 'compare empty' }, ['Run Explain on this statement again (after adding an index, changing a setting or rewriting it) to compare two runs here.']);
  }
  const options = (selectedId: string): HTMLElement[] =>
    history.map((r) => custom('vscode-option', { attrs: { value: r.id, ...(r.id === selectedId ? { selected: '' } : {}) } }, [`${r.label} · ${r.database}`]));
  const previous = history.find((r) => r.id !== current)?.id ?? history[0].id;
  const left = custom('vscode-single-select', { class: 'compare-left', attrs: { 'aria-label': 'Before' } }, options(previous));
  const right = custom('vscode-single-select', { class: 'compare-right', attrs: { 'aria-label': 'After' } }, options(current));
  const value = (el: HTMLElement): string => (el as HTMLElement & { value?: string }).value ?? '';
  return h('div', { class: 'compare-picker toolbar' }, [
    h('span', {}, ['Before']),
    left,
    h('span', {}, ['After']),
    right,
    custom('vscode-button', { class: 'compare-run', on: { click: () => onCompare(value(left) || previous, value(right) || current) } }, ['Compare']),
  ]);
}

function delta(a: number | null, b: number | null, show: (v: number) => string): HTMLElement {
  if (a === null && b === null) return h('td', { class: 'num' });
  if (a === null || b === null) return h('td', { class: 'num' }, [a === null ? `new ${show(b!)}` : `gone (${show(a)})`]);
  const diff = b - a;
  const ratio = a > 0 ? b / a : b > 0 ? Infinity : 1;
  const cls = Math.abs(diff) < 1e-9 || (ratio > 0.9 && ratio < 1.1) ? 'same' : diff < 0 ? 'better' : 'worse';
  const text = cls === 'same' ? '≈' : `${diff > 0 ? '+' : '−'}${show(Math.abs(diff))}${Number.isFinite(ratio) && ratio > 0 ? ` (${ratio >= 1 ? `${ratio.toFixed(ratio >= 10 ? 0 : 1)}x` : `÷${(1 / ratio).toFixed(1 / ratio >= 10 ? 0 : 1)}`})` : ''}`;
  return h('td', { class: `num delta ${cls}` }, [text]);
}

export function renderComparison(left: RunInfo, right: RunInfo, comparison: PlanComparison): HTMLElement {
  const pair = (v: readonly [number | null, number | null], show: (x: number) => string): string => `${v[0] === null ? '–' : show(v[0])} → ${v[1] === null ? '–' : show(v[1])}`;
  const summary = h('table', { class: 'kv compare-summary' }, [
    h('tr', {}, [h('th', {}, ['Runs']), h('td', {}, [`${left.label} → ${right.label}`])]),
    h('tr', {}, [h('th', {}, ['Total time']), h('td', {}, [pair(comparison.totalTime, ms)]), delta(comparison.totalTime[0], comparison.totalTime[1], ms)]),
    h('tr', {}, [h('th', {}, ['Planning time']), h('td', {}, [pair(comparison.planningTime, ms)]), delta(comparison.planningTime[0], comparison.planningTime[1], ms)]),
    h('tr', {}, [h('th', {}, ['Total cost']), h('td', {}, [pair(comparison.totalCost, cost)]), delta(comparison.totalCost[0], comparison.totalCost[1], cost)]),
    h('tr', {}, [h('th', {}, ['Buffers']), h('td', {}, [pair(comparison.totalBuffers, blocks)]), delta(comparison.totalBuffers[0], comparison.totalBuffers[1], blocks)]),
  ]);
  // Columns by kind, so a narrow panel can keep the nodes and the time (styles.css).
  const COLUMNS = [['Before', 'node'], ['After', 'node'], ['Time', 'time'], ['Δ time', 'time'], ['Rows', 'more'], ['Δ rows', 'more'], ['Cost', 'more'], ['Δ cost', 'more'], ['Buffers', 'more'], ['Δ buffers', 'more']] as const;
  const head = h('tr', {}, COLUMNS.map(([t, kind]) => h('th', { class: `col-${kind}` }, [t])));
  const tag = (cells: HTMLElement[]): HTMLElement[] => cells.map((c, i) => (c.classList.add(`col-${COLUMNS[i][1]}`), c));
  const body = comparison.rows.map((r) => {
    const indent = (title: string | null): HTMLElement => {
      const td = h('td', { class: 'node' }, [title ?? '—']);
      td.style.paddingLeft = `${8 + r.depth * 14}px`;
      return td;
    };
    return h('tr', { class: r.left === null ? 'added' : r.right === null ? 'removed' : r.leftTitle !== r.rightTitle ? 'changed' : '' }, tag([
      indent(r.leftTitle),
      indent(r.rightTitle),
      h('td', { class: 'num' }, [pair(r.time, ms)]),
      delta(r.time[0], r.time[1], ms),
      h('td', { class: 'num' }, [pair(r.rows, compact)]),
      delta(r.rows[0], r.rows[1], compact),
      h('td', { class: 'num' }, [pair(r.cost, cost)]),
      delta(r.cost[0], r.cost[1], cost),
      h('td', { class: 'num' }, [pair(r.buffers, blocks)]),
      delta(r.buffers[0], r.buffers[1], blocks),
    ]));
  });
  return h('div', { class: 'comparison' }, [summary, h('table', { class: 'grid compare-grid' }, [h('thead', {}, [head]), h('tbody', {}, body)])]);
}
