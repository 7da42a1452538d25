/**
 * Tables exposed to untrusted roles without row-level security: every row is theirs to read (or change).
 * After splinter's rls_disabled_in_public, made precise for any PostgreSQL: a table is exposed when an API role
 * has USAGE on its schema and SELECT, INSERT, UPDATE or DELETE on the table (directly, through PUBLIC or a role
 * it belongs to). API roles: PUBLIC (every role, including ones created later) and the anonymous and signed-in
 * roles of PostgREST and Supabase (anon, authenticated, web_anon), when they exist. A table in schema public that
 * no such role may read is not exposed: RLS only filters rows for roles that have a table privilege.
 */
import { quoteIdentifier } from '../../../knowledge/naming';
import { userRelation } from '../sql';
import type { HealthCheck } from '../types';

/** PostgREST's and Supabase's roles for requests without a login (anon, web_anon) and with one (authenticated). */
export const API_ROLES: readonly string[] = ['anon', 'authenticated', 'web_anon'];

interface Row {
  table_name: string;
  bare_table: string;
  grants: string[];
  anonymous: boolean;
}

export const rlsDisabledExposed: HealthCheck = {
  id: 'rls-disabled-exposed',
  title: 'Row-level security off on exposed tables',
  description:
    'Tables without row-level security on which PUBLIC or an API role (anon, authenticated, web_anon: PostgREST / Supabase) has USAGE on the schema and SELECT, INSERT, UPDATE or DELETE on the table (splinter: rls_disabled_in_public). Critical for the API roles, warning for PUBLIC.',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      WITH api AS (
        SELECT 'public'::text AS role_name
        UNION ALL SELECT r.rolname::text FROM pg_catalog.pg_roles r WHERE r.rolname = ANY($1::text[])
      ), exposed AS (
        SELECT c.oid, n.nspname, c.relname, a.role_name,
               ARRAY(SELECT p FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) p WHERE pg_catalog.has_table_privilege(a.role_name, c.oid, p)) AS privileges
          FROM pg_catalog.pg_class c
          JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
          CROSS JOIN api a
         WHERE c.relkind IN ('r', 'p') AND NOT c.relrowsecurity AND ${userRelation('c', 'n')}
           AND pg_catalog.has_schema_privilege(a.role_name, n.oid, 'USAGE')
      )
      SELECT format('%I.%I', nspname, relname) AS table_name, relname AS bare_table,
             array_agg(format('%s (%s)', CASE role_name WHEN 'public' THEN 'PUBLIC' ELSE role_name END, array_to_string(privileges, ', ')) ORDER BY role_name) AS grants,
             bool_or(role_name <> 'public') AS anonymous
        FROM exposed WHERE cardinality(privileges) > 0
       GROUP BY nspname, relname
       ORDER BY 1`, [API_ROLES]);
    return rows.map((r) => {
      const policy = quoteIdentifier(`${r.bare_table}_read`);
      return {
        check: this.id,
        severity: r.anonymous ? 'critical' : 'warning',
        objectKind: 'table',
        object: r.table_name,
        message: `Table ${r.table_name} has row-level security disabled, and ${r.grants.join('; ')} may use it: every row is open to ${r.anonymous ? 'API clients' : 'every role'}.`,
        advice:
          'Enable row-level security and add a policy for each role that should see or change rows (with RLS on and no policy, only the owner sees anything); or, if the table is not meant for these roles, revoke their privileges.',
        fix: `ALTER TABLE ${r.table_name} ENABLE ROW LEVEL SECURITY;\n-- then the policies the application needs, e.g.:\n-- CREATE POLICY ${policy} ON ${r.table_name} FOR SELECT TO <role> USING (<the rows that role may see>);`,
      };
    });
  },
};
