/**
 * Go to symbol in workspace: the catalog's tables, views, routines, types, sequences, indexes and schemas
 * whose names match a query (case-insensitive; exact, prefix, substring, then the query's characters in
 * order), with where the workspace defines them. Columns are left out: every table has an `id`.
 */
import type { CatalogView } from '../catalog/catalog';
import type { SourceLocation } from '../catalog/model';

export type WorkspaceSymbolKind = 'table' | 'view' | 'materialized-view' | 'foreign-table' | 'function' | 'procedure' | 'type' | 'sequence' | 'index' | 'schema';

export interface WorkspaceSymbol {
  readonly name: string;
  readonly kind: WorkspaceSymbolKind;
  /** The schema (empty for a schema). */
  readonly container: string;
  readonly location: SourceLocation;
}

const DEFAULT_LIMIT = 1000;

/** Match quality of `name` for `query` (both lower case): lower is better, undefined for no match. */
function score(name: string, query: string): number | undefined {
  if (query === '') return 3;
  if (name === query) return 0;
  if (name.startsWith(query)) return 1;
  if (name.includes(query)) return 2;
  let i = 0;
  for (const c of name) if (c === query[i]) i++;
  return i === query.length ? 3 : undefined;
}

export function workspaceSymbols(catalogs: readonly CatalogView[], query: string, limit = DEFAULT_LIMIT): WorkspaceSymbol[] {
  const q = query.trim().toLowerCase();
  // `billing.inv` matches qualified names; `inv` matches names.
  const qualified = q.includes('.');
  const found: { readonly symbol: WorkspaceSymbol; readonly score: number }[] = [];
  const seen = new Set<string>();
  const offer = (name: string, kind: WorkspaceSymbolKind, container: string, location: SourceLocation | undefined): void => {
    if (!location) return;
    const key = `${kind}\u0000${container}\u0000${name}\u0000${location.file}\u0000${location.range.start}`;
    if (seen.has(key)) return;
    const s = score((qualified && container ? `${container}.${name}` : name).toLowerCase(), q);
    if (s === undefined) return;
    seen.add(key);
    found.push({ symbol: { name, kind, container, location }, score: s });
  };
  for (const catalog of catalogs) {
    for (const r of catalog.relations()) offer(r.name, r.kind === 'partitioned-table' ? 'table' : r.kind, r.schema, r.location);
    for (const f of catalog.functions()) offer(f.name, f.kind === 'procedure' ? 'procedure' : 'function', f.schema, f.location);
    for (const t of catalog.types()) offer(t.name, 'type', t.schema, t.location);
    for (const s of catalog.sequences()) offer(s.name, 'sequence', s.schema, s.location);
    for (const i of catalog.indexes()) offer(i.name, 'index', i.schema, i.location);
    for (const s of catalog.schemas()) offer(s.name, 'schema', '', s.location);
  }
  // Better matches first, then shorter names (closer to the query), then by name.
  found.sort((a, b) => a.score - b.score || a.symbol.name.length - b.symbol.name.length || a.symbol.name.localeCompare(b.symbol.name) || a.symbol.container.localeCompare(b.symbol.container));
  return found.slice(0, limit).map((f) => f.symbol);
}
