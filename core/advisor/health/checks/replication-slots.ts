/**
 * Replication slots make the server keep WAL (and, for logical slots, old catalog rows) until their consumer has
 * it. A slot nobody reads keeps it forever: pg_wal grows until the disk is full, unless max_slot_wal_keep_size
 * (13+) invalidates the slot first ('unreserved', then 'lost'). Reported: inactive slots (splinter:
 * unused_replication_slot), slots retaining more than 1 GB of WAL (PostgreSQL's default max_wal_size; beyond it
 * wal_status turns 'extended'), and lost slots, whose consumer cannot resume.
 */
import { humanBytes } from '../thresholds';
import { quoteLiteral } from '../sql';
import type { HealthCheck, HealthFinding, HealthSeverity } from '../types';

interface Row {
  slot_name: string;
  slot_type: string;
  database: string | null;
  active: boolean;
  retained: number | null;
  wal_status: string | null;
  inactive_since: string | null;
}

export const replicationSlots: HealthCheck = {
  id: 'replication-slots',
  title: 'Inactive replication slots and slots retaining WAL',
  description:
    'pg_replication_slots: inactive slots (warning once they retain 1 GB of WAL or are unreserved/lost on 13+, info before), active slots retaining more than 1 GB (pg_wal_lsn_diff from restart_lsn), lost slots.',
  async run(ctx) {
    const v13 = ctx.serverVersion >= 13;
    const rows = await ctx.query<Row>(`
      SELECT s.slot_name::text, s.slot_type, s.database::text, s.active,
             pg_catalog.pg_wal_lsn_diff(CASE WHEN pg_catalog.pg_is_in_recovery() THEN pg_catalog.pg_last_wal_receive_lsn() ELSE pg_catalog.pg_current_wal_lsn() END, s.restart_lsn)::float8 AS retained,
             ${v13 ? 's.wal_status' : 'NULL::text'} AS wal_status,
             ${ctx.serverVersion >= 17 ? 's.inactive_since::text' : 'NULL::text'} AS inactive_since
        FROM pg_catalog.pg_replication_slots s
       WHERE NOT s.temporary
       ORDER BY 1`);
    const limit = ctx.thresholds.slotRetainedWalBytes;
    const out: HealthFinding[] = [];
    for (const r of rows) {
      const big = r.retained !== null && r.retained >= limit;
      const lost = r.wal_status === 'lost';
      const atRisk = r.wal_status === 'unreserved';
      if (r.active && !big && !lost && !atRisk) continue;
      const severity: HealthSeverity = r.active || big || lost || atRisk ? 'warning' : 'info';
      const kind = r.slot_type === 'logical' ? 'Logical replication slot' : 'Physical replication slot';
      const name = `${r.slot_name}${r.slot_type === 'logical' ? ` (database ${r.database ?? '?'})` : ''}`;
      const retained = r.retained === null ? 'no WAL' : `${humanBytes(Math.max(0, r.retained))} of WAL`;
      const state = r.active ? 'is active' : `is inactive${r.inactive_since ? ` since ${r.inactive_since.slice(0, 19)}` : ''}`;
      out.push({
        check: this.id,
        severity,
        objectKind: 'replication-slot',
        object: r.slot_name,
        message: lost
          ? `${kind} ${name} is lost (wal_status lost): the WAL its consumer needs was removed, so that consumer cannot resume from it.`
          : `${kind} ${name} ${state} and retains ${retained}${r.wal_status ? ` (wal_status ${r.wal_status})` : ''}.`,
        advice: lost
          ? 'Rebuild the replica or subscription that used it, and drop the slot.'
          : r.active
            ? 'Its consumer lags behind: check the replica or subscriber (network, apply conflicts, disk). max_slot_wal_keep_size (13+) caps what a slot may hold.'
            : 'While nobody reads it, the server keeps every WAL segment from its restart point (and, for a logical slot, dead catalog rows): pg_wal grows until the disk is full. Drop it unless its replica or subscriber is coming back; set max_slot_wal_keep_size (13+) as a safety net.',
        fix: `SELECT pg_drop_replication_slot(${quoteLiteral(r.slot_name)});  -- only if no replica or subscriber will use it again${r.slot_type === 'logical' ? `; run it connected to ${r.database ?? 'its database'}` : ''}`,
      });
    }
    return out;
  },
};
