/** Colouring a node by the metric the user picked: a 0..1 heat, shown as one of five classes (theme colours in CSS). */
import type { PlanView, ViewNode } from '../../core/explain/view';
import type { ColorMode } from './protocol';
import { totalRows } from './format';

export const COLOR_MODES: readonly { readonly mode: ColorMode; readonly label: string }[] = [
  { mode: 'time', label: 'Exclusive time' },
  { mode: 'cost', label: 'Exclusive cost' },
  { mode: 'rows', label: 'Rows' },
  { mode: 'estimate', label: 'Misestimate' },
  { mode: 'buffers', label: 'Buffers' },
];

/** The modes this plan has the numbers for: no time without timing, no buffers without BUFFERS, no misestimate without ANALYZE. */
export function availableModes(view: PlanView): readonly { readonly mode: ColorMode; readonly label: string }[] {
  return COLOR_MODES.filter((m) => (m.mode === 'time' ? view.maxExclusiveTime > 0 : m.mode === 'buffers' ? view.maxBuffers > 0 : m.mode === 'estimate' ? view.analyzed : true));
}

const log = (v: number): number => Math.log10(1 + Math.max(0, v));

export function heat(view: PlanView, n: ViewNode, mode: ColorMode): number {
  switch (mode) {
    case 'time':
      return view.maxExclusiveTime > 0 && n.exclusiveTime !== null ? n.exclusiveTime / view.maxExclusiveTime : 0;
    case 'cost':
      return view.maxExclusiveCost > 0 && n.exclusiveCost !== null ? n.exclusiveCost / view.maxExclusiveCost : 0;
    case 'rows':
      return view.maxRows > 0 ? log(totalRows(n) ?? n.planRows ?? 0) / log(view.maxRows) : 0;
    case 'estimate':
      return view.maxEstimateFactor > 1 && n.estimateFactor !== null ? Math.log(n.estimateFactor) / Math.log(Math.max(view.maxEstimateFactor, 10)) : 0;
    case 'buffers':
      return view.maxBuffers > 0 ? (n.buffers.hit + n.buffers.read) / view.maxBuffers : 0;
  }
}

/** heat-0 (cold) .. heat-4 (where the time goes). */
export function heatClass(value: number): string {
  const level = value >= 0.75 ? 4 : value >= 0.4 ? 3 : value >= 0.15 ? 2 : value >= 0.03 ? 1 : 0;
  return `heat-${level}`;
}
