/** The configuration advisor: PGTune's baseline plus our additions, in PGTune's order, each with its reason. */
import { ioMethod, ioWorkers, maintenanceIoConcurrency } from './additions';
import { settingContext } from './contexts';
import { formatKb } from './memory';
import * as P from './pgtune';
import type { Recommendation, TuneInput, TuneResult } from './types';

export function recommend(input: TuneInput): TuneResult {
  const i: TuneInput = { ...input, os: input.os ?? 'linux' };
  const os = i.os ?? 'linux';
  const w = i.workload;
  const connections = i.connections ?? P.DEFAULT_CONNECTIONS[w];
  const out: Recommendation[] = [];
  const add = (name: string, value: number | string, reason: string, source: Recommendation['source'] = 'pgtune'): void => {
    out.push({ name, value, text: String(value), reason, context: settingContext(name, i.postgresVersion), source });
  };
  const addKb = (name: string, kb: number, reason: string, source: Recommendation['source'] = 'pgtune'): void => {
    out.push({ name, value: kb, unit: 'kB', text: formatKb(kb), reason, context: settingContext(name, i.postgresVersion), source });
  };

  add('max_connections', connections, i.connections ? 'as given; put a pooler (PgBouncer) in front rather than raising it' : `PGTune's default for a ${w} workload; a pooler beats raising it`);
  const sharedBuffers = P.sharedBuffersKb(i);
  addKb('shared_buffers', sharedBuffers, w === 'desktop' ? '1/16 of RAM on a desktop, leaving memory to other programs' : '25% of RAM; the OS page cache serves the rest');
  addKb('effective_cache_size', P.effectiveCacheSizeKb(i), `${w === 'desktop' ? '25%' : '75%'} of RAM: what the planner may assume is cached (allocates nothing)`);
  const maintenance = P.maintenanceWorkMemKb(i);
  addKb('maintenance_work_mem', maintenance, `RAM/${w === 'dw' ? 8 : 16}, at most 8GB: faster VACUUM, CREATE INDEX and ALTER TABLE ADD FOREIGN KEY`);
  add('checkpoint_completion_target', P.CHECKPOINT_COMPLETION_TARGET, 'spreads checkpoint writes over 90% of the interval (the default since 14)');
  addKb('wal_buffers', P.walBuffersKb(sharedBuffers), '3% of shared_buffers, at most 16MB (one WAL segment)');
  add('default_statistics_target', P.defaultStatisticsTarget(w), w === 'dw' ? 'larger samples for the complex estimates of analytic queries' : 'the default sample size suits short queries');
  add('random_page_cost', P.randomPageCost(i.storage), i.storage === 'hdd' ? 'spinning disks: random reads cost 4x sequential ones' : `${i.storage.toUpperCase()}: random reads cost about as much as sequential ones, so index scans are not penalised`);
  const effectiveIo = P.effectiveIoConcurrency(i.storage, os);
  if (effectiveIo !== undefined) add('effective_io_concurrency', effectiveIo, `concurrent reads ${i.storage.toUpperCase()} can serve (bitmap heap scan prefetch)`);
  const maintenanceIo = maintenanceIoConcurrency(i, effectiveIo);
  if (maintenanceIo !== undefined) add('maintenance_io_concurrency', maintenanceIo, 'prefetch for VACUUM, ANALYZE and recovery, matched to the storage', 'architect');
  addKb(
    'work_mem',
    P.workMemKb(i, connections),
    `(RAM - shared_buffers) / ((max_connections + workers) x 3)${w === 'dw' || w === 'mixed' ? ' / 2' : w === 'desktop' ? ' / 6' : ''}, at least 4MB: each sort or hash may use this much`,
  );
  add('huge_pages', P.hugePages(sharedBuffers, os), P.hugePages(sharedBuffers, os) === 'try' ? 'shared_buffers of 2GB or more: huge pages cut page-table memory and TLB misses' : 'shared_buffers under 2GB gains little from huge pages');
  if (P.jitOff(i)) add('jit', 'off', 'JIT compilation costs more than it saves on short OLTP/web queries');
  const compression = P.walCompression(i.postgresVersion);
  if (compression) add('wal_compression', compression, `compresses full-page images: less WAL for a little CPU${compression === 'lz4' ? ' (lz4 is the fast one, 15+)' : ''}`);
  const avWorkers = P.autovacuumMaxWorkers(i.cpus);
  if (avWorkers !== undefined) add('autovacuum_max_workers', avWorkers, 'enough CPUs to vacuum more tables at once');
  const avMem = P.autovacuumWorkMemKb(maintenance);
  if (avMem !== undefined) addKb('autovacuum_work_mem', avMem, 'caps each autovacuum worker at 2GB so several cannot exhaust RAM');
  const io = ioMethod(i);
  if (io) add('io_method', io.value, io.reason, 'architect');
  const workers = ioWorkers(i);
  if (workers !== undefined) add('io_workers', workers, 'about one I/O worker per 4 CPUs (default 3)', 'architect');
  const wal = P.walSizesKb(w);
  addKb('min_wal_size', wal.min, `WAL kept for reuse between checkpoints at a ${w} write rate`);
  addKb('max_wal_size', wal.max, `WAL allowed before a checkpoint is forced, for a ${w} write rate`);
  const parallel = P.parallelSettings(i);
  if (parallel) {
    add('max_worker_processes', parallel.maxWorkerProcesses, 'one background worker per CPU');
    add('max_parallel_workers_per_gather', parallel.maxParallelWorkersPerGather, w === 'dw' ? 'half the CPUs per query: analytic queries scale with workers' : 'half the CPUs, at most 4: more workers per query rarely pay off');
    if (parallel.maxParallelWorkers !== undefined) add('max_parallel_workers', parallel.maxParallelWorkers, 'all CPUs may run parallel workers');
    if (parallel.maxParallelMaintenanceWorkers !== undefined) add('max_parallel_maintenance_workers', parallel.maxParallelMaintenanceWorkers, 'half the CPUs, at most 4: parallel CREATE INDEX and VACUUM');
  }
  if (w === 'desktop') {
    add('wal_level', 'minimal', 'no replication or point-in-time recovery on a desktop: the least WAL');
    add('max_wal_senders', 0, 'required by wal_level = minimal');
  }
  return { recommendations: out, warnings: P.inputWarnings(i), connections };
}
