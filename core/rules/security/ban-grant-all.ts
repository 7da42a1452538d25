import { defineRule } from '../types';
import { asNode } from '../../parse/ast';

/** Objects on which ALL includes more than the usual grant (TRUNCATE, TRIGGER, REFERENCES; CREATE; ...). */
const OBJECTS: Readonly<Record<string, string>> = {
  OBJECT_TABLE: 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER (and MAINTAIN on PostgreSQL 17+)',
  OBJECT_SCHEMA: 'USAGE and CREATE',
  OBJECT_DATABASE: 'CREATE, CONNECT and TEMPORARY',
};

export default defineRule({
  meta: {
    id: 'ban-grant-all',
    category: 'security',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: '`GRANT ALL` on a table, schema or database gives more than the role needs.',
      why:
        'ALL on a table includes TRUNCATE (empties it regardless of row-level security), TRIGGER (runs code as the table is ' +
        'written), REFERENCES and, on PostgreSQL 17, MAINTAIN; on a schema it includes CREATE, which lets the role plant ' +
        'objects that shadow others on the search_path. Privileges added in later PostgreSQL versions are granted ' +
        'silently too. Grants to PUBLIC are reported by ban-grant-to-public.',
      instead: 'Grant the privileges the role uses: `GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO app;`, `GRANT USAGE ON SCHEMA app TO app;`.',
      bad: 'GRANT ALL ON TABLE orders TO app_user;',
      good: 'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE orders TO app_user;\nGRANT ALL ON FUNCTION refresh_totals() TO app_user;\nREVOKE ALL ON TABLE orders FROM app_user;',
    },
  },
  create(context) {
    return {
      GrantStmt(node, { statement }) {
        if (!node.is_grant || (node.privileges?.length ?? 0) > 0) return;
        const includes = OBJECTS[node.objtype ?? ''];
        if (!includes) return;
        const roles = (node.grantees ?? []).map((g) => asNode(g, 'RoleSpec')).filter((r) => r !== undefined && r.roletype !== 'ROLESPEC_PUBLIC');
        if (roles.length === 0) return;
        const names = roles.map((r) => r?.rolename ?? r?.roletype?.replace('ROLESPEC_', '').toLowerCase() ?? '?');
        const defaults = node.targtype === 'ACL_TARGET_DEFAULTS';
        context.report({
          range: statement.rangeOfWords(['GRANT', 'ALL']),
          message: `GRANT ALL gives ${names.join(', ')} ${includes}${defaults ? ' on every future object' : ''}; grant only the privileges the role uses.`,
        });
      },
    };
  },
});
