/**
 * Roles with superuser other than the bootstrap superuser (the role initdb created, OID 10): a superuser bypasses
 * every privilege check and row-level security and can run programs on the server (COPY ... PROGRAM), so each one
 * is a way to own the whole cluster. Warning when it can log in, info when it is a group role (NOLOGIN, reachable
 * through SET ROLE by its members).
 */
import { quoteIdentifier } from '../../../knowledge/naming';
import type { HealthCheck } from '../types';

/** BOOTSTRAP_SUPERUSERID: the role initdb creates, which cannot lose superuser. */
const BOOTSTRAP_SUPERUSER_OID = 10;

interface Row {
  name: string;
  login: boolean;
  members: string[];
}

export const superuserRoles: HealthCheck = {
  id: 'superuser-roles',
  title: 'Superuser roles',
  description: 'Roles with rolsuper other than the bootstrap superuser (OID 10): warning when they can log in, info for NOLOGIN roles.',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      SELECT r.rolname::text AS name, r.rolcanlogin AS login,
             -- DISTINCT: from 16 a role can be granted the same membership by several grantors.
             ARRAY(SELECT DISTINCT m.rolname::text FROM pg_catalog.pg_auth_members am JOIN pg_catalog.pg_roles m ON m.oid = am.member WHERE am.roleid = r.oid ORDER BY 1) AS members
        FROM pg_catalog.pg_roles r
       WHERE r.rolsuper AND r.oid <> $1
       ORDER BY 1`, [BOOTSTRAP_SUPERUSER_OID]);
    return rows.map((r) => ({
      check: this.id,
      severity: r.login ? 'warning' : 'info',
      objectKind: 'role',
      object: r.name,
      message: `Role ${r.name} is a superuser${r.login ? ' and can log in' : ' (NOLOGIN)'}${r.members.length > 0 ? `; its members: ${r.members.join(', ')}` : ''}.`,
      advice:
        'Give it only what it needs instead: pg_monitor for monitoring, pg_read_all_data / pg_write_all_data (14+) for data access, CREATEROLE, CREATEDB, or ownership of the objects it manages. Keep superuser to the bootstrap role, used for administration only.',
      fix: `ALTER ROLE ${quoteIdentifier(r.name)} NOSUPERUSER;  -- after granting what it needs instead`,
    }));
  },
};
