/**
 * SECURITY DEFINER functions without their own search_path: they run with the owner's rights but resolve names
 * through the caller's search_path, so a caller who can create objects in a schema on that path (or in pg_temp)
 * can make the function call their code with the owner's privileges. PostgreSQL's documentation: "set
 * search_path to exclude any schemas writable by untrusted users", with pg_temp last. splinter flags every
 * function without one (function_search_path_mutable); here only SECURITY DEFINER ones, where it is exploitable.
 */
import { quoteIdentifier } from '../../../knowledge/naming';
import { notFromExtension, userSchema } from '../sql';
import type { HealthCheck } from '../types';

interface Row {
  name: string;
  args: string;
  procedure: boolean;
  owner: string;
  owner_super: boolean;
  public_execute: boolean;
  schema: string;
  /** PUBLIC may create objects in the function's schema: not a safe schema for its search_path. */
  schema_writable: boolean;
}

export const securityDefinerSearchPath: HealthCheck = {
  id: 'security-definer-search-path',
  title: 'SECURITY DEFINER functions without a fixed search_path',
  description: 'Functions and procedures with SECURITY DEFINER whose proconfig does not set search_path (not those of extensions). Critical when the owner is a superuser and PUBLIC may execute it.',
  async run(ctx) {
    const rows = await ctx.query<Row>(`
      SELECT format('%I.%I', n.nspname, p.proname) AS name, pg_catalog.pg_get_function_identity_arguments(p.oid) AS args,
             p.prokind = 'p' AS procedure, pg_catalog.pg_get_userbyid(p.proowner)::text AS owner,
             COALESCE((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = p.proowner), false) AS owner_super,
             pg_catalog.has_function_privilege('public', p.oid, 'EXECUTE') AS public_execute,
             n.nspname AS schema, pg_catalog.has_schema_privilege('public', n.oid, 'CREATE') AS schema_writable
        FROM pg_catalog.pg_proc p
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
       WHERE p.prosecdef AND ${userSchema('n')} AND ${notFromExtension('pg_proc', 'p.oid')}
         AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) cfg WHERE cfg LIKE 'search\\_path=%')
       ORDER BY 1, 2`);
    return rows.map((r) => {
      const signature = `${r.name}(${r.args})`;
      // Its own schema keeps unqualified names in the body working, unless every role can create objects there.
      const path = r.schema_writable
        ? 'pg_catalog, pg_temp;  -- then schema-qualify the names its body uses'
        : `${quoteIdentifier(r.schema)}, pg_temp;  -- add the schemas of other objects its body uses`;
      return {
        check: this.id,
        severity: r.owner_super && r.public_execute ? 'critical' : 'warning',
        objectKind: 'function',
        object: signature,
        message: `${r.procedure ? 'Procedure' : 'Function'} ${signature} is SECURITY DEFINER: it runs as ${r.owner}${r.owner_super ? ', a superuser,' : ''} but resolves names through the caller's search_path${r.public_execute ? '; every role may execute it (PUBLIC)' : ''}.`,
        advice:
          'Give it a fixed search_path with pg_temp last, and schema-qualify the tables and functions its body uses (or list their schemas, if no untrusted role can create objects in them). Revoke EXECUTE from PUBLIC unless every role needs it.',
        fix: `ALTER ${r.procedure ? 'PROCEDURE' : 'FUNCTION'} ${signature} SET search_path = ${path}${r.public_execute ? `\n-- unless every role needs it: REVOKE EXECUTE ON ${r.procedure ? 'PROCEDURE' : 'FUNCTION'} ${signature} FROM PUBLIC; then GRANT EXECUTE to the roles that call it` : ''}`,
      };
    });
  },
};
