/**
 * Whether a project's history is complete, per schema: migrations that alter, index, reference or attach
 * triggers and policies to tables no earlier file creates show that the history starts after those tables were
 * made (a squashed or trimmed history, tables owned by a platform such as Supabase's auth schema). In such a
 * schema a name missing from the catalog may well exist, so unknown-name checks stay silent there, and hover
 * says why.
 */
import type { Constraint, Node, RangeVar } from '@pgsql/types';
import type { CatalogView } from '../catalog/catalog';
import { asNode, walkAst } from '../parse/ast';
import type { SqlDocument, Statement } from '../parse/document';
import type { OffsetRange } from '../parse/positions';

/** The first sign that a schema's history is partial. */
export interface PartialHistory {
  readonly schema: string;
  /** The table a migration uses without any file creating it. */
  readonly table: string;
  /** The file (id) and range of that statement. */
  readonly file: string;
  readonly range: OffsetRange;
}

const SYSTEM_SCHEMAS: ReadonlySet<string> = new Set(['pg_catalog', 'information_schema', 'pg_toast']);

/** A table a file uses that was not in the catalog before it (it may still create it itself). */
export interface MissingRelation {
  readonly schema: string;
  readonly name: string;
  readonly unqualified: boolean;
  readonly table: string;
  readonly range: OffsetRange;
}

/**
 * Phase one, before a file is applied: the tables its DDL needs that the catalog does not have yet. Phase two,
 * after (stillMissing): those the file did not create itself either are the evidence of a partial history.
 */
export function relationsMissingBefore(document: SqlDocument, before: CatalogView): MissingRelation[] {
  const out: MissingRelation[] = [];
  for (const statement of document.statements) {
    const ast = statement.ast;
    if (!ast) continue;
    for (const rel of existingRelations(ast)) {
      const name = rel.relname;
      if (!name) continue;
      const schema = rel.schemaname ?? 'public';
      if (SYSTEM_SCHEMAS.has(schema) || schema.startsWith('pg_temp') || rel.relpersistence === 't') continue;
      const unqualified = rel.schemaname === undefined;
      if (known(before, schema, name, unqualified)) continue;
      out.push({ schema, name, unqualified, table: unqualified ? name : `${schema}.${name}`, range: rangeOf(statement, rel) });
    }
  }
  return out;
}

/** The evidence of a partial history in one file: what it used and neither found nor created. */
export function stillMissing(file: string, candidates: readonly MissingRelation[], after: CatalogView): PartialHistory[] {
  return candidates.filter((c) => !known(after, c.schema, c.name, c.unqualified)).map((c) => ({ schema: c.schema, table: c.table, file, range: c.range }));
}

/** The first evidence per schema, over the files in order. */
export function firstPerSchema(evidence: Iterable<readonly PartialHistory[]>): Map<string, PartialHistory> {
  const out = new Map<string, PartialHistory>();
  for (const list of evidence) for (const e of list) if (!out.has(e.schema)) out.set(e.schema, e);
  return out;
}

function known(catalog: CatalogView, schema: string, name: string, unqualified: boolean): boolean {
  if (catalog.relation({ schema, name })) return true;
  // Unqualified names may live in any schema of the search path: look them up by name.
  return unqualified && catalog.relations().some((r) => r.name === name);
}

function rangeOf(statement: Statement, rel: RangeVar): OffsetRange {
  return rel.location === undefined ? statement.headRange() : statement.rangeOfLocation(rel.location);
}

/** Relations a DDL statement needs to exist already (not those it creates or drops IF EXISTS). */
function existingRelations(ast: Node): RangeVar[] {
  const out: RangeVar[] = [];
  const alter = asNode(ast, 'AlterTableStmt');
  if (alter?.relation && !alter.missing_ok && (alter.objtype === 'OBJECT_TABLE' || alter.objtype === undefined)) out.push(alter.relation);
  const index = asNode(ast, 'IndexStmt');
  if (index?.relation) out.push(index.relation);
  const trigger = asNode(ast, 'CreateTrigStmt');
  if (trigger?.relation) out.push(trigger.relation);
  const policy = asNode(ast, 'CreatePolicyStmt');
  if (policy?.table) out.push(policy.table);
  const rename = asNode(ast, 'RenameStmt');
  if (rename?.relation && !rename.missing_ok && (rename.renameType === 'OBJECT_TABLE' || rename.renameType === 'OBJECT_COLUMN')) out.push(rename.relation);
  // Foreign keys, in CREATE TABLE and ALTER TABLE alike.
  if (asNode(ast, 'CreateStmt') || alter) {
    walkAst(ast, (ref) => {
      if (ref.tag !== 'Constraint') return;
      const constraint = ref.node as Constraint;
      if (constraint.contype === 'CONSTR_FOREIGN' && constraint.pktable) out.push(constraint.pktable);
    });
  }
  return out;
}
