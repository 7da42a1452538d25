/**
 * Settings PGTune does not give, each with its reason. Kept apart from pgtune.ts so the baseline stays exactly
 * PGTune's and these can be judged on their own.
 */
import type { OperatingSystem, TuneInput } from './types';

/**
 * PostgreSQL 18's asynchronous I/O. `worker` (the default) works everywhere; `io_uring` is faster on Linux but
 * needs a server built --with-liburing and a kernel that allows it (often blocked in containers), so we keep
 * worker and say when io_uring is worth trying.
 */
export function ioMethod(i: TuneInput): { readonly value: string; readonly reason: string } | undefined {
  if (i.postgresVersion < 18) return undefined;
  const os: OperatingSystem = i.os ?? 'linux';
  const reason =
    os === 'linux'
      ? 'asynchronous I/O through worker processes works on every build; io_uring is faster on Linux when the server was built --with-liburing and the kernel/container allows it'
      : 'asynchronous I/O through worker processes (io_uring is Linux-only)';
  return { value: 'worker', reason };
}

/** About one I/O worker per 4 CPUs (default 3, maximum 32): enough read-ahead without idle processes. */
export function ioWorkers(i: TuneInput): number | undefined {
  if (i.postgresVersion < 18 || !i.cpus) return undefined;
  return Math.min(Math.max(3, Math.ceil(i.cpus / 4)), 32);
}

/**
 * maintenance_io_concurrency (13+) prefetches for VACUUM, ANALYZE and recovery; the default (10, 16 from 18) is
 * tuned for spinning disks, so it follows effective_io_concurrency for the storage.
 */
export function maintenanceIoConcurrency(i: TuneInput, effectiveIo: number | undefined): number | undefined {
  if (i.postgresVersion < 13 || effectiveIo === undefined) return undefined;
  return effectiveIo;
}
