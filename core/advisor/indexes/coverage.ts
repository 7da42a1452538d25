/**
 * Whether an existing index already serves a candidate. B-tree: the candidate's key is a prefix of the index's
 * key (its leading equality columns in any order), the index has no predicate or the same one, and every INCLUDE
 * column is in the index. GIN: an index on the column with an operator class that supports the same operators.
 */
import type { ExistingIndex, IndexCandidate } from './types';

/** `((status = 'pending'::text))` and `status = 'pending'` compare equal. */
export function normalizePredicate(sql: string): string {
  return sql
    .replace(/::[a-z_ ]+(\[\])?/gi, '')
    .replace(/[()\s"]/g, '')
    .toLowerCase();
}

const DEFAULT_GIN = new Set(['jsonb_ops', 'array_ops']);

function ginCovers(x: ExistingIndex, c: IndexCandidate): boolean {
  const col = c.columns[0];
  if (x.method !== 'gin' && !(x.method === 'gist' && col.opclass === 'gin_trgm_ops')) return false;
  return x.keyColumns.some((k, i) => {
    if (k !== col.column) return false;
    const have = x.opclasses[i] ?? '';
    if (col.opclass === 'gin_trgm_ops') return have === 'gin_trgm_ops' || have === 'gist_trgm_ops';
    // jsonb_ops answers every operator jsonb_path_ops does (and more).
    if (col.opclass === 'jsonb_path_ops') return have === 'jsonb_path_ops' || have === 'jsonb_ops';
    return col.opclass === undefined ? DEFAULT_GIN.has(have) : have === col.opclass;
  });
}

function btreeCovers(x: ExistingIndex, c: IndexCandidate): boolean {
  if (x.method !== 'btree') return false;
  let keys = c.columns.map((k) => k.column);
  let equality = c.equalityPrefix;
  if (c.where) {
    const samePredicate = x.predicate !== null && normalizePredicate(x.predicate) === normalizePredicate(c.where);
    if (!samePredicate) {
      if (x.predicate !== null || !c.whereColumn) return false;
      // A full index led by the predicate's column (with the equality columns) serves the partial one's lookups.
      keys = [c.whereColumn, ...keys.filter((k) => k !== c.whereColumn)];
      equality = Math.min(keys.length, equality + 1);
    }
  } else if (x.predicate !== null) return false;
  if (x.keyColumns.length < keys.length) return false;
  const leading = new Set(keys.slice(0, equality));
  for (let i = 0; i < equality; i++) if (!leading.has(x.keyColumns[i] ?? '')) return false;
  for (let i = equality; i < keys.length; i++) if (x.keyColumns[i] !== keys[i]) return false;
  const stored = new Set([...x.keyColumns.filter((k): k is string => k !== null), ...x.includeColumns]);
  return c.include.every((col) => stored.has(col));
}

/** The first valid existing index that serves the candidate, if any. */
export function coveringIndex(c: IndexCandidate, existing: readonly ExistingIndex[]): ExistingIndex | undefined {
  return existing.find((x) => x.valid && (c.method === 'gin' ? ginCovers(x, c) : btreeCovers(x, c)));
}
