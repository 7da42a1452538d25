/** Inputs and outputs of the configuration advisor. Pure data; memory is always in kB, as pg_settings counts it. */

export const WORKLOADS = ['web', 'oltp', 'dw', 'mixed', 'desktop'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** nvme is PGTune's fourth storage class; ssd, hdd and san are the common ones. */
export const STORAGES = ['ssd', 'hdd', 'san', 'nvme'] as const;
export type Storage = (typeof STORAGES)[number];

export const OPERATING_SYSTEMS = ['linux', 'windows', 'mac'] as const;
export type OperatingSystem = (typeof OPERATING_SYSTEMS)[number];

export interface TuneInput {
  /** Total RAM of the server, in kB. */
  readonly ramKb: number;
  /** CPU count; unknown means no parallelism settings (as PGTune does). */
  readonly cpus?: number;
  readonly storage: Storage;
  readonly workload: Workload;
  /** max_connections; default per workload. */
  readonly connections?: number;
  /** Major version of the server (10..18). */
  readonly postgresVersion: number;
  readonly os?: OperatingSystem;
}

/**
 * When a changed setting takes effect: `postmaster` needs a restart, `sighup` a reload, `user` a reload (or SET
 * in a session). pg_settings' finer contexts (superuser, backend, ...) map onto these three.
 */
export type SettingContext = 'postmaster' | 'sighup' | 'user';

export interface Recommendation {
  readonly name: string;
  /** Memory in kB (unit 'kB'), else the number or word postgresql.conf takes. */
  readonly value: number | string;
  readonly unit?: 'kB';
  /** The value as postgresql.conf reads it: 4GB, 20164kB, 1.1, try. */
  readonly text: string;
  /** One line: why this value. */
  readonly reason: string;
  readonly context: SettingContext;
  /** PGTune's formula, or one of ours. */
  readonly source: 'pgtune' | 'architect';
}

export interface TuneResult {
  readonly recommendations: readonly Recommendation[];
  /** Warnings about the input (PGTune's "not optimal for ..." messages). */
  readonly warnings: readonly string[];
  /** The connection count used (given or the workload's default). */
  readonly connections: number;
}
