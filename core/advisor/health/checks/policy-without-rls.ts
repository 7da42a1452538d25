/**
 * Row-level security policies on a table whose row-level security is off: the policies exist, so someone meant
 * rows to be filtered, but PostgreSQL ignores them until RLS is enabled (splinter: policy_exists_rls_disabled,
 * INFO there; a warning here, since what the policies promise does not happen).
 */
import { userRelation } from '../sql';
import type { HealthCheck } from '../types';

interface Row {
  table_name: string;
  policies: string[];
}

export const policyWithoutRls: HealthCheck = {
  id: 'policy-without-rls',
  title: 'Policies on tables without row-level security',
  description: 'Tables with row-level security policies (pg_policy) but relrowsecurity off: the policies are not applied (splinter: policy_exists_rls_disabled).',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      SELECT format('%I.%I', n.nspname, c.relname) AS table_name, array_agg(format('%I', p.polname) ORDER BY p.polname) AS policies
        FROM pg_catalog.pg_policy p
        JOIN pg_catalog.pg_class c ON c.oid = p.polrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE NOT c.relrowsecurity AND ${userRelation('c', 'n')}
       GROUP BY n.nspname, c.relname
       ORDER BY 1`);
    return rows.map((r) => ({
      check: this.id,
      severity: 'warning',
      objectKind: 'table',
      object: r.table_name,
      message: `Table ${r.table_name} has ${r.policies.length === 1 ? 'policy' : 'policies'} ${r.policies.join(', ')} but row-level security is disabled: they filter nothing.`,
      advice: 'Enable row-level security so the policies apply (roles no policy admits then see no rows; the owner is exempt unless FORCE ROW LEVEL SECURITY). If the policies are obsolete, drop them instead.',
      fix: `ALTER TABLE ${r.table_name} ENABLE ROW LEVEL SECURITY;`,
    }));
  },
};
