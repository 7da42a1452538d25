// The configuration advisor against PGTune: each expected value is computed by hand from PGTune's formulas
// (le0pard/pgtune, src/features/configuration/configurationSlice.js; the Windows and floor cases are the ones
// PGTune's own tests pin down), then our additions and the comparison with pg_settings.
import { strict as assert } from 'node:assert';
import { compareSettings, formatKb, parseMemory, recommend, type ServerSetting, type TuneInput } from '../../../core/advisor/tune';

const GB = 1024 * 1024;

function conf(input: TuneInput): Record<string, string> {
  return Object.fromEntries(recommend(input).recommendations.map((r) => [r.name, r.text]));
}

describe('tune: PGTune formulas', () => {
  it('16GB, 8 CPUs, SSD, web, PostgreSQL 18 (the README example)', () => {
    const c = conf({ ramKb: 16 * GB, cpus: 8, storage: 'ssd', workload: 'web', postgresVersion: 18 });
    // shared_buffers 16GB/4; effective_cache_size 16GB*3/4; maintenance 16GB/16; wal_buffers min(3% of 4GB, 16MB)
    // work_mem (16777216 - 4194304) / ((200 + 8) * 3) = 20164.9 -> 20164kB
    assert.deepEqual(
      {
        max_connections: c.max_connections, shared_buffers: c.shared_buffers, effective_cache_size: c.effective_cache_size, maintenance_work_mem: c.maintenance_work_mem,
        checkpoint_completion_target: c.checkpoint_completion_target, wal_buffers: c.wal_buffers, default_statistics_target: c.default_statistics_target,
        random_page_cost: c.random_page_cost, effective_io_concurrency: c.effective_io_concurrency, work_mem: c.work_mem, huge_pages: c.huge_pages,
        min_wal_size: c.min_wal_size, max_wal_size: c.max_wal_size, max_worker_processes: c.max_worker_processes,
        max_parallel_workers_per_gather: c.max_parallel_workers_per_gather, max_parallel_workers: c.max_parallel_workers,
        max_parallel_maintenance_workers: c.max_parallel_maintenance_workers, jit: c.jit, wal_compression: c.wal_compression,
      },
      {
        max_connections: '200', shared_buffers: '4GB', effective_cache_size: '12GB', maintenance_work_mem: '1GB',
        checkpoint_completion_target: '0.9', wal_buffers: '16MB', default_statistics_target: '100',
        random_page_cost: '1.1', effective_io_concurrency: '200', work_mem: '20164kB', huge_pages: 'try',
        min_wal_size: '1GB', max_wal_size: '4GB', max_worker_processes: '8',
        max_parallel_workers_per_gather: '4', max_parallel_workers: '8',
        max_parallel_maintenance_workers: '4', jit: 'off', wal_compression: 'lz4',
      },
    );
    assert.equal(c.autovacuum_max_workers, undefined, 'PGTune keeps the default 3 below 16 CPUs');
    assert.equal(c.autovacuum_work_mem, undefined, 'maintenance_work_mem under 2GB');
  });

  it('64GB, 32 CPUs, HDD, data warehouse, PostgreSQL 16', () => {
    const c = conf({ ramKb: 64 * GB, cpus: 32, storage: 'hdd', workload: 'dw', postgresVersion: 16 });
    // maintenance 64GB/8 = 8GB, exactly the cap; work_mem (67108864 - 16777216) / ((40 + 32) * 3) / 2 = 116508.4
    assert.equal(c.max_connections, '40');
    assert.equal(c.shared_buffers, '16GB');
    assert.equal(c.effective_cache_size, '48GB');
    assert.equal(c.maintenance_work_mem, '8GB');
    assert.equal(c.default_statistics_target, '500');
    assert.equal(c.random_page_cost, '4');
    assert.equal(c.effective_io_concurrency, '2');
    assert.equal(c.work_mem, '116508kB');
    assert.equal(c.min_wal_size, '4GB');
    assert.equal(c.max_wal_size, '16GB');
    assert.equal(c.max_parallel_workers_per_gather, '16', 'dw: half the CPUs, not capped at 4');
    assert.equal(c.max_parallel_maintenance_workers, '4');
    assert.equal(c.autovacuum_max_workers, '5');
    assert.equal(c.autovacuum_work_mem, '2GB');
    assert.equal(c.jit, undefined, 'JIT stays on for analytics');
    assert.equal(c.io_method, undefined, 'io_method is 18+');
  });

  it('2GB, 2 CPUs, SSD, OLTP, 100 connections, PostgreSQL 13', () => {
    const c = conf({ ramKb: 2 * GB, cpus: 2, storage: 'ssd', workload: 'oltp', connections: 100, postgresVersion: 13 });
    // wal_buffers 3% of 512MB = 15728kB, between 14MB and 16MB: rounded up to 16MB
    // work_mem (2097152 - 524288) / ((100 + 8) * 3) = 4854.5 -> 4854kB (8 = default max_worker_processes)
    assert.equal(c.max_connections, '100');
    assert.equal(c.shared_buffers, '512MB');
    assert.equal(c.effective_cache_size, '1536MB');
    assert.equal(c.maintenance_work_mem, '128MB');
    assert.equal(c.wal_buffers, '16MB');
    assert.equal(c.work_mem, '4854kB');
    assert.equal(c.huge_pages, 'off');
    assert.equal(c.max_worker_processes, undefined, 'no parallel settings below 4 CPUs');
    assert.equal(c.wal_compression, 'on', 'pglz before 15');
    assert.equal(c.min_wal_size, '2GB');
    assert.equal(c.max_wal_size, '8GB');
  });

  it('8GB desktop on Windows, PostgreSQL 17, CPUs unknown', () => {
    const c = conf({ ramKb: 8 * GB, storage: 'hdd', workload: 'desktop', postgresVersion: 17, os: 'windows' });
    // work_mem (8388608 - 524288) / ((20 + 8) * 3) / 6 = 15603.8
    assert.equal(c.max_connections, '20');
    assert.equal(c.shared_buffers, '512MB');
    assert.equal(c.effective_cache_size, '2GB');
    assert.equal(c.maintenance_work_mem, '512MB');
    assert.equal(c.work_mem, '15603kB');
    assert.equal(c.effective_io_concurrency, undefined, 'PGTune sets it on Linux only');
    assert.equal(c.wal_level, 'minimal');
    assert.equal(c.max_wal_senders, '0');
    assert.equal(c.min_wal_size, '100MB');
    assert.equal(c.max_wal_size, '2GB');
  });

  it("PGTune's own limits: Windows caps until 17, the 4MB work_mem floor, parallel settings per version", () => {
    const win17 = conf({ ramKb: 256 * GB, cpus: 4, connections: 20, storage: 'ssd', workload: 'web', postgresVersion: 17, os: 'windows' });
    assert.equal(win17.maintenance_work_mem, formatKb(2096128), '2GB - 1MB');
    assert.equal(win17.work_mem, formatKb(2096128));
    const win18 = conf({ ramKb: 256 * GB, cpus: 4, connections: 20, storage: 'ssd', workload: 'web', postgresVersion: 18, os: 'windows' });
    assert.equal(win18.work_mem, '2796202kB', '201326592 / 72');
    assert.equal(win18.maintenance_work_mem, '8GB');
    assert.equal(win18.autovacuum_work_mem, '2GB');
    assert.equal(conf({ ramKb: 4 * GB, cpus: 4, connections: 9999, storage: 'ssd', workload: 'web', postgresVersion: 15 }).work_mem, '4MB');
    const pg10 = conf({ ramKb: 16 * GB, cpus: 12, storage: 'ssd', workload: 'web', postgresVersion: 10 });
    assert.deepEqual([pg10.max_worker_processes, pg10.max_parallel_workers_per_gather, pg10.max_parallel_workers, pg10.max_parallel_maintenance_workers], ['12', '4', '12', undefined]);
    assert.equal(conf({ ramKb: 16 * GB, cpus: 12, storage: 'ssd', workload: 'web', postgresVersion: 13 }).max_parallel_maintenance_workers, '4');
    assert.equal(conf({ ramKb: 128 * GB, storage: 'ssd', workload: 'web', postgresVersion: 16, os: 'mac' }).huge_pages, 'off');
    assert.equal(conf({ ramKb: 16 * GB, storage: 'san', workload: 'web', postgresVersion: 16 }).effective_io_concurrency, '300');
  });

  it('warns outside the memory range PGTune is made for', () => {
    assert.match(recommend({ ramKb: 128 * 1024, storage: 'ssd', workload: 'web', postgresVersion: 16 }).warnings[0], /low-memory/);
    assert.match(recommend({ ramKb: 128 * GB, storage: 'ssd', workload: 'web', postgresVersion: 16 }).warnings[0], /high memory/);
  });
});

