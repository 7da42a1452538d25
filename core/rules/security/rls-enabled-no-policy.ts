import { defineRule } from '../types';
import { relationKey } from '../../analysis/file-facts';
import { asNode, relationName } from '../../parse/ast';
import { relationRange } from '../helpers/ranges';
import { rlsFacts } from './support/rls';

export default defineRule({
  meta: {
    id: 'rls-enabled-no-policy',
    category: 'security',
    defaultSeverity: 'info',
    fixable: false,
    docs: {
      summary: 'Row-level security is enabled on a table the file creates, but the file gives it no policy.',
      why:
        'With RLS enabled and no policy, PostgreSQL denies every row to every role except the table owner and roles with ' +
        'BYPASSRLS: queries return nothing and writes fail with "new row violates row-level security policy". Sometimes ' +
        'that is the intent (a table only the owner or a service role touches); often the policies were forgotten. Only ' +
        'tables created in the file are judged, since policies for older tables may live in other migrations. Supabase\'s ' +
        'linter (splinter) reports this as rls_enabled_no_policy.',
      instead: 'Add the policies in the same migration, or say in a comment (and an ignore comment) that the table is owner-only on purpose.',
      bad: 'CREATE TABLE invoices (id bigint PRIMARY KEY, customer_name text);\nALTER TABLE invoices ENABLE ROW LEVEL SECURITY;',
      good:
        'CREATE TABLE invoices (id bigint PRIMARY KEY, customer_name text);\nALTER TABLE invoices ENABLE ROW LEVEL SECURITY;\n' +
        'CREATE POLICY invoices_customer ON invoices FOR SELECT USING (customer_name = current_user);\n' +
        'ALTER TABLE legacy_invoices ENABLE ROW LEVEL SECURITY;',
    },
  },
  create(context) {
    return {
      AlterTableStmt(node, { statement, facts }) {
        if (statement.container || facts.downMigration || !node.relation) return;
        const enables = (node.cmds ?? []).some((c) => asNode(c, 'AlterTableCmd')?.subtype === 'AT_EnableRowSecurity');
        if (!enables) return;
        const key = relationKey(node.relation);
        const rls = rlsFacts(context.document);
        if (!rls.created.has(key) || rls.policies.has(key) || rls.enabled.get(key) !== statement.index) return;
        const name = relationName(node.relation);
        context.report({
          range: relationRange(statement, node.relation),
          message: `Row-level security is enabled on ${name} but this file creates no policy for it: every role but the owner (and BYPASSRLS roles) sees no rows and cannot write. Add policies, or mark the table owner-only on purpose.`,
        });
      },
    };
  },
});
