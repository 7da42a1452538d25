/**
 * Login roles with a password that never expires (rolvaliduntil unset or infinity): a leaked password works
 * until someone changes it. Information only: VALID UNTIL expires the password, not the role, and a login after
 * that time fails, so it suits people more than services (which are better off with certificates or a secrets
 * manager's rotation). Whether a role has a password is visible only to superusers (pg_authid; pg_roles shows
 * every password as ********): for others the check is skipped.
 */
import { quoteIdentifier } from '../../../knowledge/naming';
import { quoteLiteral } from '../sql';
import type { HealthCheck } from '../types';

interface Row {
  name: string;
  valid_until: string | null;
  next_year: string;
}

export const passwordNoExpiry: HealthCheck = {
  id: 'password-no-expiry',
  title: 'Passwords that never expire',
  description: 'Roles that can log in with a password (pg_authid.rolpassword) and no VALID UNTIL (or infinity). Info. Needs superuser (pg_authid); skipped otherwise.',
  async run(ctx) {
    const [access] = await ctx.query<{ readable: boolean }>(`SELECT pg_catalog.has_table_privilege('pg_catalog.pg_authid', 'SELECT') AS readable`);
    if (!access?.readable) {
      return { skipped: 'Whether a role has a password is visible only to superusers (pg_authid; pg_roles shows every password as ********).' };
    }
    const rows = await ctx.query<Row>(`
      SELECT a.rolname::text AS name, a.rolvaliduntil::text AS valid_until, (now() + interval '1 year')::date::text AS next_year
        FROM pg_catalog.pg_authid a
       WHERE a.rolcanlogin AND a.rolpassword IS NOT NULL AND (a.rolvaliduntil IS NULL OR a.rolvaliduntil = 'infinity')
       ORDER BY 1`);
    return rows.map((r) => ({
      check: this.id,
      severity: 'info',
      objectKind: 'role',
      object: r.name,
      message: `Login role ${r.name} has a password that never expires (VALID UNTIL ${r.valid_until === null ? 'not set' : 'infinity'}).`,
      advice: 'Rotate passwords on a schedule. VALID UNTIL makes the password stop working at that time (the role stays): set a new password before then, or use certificate or SSO authentication for services.',
      fix: `ALTER ROLE ${quoteIdentifier(r.name)} VALID UNTIL ${quoteLiteral(r.next_year)};  -- and set a new password before then`,
    }));
  },
};
