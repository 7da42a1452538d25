/**
 * Row-level security as a file sets it up: which tables get ENABLE ROW LEVEL SECURITY, which get policies, which
 * the file creates. Used by the RLS rules, which can only judge tables whose whole story is in the file.
 */
import type { SqlDocument } from '../../../parse/document';
import { relationKey } from '../../../analysis/file-facts';
import { asNode } from '../../../parse/ast';

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
