/**
 * What the configuration advisor reads from a connected server: pg_settings rows for the recommended names, and
 * the machine's RAM and CPU count when the server lets us read /proc (pg_read_file of an absolute path needs
 * superuser or pg_read_server_files, and only Linux has /proc). Read-only; nothing else is portable, so the
 * caller asks for --ram when this returns nothing.
 */
import type { Session } from '../db/session';
import type { ServerSetting } from './tune/compare';

interface SettingRow {
  name: string;
  setting: string;
  unit: string | null;
  context: string;
  vartype: string;
  enumvals: string[] | null;
  pending_restart: boolean;
}

export async function readSettings(session: Session, names: readonly string[]): Promise<ServerSetting[]> {
  const r = await session.query<SettingRow>('SELECT name, setting, unit, context, vartype, enumvals, pending_restart FROM pg_catalog.pg_settings WHERE name = ANY($1::text[])', [names]);
  return r.rows.map((row) => ({
    name: row.name,
    setting: row.setting,
    unit: row.unit,
    context: row.context,
    vartype: row.vartype,
    enumvals: row.enumvals,
    pendingRestart: row.pending_restart === true,
  }));
}

export interface ServerMachine {
  /** MemTotal of /proc/meminfo, rounded down to whole MB, in kB. */
  readonly ramKb?: number;
  readonly cpus?: number;
  /** Why it could not be read, for the message asking for --ram. */
  readonly problem?: string;
}

/** MemTotal in kB from /proc/meminfo text. */
export function memTotalKb(meminfo: string): number | undefined {
  const m = /^MemTotal:\s+(\d+)\s*kB/m.exec(meminfo);
  return m ? Math.floor(Number(m[1]) / 1024) * 1024 : undefined;
}

/** Processor count from /proc/cpuinfo text. */
export function cpuCount(cpuinfo: string): number | undefined {
  const n = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  return n > 0 ? n : undefined;
}

async function readServerFile(session: Session, path: string): Promise<string | { problem: string }> {
  try {
    // In autocommit: a permission error leaves no transaction to roll back.
    const r = await session.query<{ text: string }>('SELECT pg_catalog.pg_read_file($1) AS text', [path]);
    return r.rows[0]?.text ?? { problem: `${path} is empty` };
  } catch (e) {
    return { problem: e instanceof Error ? e.message : String(e) };
  }
}

export async function readServerMachine(session: Session): Promise<ServerMachine> {
  const meminfo = await readServerFile(session, '/proc/meminfo');
  if (typeof meminfo !== 'string') return { problem: meminfo.problem };
  const ramKb = memTotalKb(meminfo);
  const cpuinfo = await readServerFile(session, '/proc/cpuinfo');
  const cpus = typeof cpuinfo === 'string' ? cpuCount(cpuinfo) : undefined;
  return ramKb ? { ramKb, ...(cpus ? { cpus } : {}) } : { problem: '/proc/meminfo has no MemTotal line' };
}
