/**
 * The schema object under an offset: a table (or view) name or a column name, resolved through the
 * statement's scopes when it parses, else through a token reading of it. Serves hover and go to definition.
 */
import type { Column, Relation } from '../catalog/model';
import { foldIdentifier } from '../catalog/names';
import type { SqlDocument, Statement } from '../parse/document';
import { scanText } from '../parse/parser';
import type { OffsetRange } from '../parse/positions';
import { tokenScope } from './completion';
import type { SchemaLookup } from './lookup';
import { relationColumns, resolveStatement, type ScopeItem } from './resolve';
import { statementSearchPaths } from './search-path';
import { statementContaining } from './statement-at';

export type IdentifierTarget =
  | { readonly kind: 'relation'; readonly relation: Relation; readonly range: OffsetRange }
  | { readonly kind: 'column'; readonly relation: Relation; readonly column: Column; readonly range: OffsetRange }
  | { readonly kind: 'cte'; readonly item: ScopeItem; readonly range: OffsetRange };

const inside = (r: OffsetRange, offset: number): boolean => offset >= r.start && offset < r.end;

export function identifierAt(document: SqlDocument, offset: number, lookup: SchemaLookup): IdentifierTarget | undefined {
  const statement = statementContaining(document, offset);
  if (!statement) return undefined;
  const path = statementSearchPaths(document, lookup.searchPath)[statement.index] ?? lookup.searchPath;
  if (statement.ast) {
    const semantics = resolveStatement(statement, lookup, path);
    for (const ref of semantics.relations) {
      if (!inside(ref.range, offset)) continue;
      // On the schema part of a qualified name: nothing to show.
      if (!inside(ref.nameRange, offset)) return undefined;
      if (ref.cte) return { kind: 'cte', item: ref.cte, range: ref.nameRange };
      return ref.relation ? { kind: 'relation', relation: ref.relation, range: ref.nameRange } : undefined;
    }
    for (const ref of semantics.columns) {
      if (!inside(ref.range, offset)) continue;
      const r = ref.resolution;
      if (r.status !== 'resolved') return undefined;
      if (inside(ref.nameRange, offset)) {
        const column = r.column?.column;
        const relation = r.column?.relation;
        if (column && relation) return { kind: 'column', relation, column, range: ref.nameRange };
        if (!r.column && r.item.relation) return { kind: 'relation', relation: r.item.relation, range: ref.nameRange };
        return undefined;
      }
      // On the qualifier (`o` of `o.id`): the table it stands for.
      if (r.item.relation) return { kind: 'relation', relation: r.item.relation, range: { start: ref.range.start, end: ref.nameRange.start - 1 } };
      return undefined;
    }
    return undefined;
  }
  return tokenIdentifier(statement, offset, lookup, path);
}

/** For a statement that does not parse (mid-typing): `name`, `schema.name` or `alias.column` under the cursor. */
function tokenIdentifier(statement: Statement, offset: number, lookup: SchemaLookup, path: readonly string[]): IdentifierTarget | undefined {
  const tokens = scanText(statement.text);
  const local = offset - statement.start;
  const at = tokens.findIndex((t) => local >= t.start && local < t.end);
  if (at < 0) return undefined;
  const token = tokens[at];
  if (token.kind !== 'IDENT' && !token.keyword) return undefined;
  const value = (i: number): string | undefined => {
    const t = tokens[i];
    if (!t || (t.kind !== 'IDENT' && !t.keyword)) return undefined;
    return t.text.startsWith('"') ? t.text.slice(1, -1).replace(/""/g, '"') : foldIdentifier(t.text);
  };
  const name = value(at);
  if (name === undefined) return undefined;
  const range = { start: statement.start + token.start, end: statement.start + token.end };
  const qualifier = tokens[at - 1]?.text === '.' ? value(at - 2) : undefined;
  if (qualifier !== undefined) {
    const item = tokenScope(statement.text, lookup, path).items.find((i) => i.name === qualifier);
    const relation = item?.relation ?? lookup.relation({ name: qualifier }, path);
    const column = relation?.columns.find((c) => c.name === name);
    if (relation && column) return { kind: 'column', relation, column, range };
    const qualified = lookup.relation({ schema: qualifier, name }, path);
    return qualified ? { kind: 'relation', relation: qualified, range } : undefined;
  }
  const relation = lookup.relation({ name }, path);
  if (relation && !token.keyword) return { kind: 'relation', relation, range };
  // An unqualified column of the one table in scope.
  const items = tokenScope(statement.text, lookup, path).items.filter((i) => i.relation);
  for (const item of items) {
    const column = relationColumns(item.relation!).find((c) => c.name === name);
    if (column?.column) return { kind: 'column', relation: item.relation!, column: column.column, range };
  }
  return relation ? { kind: 'relation', relation, range } : undefined;
}
