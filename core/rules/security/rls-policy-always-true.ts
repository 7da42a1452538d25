import type { Node } from '@pgsql/types';
import { defineRule, type RuleContext } from '../types';
import type { StatementView } from '../../parse/document';
import { alteredPolicyShape, createdPolicyShape, describePolicyRoles, isAlwaysTrue, policyClauseRange, policyNames, type PolicyShape } from './support/rls';

const WHAT: Readonly<Record<string, string>> = {
  insert: 'insert any row',
  update: 'update every row',
  delete: 'delete every row',
  all: 'read, change and delete every row',
};

function check(context: RuleContext, statement: StatementView, policy: { name: string; table: string; qual?: Node; check?: Node }, shape: PolicyShape): void {
  // Restrictive policies are AND-ed: `true` restricts nothing and grants nothing. SELECT is rls-select-policy-always-true's.
  if (shape.permissive === false || shape.command === 'select') return;
  for (const [clause, expr] of [['USING', policy.qual], ['WITH CHECK', policy.check]] as const) {
    if (!isAlwaysTrue(expr)) continue;
    const roles = shape.command === undefined && !shape.roles?.length ? 'its roles' : describePolicyRoles(shape.roles);
    const command = shape.command === undefined ? 'the commands it covers' : shape.command.toUpperCase();
    context.report({
      range: policyClauseRange(statement, clause),
      message:
        `Policy ${policy.name} on ${policy.table} has ${clause} (true) for ${command}: it grants every row of ${policy.table} to ${roles}, ` +
        `who may ${WHAT[shape.command ?? ''] ?? 'reach every row'}; row-level security does not restrict them. Write the condition the rows must meet.`,
    });
  }
}

export default defineRule({
  meta: {
    id: 'rls-policy-always-true',
    category: 'security',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'A permissive row-level security policy for writes has `USING (true)` or `WITH CHECK (true)`: it grants every row.',
      why:
        'Permissive policies are OR-ed: one whose expression is always true (`true`, `1 = 1`, `\'t\'::boolean`) lets its ' +
        'roles update, delete or insert every row, whatever the other policies say — row-level security is then off for ' +
        'that command. `ALTER POLICY ... USING (true)` is judged the same way. SELECT policies are reported by ' +
        'rls-select-policy-always-true (a public read is often intended); restrictive policies with `true` restrict ' +
        'nothing and harm nothing.',
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
        const policy = { ...policyNames(node), qual: node.qual, check: node.with_check };
        check(context, statement, policy, createdPolicyShape(node));
      },
      AlterPolicyStmt(node, { statement }) {
        const policy = { ...policyNames(node), qual: node.qual, check: node.with_check };
        check(context, statement, policy, alteredPolicyShape(context.document, node));
      },
    };
  },
});