describe('tune: our additions and contexts', () => {
  it('every recommendation has a reason and says whether it needs a restart', () => {
    const result = recommend({ ramKb: 32 * GB, cpus: 16, storage: 'nvme', workload: 'oltp', postgresVersion: 18 });
    for (const r of result.recommendations) {
      assert.ok(r.reason.length > 10 && !r.reason.includes('\n'), r.name);
      assert.ok(['postmaster', 'sighup', 'user'].includes(r.context), r.name);
    }
    const by = Object.fromEntries(result.recommendations.map((r) => [r.name, r]));
    assert.equal(by.shared_buffers.context, 'postmaster');
    assert.equal(by.work_mem.context, 'user');
    assert.equal(by.max_wal_size.context, 'sighup');
    assert.equal(by.autovacuum_max_workers.context, 'sighup', 'reloadable from 18');
    assert.equal(by.io_method.value, 'worker');
    assert.equal(by.io_method.source, 'architect');
    assert.match(by.io_method.reason, /io_uring/);
    assert.equal(by.io_workers.value, 4, 'ceil(16 / 4)');
    assert.equal(by.effective_io_concurrency.value, 1000);
    assert.equal(by.jit.value, 'off');
    assert.equal(recommend({ ramKb: 32 * GB, cpus: 16, storage: 'ssd', workload: 'oltp', postgresVersion: 17 }).recommendations.find((r) => r.name === 'autovacuum_max_workers')?.context, 'postmaster');
  });

  it('parses and prints memory as postgresql.conf does', () => {
    assert.deepEqual(parseMemory('16GB'), { kb: 16 * GB });
    assert.deepEqual(parseMemory('512mb'), { kb: 512 * 1024 });
    assert.deepEqual(parseMemory('1.5 TB'), { kb: 1.5 * 1024 * GB });
    assert.deepEqual(parseMemory('8'), { kb: 8 * GB });
    assert.ok('error' in parseMemory('lots'));
    assert.equal(formatKb(4 * GB), '4GB');
    assert.equal(formatKb(1536 * 1024), '1536MB');
    assert.equal(formatKb(20164), '20164kB');
  });
});

