/**
 * When each recommended setting takes effect, for output without a connection (with one, pg_settings.context
 * is read instead). From the PostgreSQL documentation of each parameter; autovacuum_max_workers became
 * reloadable in 18 (autovacuum_worker_slots now sizes the shared memory).
 */
import type { SettingContext } from './types';

const CONTEXTS: Readonly<Record<string, SettingContext>> = {
  max_connections: 'postmaster',
  shared_buffers: 'postmaster',
  effective_cache_size: 'user',
  maintenance_work_mem: 'user',
  checkpoint_completion_target: 'sighup',
  wal_buffers: 'postmaster',
  default_statistics_target: 'user',
  random_page_cost: 'user',
  effective_io_concurrency: 'user',
  work_mem: 'user',
  huge_pages: 'postmaster',
  min_wal_size: 'sighup',
  max_wal_size: 'sighup',
  max_worker_processes: 'postmaster',
  max_parallel_workers_per_gather: 'user',
  max_parallel_workers: 'user',
  max_parallel_maintenance_workers: 'user',
  jit: 'user',
  // superuser-settable, in postgresql.conf a reload
  wal_compression: 'user',
  autovacuum_max_workers: 'postmaster',
  autovacuum_work_mem: 'sighup',
  wal_level: 'postmaster',
  max_wal_senders: 'postmaster',
  io_method: 'postmaster',
  io_workers: 'sighup',
};

export function settingContext(name: string, postgresVersion: number): SettingContext {
  if (name === 'autovacuum_max_workers' && postgresVersion >= 18) return 'sighup';
  return CONTEXTS[name] ?? 'sighup';
}

/** pg_settings.context onto the three we report: only postmaster needs a restart. */
export function contextFromPgSettings(context: string): SettingContext {
  if (context === 'postmaster' || context === 'internal') return 'postmaster';
  if (context === 'user' || context === 'superuser') return 'user';
  return 'sighup'; // sighup, backend, superuser-backend: a reload (backend ones for new sessions)
}

/** What applying a changed value takes. */
export function applyWord(context: SettingContext): 'restart' | 'reload' {
  return context === 'postmaster' ? 'restart' : 'reload';
}
