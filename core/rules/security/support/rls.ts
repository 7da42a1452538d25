/**
 * Row-level security as a file sets it up: which tables get ENABLE ROW LEVEL SECURITY, which get policies, which
 * the file creates (the RLS rules can only judge tables whose whole story is in the file), and what a policy
 * grants: its command, permissiveness, roles and always-true expressions.
 */
import type { AlterPolicyStmt, CreatePolicyStmt, Node } from '@pgsql/types';
import type { SqlDocument, StatementView } from '../../../parse/document';
import type { OffsetRange } from '../../../parse/positions';
import { relationKey } from '../../../analysis/file-facts';
import { asNode, stringValues } from '../../../parse/ast';
import { quoteIdentifier, quoteQualified } from '../../../knowledge/naming';

export interface RlsFacts {
  /** Tables with ENABLE (or FORCE) ROW LEVEL SECURITY, with the statement index of the first. */
  readonly enabled: ReadonlyMap<string, number>;
  /** Tables with at least one CREATE POLICY. */
  readonly policies: ReadonlyMap<string, number>;
  /** Tables (and views, materialized views) the file creates. */
  readonly created: ReadonlySet<string>;
}

const cache = new WeakMap<SqlDocument, RlsFacts>();

export function rlsFacts(document: SqlDocument): RlsFacts {
  const known = cache.get(document);
  if (known) return known;
  const enabled = new Map<string, number>();
  const policies = new Map<string, number>();
  const created = new Set<string>();
  for (const statement of document.statements) {
    const ast = statement.ast;
    const create = asNode(ast, 'CreateStmt');
    if (create?.relation) created.add(relationKey(create.relation));
    const alter = asNode(ast, 'AlterTableStmt');
    if (alter?.relation) {
      for (const cmd of alter.cmds ?? []) {
        const sub = asNode(cmd, 'AlterTableCmd')?.subtype;
        const key = relationKey(alter.relation);
        if ((sub === 'AT_EnableRowSecurity' || sub === 'AT_ForceRowSecurity') && !enabled.has(key)) enabled.set(key, statement.index);
      }
    }
    const policy = asNode(ast, 'CreatePolicyStmt');
    if (policy?.table) {
      const key = relationKey(policy.table);
      if (!policies.has(key)) policies.set(key, statement.index);
    }
  }
  const facts = { enabled, policies, created };
  cache.set(document, facts);
  return facts;
}

/** An expression that is true for every row: `true`, `'t'::boolean`, `1 = 1`, `true OR ...`. */
export function isAlwaysTrue(node: Node | undefined): boolean {
  const c = asNode(node, 'A_Const');
  if (c) return c.boolval?.boolval === true;
  const cast = asNode(node, 'TypeCast');
  if (cast) {
    const text = asNode(cast.arg, 'A_Const')?.sval?.sval?.toLowerCase();
    return isAlwaysTrue(cast.arg) || (text !== undefined && ['t', 'true', 'y', 'yes', 'on', '1'].includes(text.trim()));
  }
  const bool = asNode(node, 'BoolExpr');
  if (bool?.boolop === 'OR_EXPR') return (bool.args ?? []).some((a) => isAlwaysTrue(a));
  if (bool?.boolop === 'AND_EXPR') return (bool.args ?? []).every((a) => isAlwaysTrue(a));
  const expr = asNode(node, 'A_Expr');
  if (expr?.kind === 'AEXPR_OP' && stringValues(expr.name).join('.') === '=' && asNode(expr.lexpr, 'A_Const') && asNode(expr.rexpr, 'A_Const')) {
    return JSON.stringify({ ...asNode(expr.lexpr, 'A_Const'), location: 0 }) === JSON.stringify({ ...asNode(expr.rexpr, 'A_Const'), location: 0 });
  }
  return false;
}

export interface PolicyShape {
  /** `select`, `insert`, `update`, `delete`, `all`; undefined for an ALTER POLICY of a policy the file does not create. */
  readonly command: string | undefined;
  /** False for AS RESTRICTIVE; undefined when unknown. */
  readonly permissive: boolean | undefined;
  readonly roles: readonly Node[] | undefined;
}

/** What a CREATE POLICY declares (RESTRICTIVE leaves `permissive` out of the tree). */
export function createdPolicyShape(create: CreatePolicyStmt): PolicyShape {
  return { command: create.cmd_name ?? 'all', permissive: create.permissive === true, roles: create.roles };
}

/** For ALTER POLICY: what the file's CREATE POLICY of that name and table declared, with the new roles if given. */
export function alteredPolicyShape(document: SqlDocument, alter: AlterPolicyStmt): PolicyShape {
  const key = relationKey(alter.table);
  for (const statement of document.statements) {
    const create = asNode(statement.ast, 'CreatePolicyStmt');
    if (create && create.policy_name === alter.policy_name && relationKey(create.table) === key) {
      const shape = createdPolicyShape(create);
      return alter.roles?.length ? { ...shape, roles: alter.roles } : shape;
    }
  }
  return { command: undefined, permissive: undefined, roles: alter.roles };
}

/** `anon, authenticated`, or `every role (PUBLIC)` when the policy has no TO or names PUBLIC. */
export function describePolicyRoles(roles: readonly Node[] | undefined): string {
  const specs = (roles ?? []).map((r) => asNode(r, 'RoleSpec')).filter((r) => r !== undefined);
  if (specs.length === 0 || specs.some((r) => r.roletype === 'ROLESPEC_PUBLIC')) return 'every role (PUBLIC)';
  return specs.map((r) => (r.roletype === 'ROLESPEC_CSTRING' ? quoteIdentifier(r.rolename ?? '') : (r.roletype ?? '').replace('ROLESPEC_', '').toLowerCase())).join(', ');
}

/** A policy's name and table as SQL text, for messages (`"Anyone can read"`, `app."Profiles"`). */
export function policyNames(node: CreatePolicyStmt | AlterPolicyStmt): { readonly name: string; readonly table: string } {
  return { name: quoteIdentifier(node.policy_name ?? ''), table: quoteQualified(node.table?.schemaname, node.table?.relname ?? '') };
}

/** The expression inside `USING (...)` or `WITH CHECK (...)` of a policy statement, without the parentheses. */
export function policyClauseRange(statement: StatementView, clause: 'USING' | 'WITH CHECK'): OffsetRange {
  const tokens = statement.tokens();
  const keyword = clause === 'USING' ? 'USING' : 'CHECK';
  const at = tokens.findIndex((t, i) => t.text.toUpperCase() === keyword && (keyword === 'USING' || tokens[i - 1]?.text.toUpperCase() === 'WITH') && tokens[i + 1]?.text === '(');
  if (at < 0) return statement.headRange();
  let depth = 0;
  for (let i = at + 1; i < tokens.length; i++) {
    if (tokens[i].text === '(') depth++;
    else if (tokens[i].text === ')' && --depth === 0) return { start: tokens[at + 2].start, end: tokens[i - 1].end };
  }
  return statement.headRange();
}
