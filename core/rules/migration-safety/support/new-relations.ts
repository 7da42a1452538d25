/**
 * Relations a file creates beyond the tables that FileFacts tracks: sequences, views, indexes and
 * materialized views. Locks on them, earlier in the same file, block nobody.
 */
import type { SqlDocument } from '../../../parse/document';
import type { FileFacts } from '../../../analysis/file-facts';
import { relationKey } from '../../../analysis/file-facts';
import { asNode } from '../../../parse/ast';

const cache = new WeakMap<SqlDocument, ReadonlyMap<string, number>>();

function otherCreated(document: SqlDocument): ReadonlyMap<string, number> {
  const known = cache.get(document);
  if (known) return known;
  const created = new Map<string, number>();
  const add = (key: string, index: number): void => {
    if (key && !created.has(key)) created.set(key, index);
  };
  for (const statement of document.statements) {
    const ast = statement.ast;
    const sequence = asNode(ast, 'CreateSeqStmt')?.sequence;
    if (sequence) add(relationKey(sequence), statement.index);
    const view = asNode(ast, 'ViewStmt');
    if (view?.view && !view.replace) add(relationKey(view.view), statement.index);
    const index = asNode(ast, 'IndexStmt');
    if (index?.idxname) add(relationKey(index.relation?.schemaname ? `${index.relation.schemaname}.${index.idxname}` : index.idxname), statement.index);
  }
  cache.set(document, created);
  return created;
}

/** True when `name` (a table, sequence, view, index ...) was created earlier in the file than statement `index`. */
export function isNewObject(document: SqlDocument, file: FileFacts, name: string, index: number): boolean {
  if (file.isNewRelation(name, index)) return true;
  const at = otherCreated(document).get(relationKey(name));
  return at !== undefined && at < index;
}