describe('tune: current settings against recommended', () => {
  const setting = (name: string, value: string, unit: string | null, context: string, vartype = 'integer', enumvals: string[] | null = null): ServerSetting => ({ name, setting: value, unit, context, vartype, enumvals, pendingRestart: false });

  it('compares memory in kB whatever the unit, and says what applying takes', () => {
    const recs = recommend({ ramKb: 16 * GB, cpus: 8, storage: 'ssd', workload: 'web', postgresVersion: 15 }).recommendations;
    const rows = compareSettings(recs, [
      setting('shared_buffers', '16384', '8kB', 'postmaster'),
      setting('work_mem', '20164', 'kB', 'user'),
      setting('max_wal_size', '4096', 'MB', 'sighup'),
      setting('jit', 'on', null, 'user', 'bool'),
      setting('random_page_cost', '4', null, 'user', 'real'),
      setting('wal_compression', 'off', null, 'superuser', 'enum', ['pglz', 'zstd', 'on', 'off']),
    ]);
    const by = Object.fromEntries(rows.map((r) => [r.name, r]));
    assert.deepEqual([by.shared_buffers.current, by.shared_buffers.recommended, by.shared_buffers.status, by.shared_buffers.apply], ['128MB', '4GB', 'change', 'restart']);
    assert.equal(by.work_mem.status, 'same');
    assert.equal(by.max_wal_size.status, 'same', '4096 MB = 4GB');
    assert.deepEqual([by.jit.status, by.jit.apply], ['change', 'reload']);
    assert.deepEqual([by.random_page_cost.current, by.random_page_cost.status], ['4', 'change']);
    assert.equal(by.wal_compression.recommended, 'pglz', 'a build without lz4');
    assert.equal(by.wal_compression.apply, 'reload');
    assert.equal(by.effective_cache_size.status, 'unavailable', 'not in the rows given');
  });
});
