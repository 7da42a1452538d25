/**
 * Privileges granted to PUBLIC, i.e. to every role, including ones created later. Not PostgreSQL's own
 * defaults that every database has (EXECUTE on functions, USAGE on languages and types, CONNECT and TEMPORARY on
 * databases, USAGE on schema public): only what someone granted, on tables, views, materialized views and foreign
 * tables, and CREATE on a schema. Before PostgreSQL 15, CREATE on schema public was a default: any role could
 * create objects there that other roles' unqualified names resolve to (CVE-2018-1058); 15 revoked it.
 */
import { userRelation, userSchema } from '../sql';
import type { HealthCheck, HealthFinding } from '../types';

interface RelationRow {
  name: string;
  kind: string;
  privileges: string[];
}

interface SchemaRow {
  name: string;
}

const KIND: Readonly<Record<string, string>> = { r: 'Table', p: 'Partitioned table', v: 'View', m: 'Materialized view', f: 'Foreign table' };

export const publicPrivileges: HealthCheck = {
  id: 'public-privileges',
  title: 'Privileges granted to PUBLIC',
  description:
    'Table, view, materialized view and foreign table privileges granted to PUBLIC (relacl), and CREATE on a schema for PUBLIC (nspacl, including schema public before PostgreSQL 15). PostgreSQL\'s default EXECUTE on functions is not reported.',
  async run(ctx) {
    const relations = await ctx.query<RelationRow>(`
      SELECT format('%I.%I', n.nspname, c.relname) AS name, c.relkind::text AS kind,
             array_agg(a.privilege_type ORDER BY a.privilege_type) AS privileges
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        CROSS JOIN LATERAL pg_catalog.aclexplode(c.relacl) a
       WHERE a.grantee = 0 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND ${userRelation('c', 'n')}
       GROUP BY n.nspname, c.relname, c.relkind
       ORDER BY 1`);
    const schemas = await ctx.query<SchemaRow>(`
      SELECT format('%I', n.nspname) AS name
        FROM pg_catalog.pg_namespace n
        CROSS JOIN LATERAL pg_catalog.aclexplode(COALESCE(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) a
       WHERE a.grantee = 0 AND a.privilege_type = 'CREATE' AND ${userSchema('n')}
       ORDER BY 1`);
    const out: HealthFinding[] = schemas.map((s) => ({
      check: this.id,
      severity: 'warning',
      objectKind: 'schema',
      object: s.name,
      message: `Every role may create objects in schema ${s.name} (CREATE granted to PUBLIC)${s.name === 'public' && ctx.serverVersion < 15 ? ', the default before PostgreSQL 15' : ''}.`,
      advice:
        'A role that can create a table, function or operator in a schema on other roles\' search_path can make their unqualified names resolve to its objects (CVE-2018-1058). Revoke CREATE from PUBLIC and grant it to the roles that own the schema\'s objects.',
      fix: `REVOKE CREATE ON SCHEMA ${s.name} FROM PUBLIC;`,
    }));
    for (const r of relations) {
      const what = KIND[r.kind] ?? 'Relation';
      out.push({
        check: this.id,
        severity: 'warning',
        objectKind: 'table',
        object: r.name,
        message: `${what} ${r.name} grants ${r.privileges.join(', ')} to PUBLIC: every role, including ones created later, has ${r.privileges.length === 1 ? 'it' : 'them'}.`,
        advice: 'Grant privileges to the roles (or a group role) that need them, not to PUBLIC.',
        fix: `REVOKE ${r.privileges.join(', ')} ON ${r.name} FROM PUBLIC;  -- then GRANT what each role needs`,
      });
    }
    return out;
  },
};
