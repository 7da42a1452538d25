/**
 * Transaction ID and multixact age per database: at 2^31 PostgreSQL stops accepting writes to avoid wraparound.
 * Anti-wraparound autovacuum normally keeps ages near autovacuum_freeze_max_age (200 million); far above means
 * something (a long transaction, a prepared transaction, a replication slot) holds freezing back.
 */
import { percent, XID_HORIZON } from '../thresholds';
import type { HealthCheck, HealthFinding } from '../types';

interface Row {
  database: string;
  xid_age: number;
  mxid_age: number;
}

export const wraparound: HealthCheck = {
  id: 'xid-wraparound',
  title: 'Transaction ID wraparound',
  description: 'age(datfrozenxid) and mxid_age(datminmxid) of every database as a share of 2^31: warning above 50%, critical above 75%.',
  async run(ctx) {
    const t = ctx.thresholds;
    const rows = await ctx.query<Row>(`
      SELECT datname AS database, age(datfrozenxid)::float8 AS xid_age, mxid_age(datminmxid)::float8 AS mxid_age
        FROM pg_catalog.pg_database ORDER BY 1`);
    const out: HealthFinding[] = [];
    for (const r of rows) {
      for (const [kind, age] of [['transaction ID', r.xid_age], ['multixact ID', r.mxid_age]] as const) {
        const used = age / XID_HORIZON;
        if (used < t.wraparoundWarning) continue;
        out.push({
          check: this.id,
          severity: used >= t.wraparoundCritical ? 'critical' : 'warning',
          objectKind: 'database',
          object: r.database,
          message: `Database ${r.database} has a ${kind} age of ${age} (${percent(used)} of the way to wraparound, where PostgreSQL stops accepting writes).`,
          advice:
            'Find what holds freezing back (long or prepared transactions: pg_prepared_xacts; stale replication slots: pg_replication_slots xmin), then vacuum the oldest tables (ORDER BY age(relfrozenxid)) with FREEZE.',
          fix: `-- connected to ${r.database}:\nVACUUM (FREEZE, VERBOSE);`,
        });
      }
    }
    return out;
  },
};
