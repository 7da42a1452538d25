/** COMMENT ON: kept on the object for hover. */
import type { CommentStmt, Node } from '@pgsql/types';
import { asNode, stringValues } from '../../parse/ast';
import type { NameReference } from '../names';
import type { ApplyContext } from './context';
import { updateRelation } from './relations';

function names(node: Node | undefined): string[] {
  const list = asNode(node, 'List');
  if (list) return stringValues(list.items);
  const typeName = asNode(node, 'TypeName');
  if (typeName) return stringValues(typeName.names);
  const s = asNode(node, 'String');
  return s?.sval !== undefined ? [s.sval] : [];
}

function refOf(parts: readonly string[]): NameReference {
  return parts.length > 1 ? { schema: parts[parts.length - 2], name: parts[parts.length - 1] } : { name: parts[0] ?? '' };
}

export function comment(ctx: ApplyContext, stmt: CommentStmt): void {
  const text = stmt.comment;
  const apply = <T extends { comment?: string }>(o: T): T => {
    const { comment: _old, ...rest } = o;
    return (text !== undefined ? { ...rest, comment: text } : rest) as T;
  };
  const catalog = ctx.catalog;
  const parts = names(stmt.object);
  switch (stmt.objtype) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
    case 'OBJECT_FOREIGN_TABLE': {
      const table = ctx.findRelation(refOf(parts));
      if (table) updateRelation(catalog, table, apply);
      return;
    }
    case 'OBJECT_COLUMN': {
      const table = ctx.findRelation(refOf(parts.slice(0, -1)));
      const column = parts[parts.length - 1];
      if (table) updateRelation(catalog, table, (r) => ({ ...r, columns: r.columns.map((c) => (c.name === column ? apply(c) : c)) }));
      return;
    }
    case 'OBJECT_INDEX': {
      const index = catalog.resolveIndex(refOf(parts), ctx.lookupPath());
      if (index) catalog.putIndex(apply(index));
      return;
    }
    case 'OBJECT_SEQUENCE': {
      const sequence = catalog.resolveSequence(refOf(parts), ctx.lookupPath());
      if (sequence) catalog.putSequence(apply(sequence));
      return;
    }
    case 'OBJECT_TYPE':
    case 'OBJECT_DOMAIN': {
      const type = catalog.resolveType(refOf(parts), ctx.lookupPath());
      if (type) catalog.putType(apply(type));
      return;
    }
    case 'OBJECT_SCHEMA': {
      const schema = catalog.schema(parts[0] ?? '');
      if (schema) catalog.putSchema(apply(schema));
      return;
    }
    case 'OBJECT_EXTENSION': {
      const extension = catalog.extension(parts[0] ?? '');
      if (extension) catalog.putExtension(apply(extension));
      return;
    }
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE': {
      const object = asNode(stmt.object, 'ObjectWithArgs');
      const overloads = object ? catalog.resolveFunctions(refOf(stringValues(object.objname)), ctx.lookupPath()) : [];
      if (overloads.length === 1) catalog.putFunction(apply(overloads[0]));
      return;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const table = ctx.findRelation(refOf(parts.slice(0, -1)));
      const name = parts[parts.length - 1];
      if (table) updateRelation(catalog, table, (r) => ({ ...r, constraints: r.constraints.map((c) => (c.name === name ? apply(c) : c)) }));
      return;
    }
    default:
      return;
  }
}
