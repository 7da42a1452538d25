import { defineRule } from '../types';
import { relationKey } from '../../analysis/file-facts';
import { relationName } from '../../parse/ast';
import { relationRange } from '../helpers/ranges';
import { rlsFacts } from './support/rls';

export default defineRule({
  meta: {
    id: 'policy-exists-rls-disabled',
    category: 'security',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'CREATE POLICY on a table the file creates but never enables row-level security on.',
      why:
        'Policies do nothing until `ALTER TABLE ... ENABLE ROW LEVEL SECURITY`: PostgreSQL accepts the CREATE POLICY, and ' +
        'every role with table privileges keeps seeing and writing every row. The policies give a false sense of isolation. ' +
        'Only tables created in the same file are judged: for others, RLS may have been enabled by an earlier migration. ' +
        'Supabase\'s linter (splinter) reports this as policy_exists_rls_disabled.',
      instead: 'Enable it right after creating the table: `ALTER TABLE documents ENABLE ROW LEVEL SECURITY;` (and `FORCE` if the table owner must obey the policies too).',
      bad:
        'CREATE TABLE documents (id bigint PRIMARY KEY, owner_name text NOT NULL);\n' +
        'CREATE POLICY documents_owner ON documents USING (owner_name = current_user);',
      good:
        'CREATE TABLE documents (id bigint PRIMARY KEY, owner_name text NOT NULL);\nALTER TABLE documents ENABLE ROW LEVEL SECURITY;\n' +
        'CREATE POLICY documents_owner ON documents USING (owner_name = current_user);\n' +
        'CREATE POLICY notes_owner ON notes USING (owner_name = current_user);',
      fixed:
        'CREATE TABLE documents (id bigint PRIMARY KEY, owner_name text NOT NULL);\n' +
        'CREATE POLICY documents_owner ON documents USING (owner_name = current_user);\nALTER TABLE documents ENABLE ROW LEVEL SECURITY;',
    },
  },
  create(context) {
    return {
      CreatePolicyStmt(node, { statement, facts }) {
        if (statement.container || facts.downMigration || !node.table) return;
        const key = relationKey(node.table);
        const rls = rlsFacts(context.document);
        if (!rls.created.has(key) || rls.enabled.has(key)) return;
        const name = relationName(node.table);
        const end = statement.end;
        context.report({
          range: relationRange(statement, node.table),
          message: `Policy ${node.policy_name ?? ''} is on ${name}, but this file never enables row-level security on it: until ALTER TABLE ${name} ENABLE ROW LEVEL SECURITY, the policy restricts nothing.`,
          fixes: [{ title: `Enable row-level security on ${name}`, edits: [{ range: { start: end, end }, newText: `\nALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;` }] }],
        });
      },
    };
  },
});
