/**
 * PGTune's published formulas (le0pard/pgtune, src/features/configuration/configurationSlice.js, 2025 version
 * with PostgreSQL 18 as the default), re-derived here one setting per function. All memory in kB. Where PGTune
 * rounds, we round the same way so that our output equals PGTune's for the same input: the unit tests compare
 * against values computed by hand from these formulas.
 */
import type { OperatingSystem, Storage, TuneInput, Workload } from './types';

const MB = 1024; // in kB
const GB = 1024 * 1024; // in kB

export const DEFAULT_CONNECTIONS: Readonly<Record<Workload, number>> = { web: 200, oltp: 300, dw: 40, desktop: 20, mixed: 100 };

/** PGTune: 1/4 of RAM, 1/16 for a desktop; Windows before 10 capped at 512MB. */
export function sharedBuffersKb(i: TuneInput): number {
  const value = Math.floor(i.workload === 'desktop' ? i.ramKb / 16 : i.ramKb / 4);
  return i.postgresVersion < 10 && i.os === 'windows' ? Math.min(value, 512 * MB) : value;
}

/** PGTune: 3/4 of RAM, 1/4 for a desktop. */
export function effectiveCacheSizeKb(i: TuneInput): number {
  return Math.floor(i.workload === 'desktop' ? i.ramKb / 4 : (i.ramKb * 3) / 4);
}

/** PGTune: RAM/16 (RAM/8 for dw), capped at 8GB; Windows up to 17 caps at 2GB - 1MB (2GB itself is rejected). */
export function maintenanceWorkMemKb(i: TuneInput): number {
  const value = Math.floor(i.workload === 'dw' ? i.ramKb / 8 : i.ramKb / 16);
  const windowsCap = i.os === 'windows' && i.postgresVersion <= 17;
  const limit = windowsCap ? 2 * GB : 8 * GB;
  if (value < limit) return value;
  return windowsCap ? limit - MB : limit;
}

/** PGTune: min_wal_size and max_wal_size per workload. */
export function walSizesKb(w: Workload): { readonly min: number; readonly max: number } {
  const table: Record<Workload, [number, number]> = { web: [1024, 4096], oltp: [2048, 8192], dw: [4096, 16384], desktop: [100, 2048], mixed: [1024, 4096] };
  const [min, max] = table[w];
  return { min: min * MB, max: max * MB };
}

export const CHECKPOINT_COMPLETION_TARGET = 0.9;

/** PGTune: 3% of shared_buffers, at most 16MB, rounded up to 16MB above 14MB, at least 32kB. */
export function walBuffersKb(sharedBuffers: number): number {
  let value = Math.min(Math.floor((3 * sharedBuffers) / 100), 16 * MB);
  if (value > 14 * MB && value < 16 * MB) value = 16 * MB;
  return Math.max(value, 32);
}

export function defaultStatisticsTarget(w: Workload): number {
  return w === 'dw' ? 500 : 100;
}

export function randomPageCost(s: Storage): number {
  return s === 'hdd' ? 4 : 1.1;
}

/** PGTune sets it on Linux only (elsewhere the platform lacked posix_fadvise prefetching). */
export function effectiveIoConcurrency(s: Storage, os: OperatingSystem): number | undefined {
  if (os !== 'linux') return undefined;
  return { hdd: 2, ssd: 200, san: 300, nvme: 1000 }[s];
}

export interface ParallelSettings {
  readonly maxWorkerProcesses: number;
  readonly maxParallelWorkersPerGather: number;
  /** PostgreSQL 10+. */
  readonly maxParallelWorkers?: number;
  /** PostgreSQL 11+. */
  readonly maxParallelMaintenanceWorkers?: number;
}

/** PGTune: nothing below 4 CPUs; per gather half the CPUs (at most 4 unless dw); maintenance half, at most 4. */
export function parallelSettings(i: TuneInput): ParallelSettings | undefined {
  const cpus = i.cpus;
  if (!cpus || cpus < 4) return undefined;
  const perGather = i.workload === 'dw' ? Math.ceil(cpus / 2) : Math.min(Math.ceil(cpus / 2), 4);
  return {
    maxWorkerProcesses: cpus,
    maxParallelWorkersPerGather: perGather,
    ...(i.postgresVersion >= 10 ? { maxParallelWorkers: cpus } : {}),
    ...(i.postgresVersion >= 11 ? { maxParallelMaintenanceWorkers: Math.min(Math.ceil(cpus / 2), 4) } : {}),
  };
}

/**
 * PGTune: (RAM - shared_buffers) / ((max_connections + max_worker_processes) * 3), since each query may run
 * several sort/hash nodes at once; halved for dw and mixed, a sixth for a desktop; at least 4MB; Windows up to 17
 * capped at 2GB - 1MB. max_worker_processes is the CPU count when parallel settings apply, else its default 8.
 */
export function workMemKb(i: TuneInput, connections: number): number {
  const workers = parallelSettings(i)?.maxWorkerProcesses ?? 8;
  const base = (i.ramKb - sharedBuffersKb(i)) / ((connections + workers) * 3);
  const divisor: Record<Workload, number> = { web: 1, oltp: 1, dw: 2, mixed: 2, desktop: 6 };
  let value = Math.max(Math.floor(base / divisor[i.workload]), 4 * MB);
  if (i.os === 'windows' && i.postgresVersion <= 17) value = Math.min(value, 2 * GB - MB);
  return value;
}

/** PGTune: try when shared_buffers is at least 2GB (macOS has no huge pages for PostgreSQL). */
export function hugePages(sharedBuffers: number, os: OperatingSystem): 'try' | 'off' {
  return os !== 'mac' && sharedBuffers >= 2 * GB ? 'try' : 'off';
}

/** PGTune: lz4 from 15 (packaged builds include it), pglz ("on") from 10. */
export function walCompression(postgresVersion: number): string | undefined {
  if (postgresVersion >= 15) return 'lz4';
  return postgresVersion >= 10 ? 'on' : undefined;
}

/** PGTune: the default 3 workers until 16 CPUs, then 4, and 5 from 32. */
export function autovacuumMaxWorkers(cpus: number | undefined): number | undefined {
  if (!cpus || cpus < 16) return undefined;
  return cpus >= 32 ? 5 : 4;
}

/** PGTune: cap each autovacuum worker at 2GB once maintenance_work_mem reaches it. */
export function autovacuumWorkMemKb(maintenanceWorkMem: number): number | undefined {
  return maintenanceWorkMem >= 2 * GB ? 2 * GB : undefined;
}

/** PGTune: turns JIT off for web, oltp and mixed from 12, where it is on by default. */
export function jitOff(i: TuneInput): boolean {
  return i.postgresVersion >= 12 && (i.workload === 'web' || i.workload === 'oltp' || i.workload === 'mixed');
}

/** PGTune: RAM below 256MB or above 100GB. */
export function inputWarnings(i: TuneInput): string[] {
  if (i.ramKb < 256 * MB) return ['PGTune\'s formulas are not optimal for low-memory systems (under 256MB).'];
  if (i.ramKb > 100 * GB) return ['PGTune\'s formulas are not optimal for very high memory systems (over 100GB).'];
  return [];
}
