/**
 * Extensions installed in schema public (splinter: extension_in_public, WARN). Their functions and operators
 * then share the schema every role's search_path starts with: where PUBLIC may create objects there (the default
 * before PostgreSQL 15), a role can add a better-matching overload that other roles' calls resolve to; and tools
 * that expose schema public (PostgREST) expose the extension's functions too. A warning where PUBLIC can create
 * in public, info otherwise. plpgsql lives in pg_catalog and is not reported.
 */
import { quoteIdentifier } from '../../../knowledge/naming';
import type { HealthCheck } from '../types';

interface Row {
  name: string;
  version: string;
  relocatable: boolean;
  public_create: boolean;
}

export const extensionInPublic: HealthCheck = {
  id: 'extension-in-public',
  title: 'Extensions installed in schema public',
  description: 'Extensions (other than plpgsql) whose schema is public (splinter: extension_in_public). Warning when PUBLIC may create objects in schema public, info otherwise.',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      SELECT e.extname AS name, e.extversion AS version, e.extrelocatable AS relocatable,
             pg_catalog.has_schema_privilege('public', n.oid, 'CREATE') AS public_create
        FROM pg_catalog.pg_extension e
        JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
       WHERE n.nspname = 'public' AND e.extname <> 'plpgsql'
       ORDER BY 1`);
    return rows.map((r) => ({
      check: this.id,
      severity: r.public_create ? 'warning' : 'info',
      objectKind: 'extension',
      object: r.name,
      message: `Extension ${r.name} ${r.version} is installed in schema public${r.public_create ? ', where every role may create objects' : ''}.`,
      advice: r.relocatable
        ? 'Move it to a schema of its own (no CREATE for PUBLIC there), and add that schema to the search_path of the roles that call it unqualified (ALTER ROLE / ALTER DATABASE ... SET search_path). Views and defaults that use it keep working.'
        : `${r.name} cannot be moved (not relocatable): reinstalling it in another schema means DROP EXTENSION ... CASCADE, which drops what depends on it (columns of its types too). Plan that as a migration, or at least revoke CREATE on schema public from PUBLIC.`,
      ...(r.relocatable
        ? { fix: `CREATE SCHEMA IF NOT EXISTS extensions;\nALTER EXTENSION ${quoteIdentifier(r.name)} SET SCHEMA extensions;\n-- then: ALTER DATABASE ... SET search_path = "$user", public, extensions;  (or per role)` }
        : {}),
    }));
  },
};
