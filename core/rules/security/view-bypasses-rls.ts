import type { Node } from '@pgsql/types';
import { defineRule, type Fix } from '../types';
import { relationKey } from '../../analysis/file-facts';
import { asNode, relationName, stringValues, walkAst } from '../../parse/ast';
import { relationRange } from '../helpers/ranges';
import { defElems } from './support/functions';
import { rlsFacts } from './support/rls';

/** A reloption's value as written: `= true`, `= 'on'`, `= off` (a bare word parses as a type name), `= 1`. */
function optionValue(arg: Node | undefined): string | undefined {
  if (!arg) return undefined;
  const b = asNode(arg, 'Boolean');
  if (b) return String(b.boolval === true);
  const n = asNode(arg, 'Integer');
  if (n) return String(n.ival ?? 0);
  return asNode(arg, 'String')?.sval ?? stringValues(asNode(arg, 'TypeName')?.names).join('.');
}

function truthy(value: string | undefined): boolean {
  return value === undefined || /^(true|on|yes|1|t|y)$/i.test(value);
}

export default defineRule({
  meta: {
    id: 'view-bypasses-rls',
    category: 'security',
    defaultSeverity: 'warning',
    postgresVersions: { min: 15 },
    fixable: true,
    docs: {
      summary: 'A view over a table with row-level security runs as its owner (no `security_invoker`), so it bypasses the policies.',
      why:
        'A view reads its tables with the privileges of the view\'s owner, and row-level security is checked against the ' +
        'owner too. The owner is usually the table owner (or a superuser), to whom policies do not apply: every role allowed ' +
        'to select from the view sees every row, whatever the table\'s policies say. Since PostgreSQL 15, ' +
        '`WITH (security_invoker = true)` makes the view check privileges and policies as the querying role. Supabase\'s ' +
        'linter (splinter) reports this as security_definer_view. Only tables whose RLS is enabled in the same file are known.',
      instead: 'Create the view `WITH (security_invoker = true)` (PostgreSQL 15+), or revoke SELECT on it from the roles the policies are meant to restrict.',
      bad:
        'CREATE TABLE notes (id bigint PRIMARY KEY, owner_name text NOT NULL, body text);\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n' +
        'CREATE POLICY notes_owner ON notes USING (owner_name = current_user);\nCREATE VIEW recent_notes AS SELECT id, body FROM notes;',
      good:
        'CREATE TABLE notes (id bigint PRIMARY KEY, owner_name text NOT NULL, body text);\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n' +
        'CREATE POLICY notes_owner ON notes USING (owner_name = current_user);\n' +
        'CREATE VIEW recent_notes WITH (security_invoker = true) AS SELECT id, body FROM notes;\nCREATE VIEW tags_view AS SELECT 1 AS one;',
      fixed:
        'CREATE TABLE notes (id bigint PRIMARY KEY, owner_name text NOT NULL, body text);\nALTER TABLE notes ENABLE ROW LEVEL SECURITY;\n' +
        'CREATE POLICY notes_owner ON notes USING (owner_name = current_user);\nCREATE VIEW recent_notes WITH (security_invoker = true) AS SELECT id, body FROM notes;',
    },
  },
  create(context) {
    return {
      ViewStmt(node, { statement }) {
        if (statement.container || !node.query || !node.view) return;
        const invoker = defElems(node.options).find((d) => d.defname === 'security_invoker');
        if (invoker && truthy(optionValue(invoker.arg))) return;
        const rls = rlsFacts(context.document);
        const tables: string[] = [];
        walkAst(node.query, (ref) => {
          if (ref.tag !== 'RangeVar') return;
          const rel = ref.node as { relname?: string; schemaname?: string };
          const key = relationKey({ relname: rel.relname, schemaname: rel.schemaname });
          const at = rls.enabled.get(key);
          if (at !== undefined && !tables.includes(key)) tables.push(key);
        });
        if (tables.length === 0) return;
        const nameRange = relationRange(statement, node.view);
        const fixes: Fix[] = [];
        if (!node.options?.length && !node.aliases?.length) {
          fixes.push({ title: 'Add WITH (security_invoker = true)', edits: [{ range: { start: nameRange.end, end: nameRange.end }, newText: ' WITH (security_invoker = true)' }] });
        }
        context.report({
          range: nameRange,
          message: `View ${relationName(node.view)} reads ${tables.join(', ')}, which ${tables.length > 1 ? 'have' : 'has'} row-level security, with its owner's rights: the policies do not apply to its readers. Add WITH (security_invoker = true).`,
          fixes,
        });
      },
    };
  },
});
