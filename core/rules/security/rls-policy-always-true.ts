import type { Node } from '@pgsql/types';
import { defineRule } from '../types';
import { asNode, relationName } from '../../parse/ast';

function isTrue(node: Node | undefined): boolean {
  const c = asNode(node, 'A_Const');
  if (c?.boolval?.boolval === true) return true;
  const cast = asNode(node, 'TypeCast');
  return cast !== undefined && isTrue(cast.arg);
}

export default defineRule({
  meta: {
    id: 'rls-policy-always-true',
    category: 'security',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'A permissive row-level security policy for writes has `USING (true)` or `WITH CHECK (true)`.',
      why:
        'Permissive policies are OR-ed: one whose expression is `true` lets its roles update, delete or insert every row, ' +
        'whatever the other policies say — row-level security is then off for that command. For SELECT, `USING (true)` is ' +
        'the usual way to make a table world-readable and is not reported; restrictive policies with `true` restrict nothing ' +
        'and harm nothing.',
      instead:
        'Write the condition the rows must meet (`USING (owner_id = auth.uid())`, `WITH CHECK (tenant_id = current_setting(\'app.tenant\')::bigint)`), ' +
        'or, if the roles really may write every row, grant them the privilege on a table without RLS and say so in a comment.',
      bad: 'CREATE POLICY documents_update ON documents FOR UPDATE TO authenticated USING (true) WITH CHECK (true);',
      good:
        'CREATE POLICY documents_update ON documents FOR UPDATE TO authenticated USING (owner_id = current_user) WITH CHECK (owner_id = current_user);\n' +
        'CREATE POLICY documents_read ON documents FOR SELECT USING (true);',
    },
  },
  create(context) {
    return {
      CreatePolicyStmt(node, { statement }) {
        if (node.permissive !== true || node.cmd_name === 'select') return;
        for (const [clause, expr] of [['USING', node.qual], ['WITH CHECK', node.with_check]] as const) {
          if (!isTrue(expr)) continue;
          const location = asNode(expr, 'A_Const')?.location ?? asNode(expr, 'TypeCast')?.location;
          context.report({
            range: statement.rangeOfLocation(location),
            message: `Policy ${node.policy_name ?? ''} on ${relationName(node.table)} has ${clause} (true) for ${(node.cmd_name ?? 'all').toUpperCase()}: its roles may ${node.cmd_name === 'insert' ? 'insert any row' : 'write every row'}, row-level security does not restrict them.`,
          });
        }
      },
    };
  },
});
