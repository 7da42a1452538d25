/** Numbers as the viewer shows them. */
import type { ViewNode } from '../../core/explain/view';

export function ms(value: number | null): string {
  if (value === null) return '';
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value >= 100 ? `${Math.round(value)} ms` : value >= 1 ? `${value.toFixed(1)} ms` : `${value.toFixed(3)} ms`;
}

export function count(value: number | null): string {
  if (value === null) return '';
  return Math.round(value).toLocaleString('en-US');
}

/** 1.2k, 3.4M: for cards, where space is short. */
export function compact(value: number | null): string {
  if (value === null) return '';
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(1)}G`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(1)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(1)}k`;
  return Math.round(value).toLocaleString('en-US');
}

export function percent(share: number | null): string {
  return share === null ? '' : `${share >= 0.1 ? Math.round(share * 100) : (share * 100).toFixed(1)}%`;
}

/** 8 kB blocks as bytes. */
export function blocks(value: number): string {
  if (value === 0) return '0';
  const bytes = value * 8192;
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

export function cost(value: number | null): string {
  return value === null ? '' : value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);
}

export function factor(n: ViewNode): string {
  if (n.estimateFactor === null || n.estimateDirection === null || n.estimateDirection === 'exact') return n.estimateFactor === 1 ? '1x' : '';
  const f = n.estimateFactor >= 10 ? Math.round(n.estimateFactor).toLocaleString('en-US') : n.estimateFactor.toFixed(1);
  return `${n.estimateDirection === 'under' ? '▼' : '▲'} ${f}x`;
}

/** Rows over all loops (what the node produced in total). */
export function totalRows(n: ViewNode): number | null {
  return n.actualRows === null ? null : n.actualRows * (n.loops ?? 1);
}
