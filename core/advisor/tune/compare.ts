/**
 * Current (pg_settings) against recommended. Pure: the rows are read elsewhere. Memory settings are compared in
 * kB whatever unit pg_settings reports them in (8kB blocks for shared_buffers, MB for max_wal_size, ...).
 */
import { applyWord, contextFromPgSettings } from './contexts';
import { formatKb } from './memory';
import type { Recommendation, SettingContext } from './types';

/** One row of pg_settings, as read. */
export interface ServerSetting {
  readonly name: string;
  readonly setting: string;
  readonly unit: string | null;
  readonly context: string;
  readonly vartype: string;
  readonly enumvals: readonly string[] | null;
  readonly pendingRestart: boolean;
}

export interface SettingComparison {
  readonly name: string;
  /** As postgresql.conf would show it; undefined when the server has no such setting. */
  readonly current?: string;
  readonly recommended: string;
  readonly status: 'same' | 'change' | 'unavailable';
  readonly apply: 'restart' | 'reload';
  readonly context: SettingContext;
  readonly reason: string;
  /** A change already written but waiting for a restart. */
  readonly pendingRestart: boolean;
}

const UNIT_KB: Readonly<Record<string, number>> = { B: 1 / 1024, kB: 1, MB: 1024, GB: 1024 ** 2, TB: 1024 ** 3 };

/** pg_settings' unit ("8kB", "MB", "16MB") as kB per unit, or undefined for non-memory units. */
export function unitInKb(unit: string | null): number | undefined {
  const m = unit ? /^(\d*)(B|kB|MB|GB|TB)$/.exec(unit) : null;
  if (!m) return undefined;
  return (m[1] ? Number(m[1]) : 1) * UNIT_KB[m[2]];
}

const BOOL: Readonly<Record<string, string>> = { on: 'on', true: 'on', yes: 'on', '1': 'on', off: 'off', false: 'off', no: 'off', '0': 'off' };

function currentText(s: ServerSetting): string {
  const perUnit = unitInKb(s.unit);
  const n = Number(s.setting);
  if (perUnit !== undefined && Number.isFinite(n) && n >= 0) {
    const kb = n * perUnit;
    return Number.isInteger(kb) ? formatKb(kb) : `${n}${s.unit}`;
  }
  return s.setting;
}

function sameValue(s: ServerSetting, r: Recommendation): boolean {
  const perUnit = unitInKb(s.unit);
  if (r.unit === 'kB' && perUnit !== undefined) return Number(s.setting) * perUnit === r.value;
  if (typeof r.value === 'number' && (s.vartype === 'integer' || s.vartype === 'real')) return Math.abs(Number(s.setting) - r.value) < 1e-9;
  const a = s.setting.toLowerCase();
  const b = String(r.value).toLowerCase();
  return s.vartype === 'bool' ? BOOL[a] === BOOL[b] : a === b;
}

/**
 * Adjusts a recommendation to what this server accepts: wal_compression = lz4 on a build without lz4 becomes
 * pglz (the enum lists what the build supports).
 */
export function adaptToServer(r: Recommendation, s: ServerSetting | undefined): Recommendation {
  if (r.name === 'wal_compression' && s?.enumvals && !s.enumvals.includes(String(r.value))) {
    return { ...r, value: 'pglz', text: 'pglz', reason: `${r.reason}; this build has no lz4, so pglz` };
  }
  return r;
}

export function compareSettings(recommendations: readonly Recommendation[], server: readonly ServerSetting[]): SettingComparison[] {
  const byName = new Map(server.map((s) => [s.name, s]));
  return recommendations.map((original) => {
    const s = byName.get(original.name);
    const r = adaptToServer(original, s);
    const context = s ? contextFromPgSettings(s.context) : r.context;
    if (!s) return { name: r.name, recommended: r.text, status: 'unavailable', apply: applyWord(context), context, reason: `${r.reason} (not a setting of this server version)`, pendingRestart: false };
    return {
      name: r.name,
      current: currentText(s),
      recommended: r.text,
      status: sameValue(s, r) ? 'same' : 'change',
      apply: applyWord(context),
      context,
      reason: r.reason,
      pendingRestart: s.pendingRestart,
    };
  });
}
