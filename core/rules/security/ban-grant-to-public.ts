import { defineRule } from '../types';
import { asNode } from '../../parse/ast';

/** Privileges PUBLIC has by default or that expose nothing by themselves: not reported. */
function harmless(objtype: string, privilege: string | undefined): boolean {
  if (objtype === 'OBJECT_FUNCTION' || objtype === 'OBJECT_PROCEDURE' || objtype === 'OBJECT_ROUTINE') return true; // EXECUTE is PUBLIC's by default
  if (objtype === 'OBJECT_TYPE' || objtype === 'OBJECT_DOMAIN' || objtype === 'OBJECT_LANGUAGE') return true;
  if (objtype === 'OBJECT_SCHEMA') return privilege === 'usage';
  if (objtype === 'OBJECT_DATABASE') return privilege === 'connect' || privilege === 'temporary' || privilege === 'temp';
  return false;
}

export default defineRule({
  meta: {
    id: 'ban-grant-to-public',
    category: 'security',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'A privilege on a table, sequence, schema or database is granted to PUBLIC: every role, present and future.',
      why:
        'PUBLIC is every role of the cluster, including roles created later for other applications, reporting tools or ' +
        'extensions. `GRANT SELECT ON users TO PUBLIC` lets all of them read the table; CREATE on a schema lets any role ' +
        'create objects that other roles\' unqualified names resolve to (the hole PostgreSQL 15 closed for the public ' +
        'schema). EXECUTE on functions and USAGE on schemas and types are PUBLIC\'s by default and are not reported.',
      instead: 'Create a role for the purpose (`CREATE ROLE readers NOLOGIN; GRANT SELECT ON users TO readers;`) and grant it to the roles that need it.',
      bad: 'GRANT SELECT, UPDATE ON TABLE users TO PUBLIC;',
      good: 'GRANT SELECT, UPDATE ON TABLE users TO app_user;\nGRANT USAGE ON SCHEMA app TO PUBLIC;\nGRANT EXECUTE ON FUNCTION app.version() TO PUBLIC;\nREVOKE ALL ON TABLE users FROM PUBLIC;',
    },
  },
  create(context) {
    return {
      GrantStmt(node, { statement }) {
        if (!node.is_grant) return;
        const objtype = node.objtype ?? '';
        const publicRole = (node.grantees ?? []).map((g) => asNode(g, 'RoleSpec')).find((r) => r?.roletype === 'ROLESPEC_PUBLIC');
        if (!publicRole) return;
        const privileges = (node.privileges ?? []).map((p) => asNode(p, 'AccessPriv')?.priv_name?.toLowerCase());
        const risky = privileges.length === 0 ? (harmless(objtype, undefined) ? [] : ['ALL']) : privileges.filter((p) => !harmless(objtype, p)).map((p) => (p ?? '').toUpperCase());
        if (risky.length === 0) return;
        const what = objtype.replace('OBJECT_', '').toLowerCase().replace('_', ' ');
        context.report({
          range: statement.rangeOfLocation(publicRole.location),
          message: `${risky.join(', ')} on ${node.targtype === 'ACL_TARGET_ALL_IN_SCHEMA' ? `every ${what} in the schema` : node.targtype === 'ACL_TARGET_DEFAULTS' ? `every future ${what}` : `this ${what}`} is granted to PUBLIC, that is to every role now and later; grant it to a dedicated role instead.`,
        });
      },
    };
  },
});
