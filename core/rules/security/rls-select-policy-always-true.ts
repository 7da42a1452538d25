import type { Node } from '@pgsql/types';
import { defineRule, type RuleContext } from '../types';
import type { StatementView } from '../../parse/document';
import { alteredPolicyShape, createdPolicyShape, describePolicyRoles, isAlwaysTrue, policyClauseRange, policyNames, type PolicyShape } from './support/rls';

function check(context: RuleContext, statement: StatementView, policy: { name: string; table: string; qual?: Node }, shape: PolicyShape): void {
  if (shape.permissive !== true || shape.command !== 'select' || !isAlwaysTrue(policy.qual)) return;
  context.report({
    range: policyClauseRange(statement, 'USING'),
    message:
      `Policy ${policy.name} on ${policy.table} has USING (true) for SELECT: it grants every row of ${policy.table} to ${describePolicyRoles(shape.roles)}; ` +
      'row-level security does not restrict their reads. Write the condition the rows must meet, or say with an ignore comment that the table is public to them.',
  });
}

export default defineRule({
  meta: {
    id: 'rls-select-policy-always-true',
    category: 'security',
    defaultSeverity: 'info',
    fixable: false,
    docs: {
      summary: 'A permissive SELECT policy has `USING (true)`: every row of the table is readable by its roles.',
      why:
        'Permissive policies are OR-ed: a SELECT policy whose condition is always true makes every row visible to its ' +
        'roles — with no TO clause, to every role, `anon` included on Supabase — whatever the other policies say. That ' +
        'is the usual way to publish a table (a catalog, public profiles), and a common leak when the table also holds ' +
        'private rows or columns. It is information (a security review wants the list of world-readable tables); writes ' +
        'with `true` are rls-policy-always-true\'s, at warning.',
      instead:
        'Where only some rows are public, say which: `USING (is_public)` or `USING (owner_id = auth.uid())`. Where the ' +
        'whole table is meant to be public, keep the policy and record the decision with ' +
        '`-- pg-architect-ignore rls-select-policy-always-true -- public catalog`; keep private columns in another table.',
      bad: 'CREATE POLICY profiles_read ON profiles FOR SELECT USING (true);',
      good:
        'CREATE POLICY profiles_read ON profiles FOR SELECT USING (is_public OR owner_id = current_user);\n' +
        'CREATE POLICY staff_only ON profiles AS RESTRICTIVE FOR SELECT USING (true);',
    },
  },
  create(context) {
    return {
      CreatePolicyStmt(node, { statement }) {
        check(context, statement, { ...policyNames(node), qual: node.qual }, createdPolicyShape(node));
      },
      AlterPolicyStmt(node, { statement }) {
        check(context, statement, { ...policyNames(node), qual: node.qual }, alteredPolicyShape(context.document, node));
      },
    };
  },
});
