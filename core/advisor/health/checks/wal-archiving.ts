/**
 * WAL archiving: without it (archive_mode off) a base backup restores to its own moment only, not to the minute
 * before an accident (info: some setups stream WAL to a backup tool with pg_receivewal instead). When the archiver
 * fails (pg_stat_archiver), segments it has not archived stay in pg_wal until it succeeds, so a broken
 * archive_command fills the disk: a warning while the last failure is newer than the last success.
 */
import type { HealthCheck, HealthFinding } from '../types';

interface Row {
  archive_mode: string;
  standby: boolean;
  archived_count: string;
  failed_count: string;
  last_archived_wal: string | null;
  last_archived_time: string | null;
  last_failed_wal: string | null;
  last_failed_time: string | null;
  failing: boolean;
  stats_reset: string | null;
}

const at = (time: string | null): string => (time ? time.slice(0, 19) : 'never');

export const walArchiving: HealthCheck = {
  id: 'wal-archiving',
  title: 'WAL archiving off or failing',
  description:
    'archive_mode = off (info: no point-in-time recovery unless WAL is streamed elsewhere); pg_stat_archiver failed_count > 0 with the last failure and the last success: a warning while archiving keeps failing, info once it succeeded again.',
  async run(ctx) {
    const [r] = await ctx.query<Row>(`
      SELECT current_setting('archive_mode') AS archive_mode, pg_catalog.pg_is_in_recovery() AS standby,
             a.archived_count::text, a.failed_count::text, a.last_archived_wal, a.last_archived_time::text, a.last_failed_wal,
             a.last_failed_time::text, a.last_failed_time IS NOT NULL AND (a.last_archived_time IS NULL OR a.last_failed_time > a.last_archived_time) AS failing,
             a.stats_reset::text
        FROM pg_catalog.pg_stat_archiver a`);
    if (!r) return [];
    const out: HealthFinding[] = [];
    if (r.archive_mode === 'off') {
      out.push({
        check: this.id,
        severity: 'info',
        objectKind: 'setting',
        object: 'archive_mode',
        message: `WAL archiving is off (archive_mode = off)${r.standby ? ' on this standby' : ''}: a base backup restores to the moment it was taken, not to a later point in time.`,
        advice:
          'Archive WAL for point-in-time recovery: archive_mode = on with an archive_command or archive_library (16+) from your backup tool (pgBackRest, Barman, WAL-G), or stream WAL with pg_receivewal. Skip this if the database is disposable or a managed service does it.',
        fix: "ALTER SYSTEM SET archive_mode = 'on';\nALTER SYSTEM SET archive_command = '...';  -- your backup tool's command, e.g. pgbackrest --stanza=main archive-push %p\n-- then restart the server (wal_level must be replica or logical)",
      });
    }
    if (Number(r.failed_count) > 0) {
      out.push({
        check: this.id,
        severity: r.failing ? 'warning' : 'info',
        objectKind: 'setting',
        object: 'archive_command',
        message: r.failing
          ? `WAL archiving is failing: ${r.failed_count} failures since ${at(r.stats_reset)}, the last at ${at(r.last_failed_time)} (segment ${r.last_failed_wal ?? '?'}); last success ${at(r.last_archived_time)}.`
          : `WAL archiving failed ${r.failed_count} times since ${at(r.stats_reset)}, the last at ${at(r.last_failed_time)} (segment ${r.last_failed_wal ?? '?'}), and has succeeded since (${at(r.last_archived_time)}, ${r.last_archived_wal ?? '?'}).`,
        advice: r.failing
          ? 'Segments not yet archived stay in pg_wal until archiving succeeds, so the disk fills up. The server log has the command\'s error; fix the destination (space, permissions, credentials) or the command.'
          : 'Look up the failures in the server log to make sure the cause is gone; the counters stay until pg_stat_reset_shared(\'archiver\').',
      });
    }
    return out;
  },
};
