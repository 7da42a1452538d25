/**
 * wal_level = minimal: the WAL carries only what crash recovery needs, so there is no point-in-time recovery
 * from a base backup, no streaming replica and no logical replication (PostgreSQL then also refuses
 * archive_mode and max_wal_senders > 0). Fine for a throwaway database, a risk for one whose data matters.
 */
import type { HealthCheck } from '../types';

export const walLevel: HealthCheck = {
  id: 'wal-level',
  title: 'WAL level minimal',
  description: 'wal_level = minimal: no point-in-time recovery, no replication (warning).',
  async run(ctx) {
    const [r] = await ctx.query<{ wal_level: string; database: string }>("SELECT current_setting('wal_level') AS wal_level, current_database() AS database");
    if (r?.wal_level !== 'minimal') return [];
    return [
      {
        check: this.id,
        severity: 'warning',
        objectKind: 'setting',
        object: 'wal_level',
        message: 'wal_level is minimal: the WAL is enough for crash recovery only. No point-in-time recovery from a base backup, no replica, no logical replication.',
        advice: 'Use replica (the default) or logical; it writes somewhat more WAL for bulk loads and index builds. It takes a restart, and max_wal_senders must be above 0 (minimal requires 0).',
        fix: "ALTER SYSTEM SET wal_level = 'replica';\nALTER SYSTEM SET max_wal_senders = 10;  -- the default\n-- then restart the server",
      },
    ];
  },
};
