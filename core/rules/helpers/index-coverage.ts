/**
 * What an index is good for, judged on its shape alone, so one file's DDL (FileSchema) and a workspace's catalog
 * (core/semantics/cross-file-checks.ts) are judged alike: whether an index serves a foreign key's lookups, and
 * whether it is redundant next to another index of the same table.
 */

export interface IndexShape {
  /** Any key that identifies the table (both sides of a comparison use the same kind). */
  readonly table: string;
  readonly name: string | undefined;
  /** Key columns by name; undefined entries are expressions. */
  readonly columns: readonly (string | undefined)[];
  /** Comparable text of each key element (column or expression, opclass, order, collation). */
  readonly keys: readonly string[];
  readonly include: readonly string[];
  readonly method: string;
  readonly unique: boolean;
  /** Backs a PRIMARY KEY or UNIQUE/EXCLUDE constraint (dropping it means dropping the constraint). */
  readonly constraint: boolean;
  /** Backs the PRIMARY KEY. */
  readonly primary: boolean;
  /** Comparable text of the partial index predicate. */
  readonly predicate: string | undefined;
}

/** The index's first n key columns are exactly the foreign key's n columns (in any order), and it covers every row. */
export function servesForeignKey(index: Pick<IndexShape, 'table' | 'columns' | 'predicate'>, fk: { readonly table: string; readonly columns: readonly string[] }): boolean {
  if (index.table !== fk.table) return false;
  // A partial index `WHERE <key column> IS NOT NULL` serves it too: a lookup by key value implies NOT NULL.
  if (index.predicate !== undefined && !onlyKeysNotNull(index.predicate, fk.columns)) return false;
  const n = fk.columns.length;
  if (index.columns.length < n) return false;
  const leading = new Set(index.columns.slice(0, n));
  return fk.columns.every((c) => leading.has(c));
}

/**
 * Whether a predicate is `col IS NOT NULL` (ANDed) over the key's columns only: as text (the catalog's) or as the
 * parser's JSON (a file's own indexes, file-schema.ts).
 */
function onlyKeysNotNull(predicate: string, columns: readonly string[]): boolean {
  if (predicate.startsWith('{')) {
    const notNull = (node: unknown): boolean => {
      const n = node as { NullTest?: { nulltesttype?: string; arg?: { ColumnRef?: { fields?: { String?: { sval?: string } }[] } } }; BoolExpr?: { boolop?: string; args?: unknown[] } };
      if (n.BoolExpr) return n.BoolExpr.boolop === 'AND_EXPR' && (n.BoolExpr.args ?? []).every(notNull);
      const fields = n.NullTest?.arg?.ColumnRef?.fields ?? [];
      const column = fields[fields.length - 1]?.String?.sval;
      return n.NullTest?.nulltesttype === 'IS_NOT_NULL' && column !== undefined && columns.includes(column);
    };
    try {
      return notNull(JSON.parse(predicate));
    } catch {
      return false;
    }
  }
  const parts = predicate.replace(/^\((.*)\)$/s, '$1').split(/\s+AND\s+/i);
  return parts.every((part) => {
    const m = /^\(?\s*"?([^"\s()]+)"?\s+IS\s+NOT\s+NULL\s*\)?$/i.exec(part.trim());
    return m !== null && columns.includes(m[1]);
  });
}

/** Why `a` is not needed next to `b`, or undefined when it is. */
export function indexRedundancy(a: IndexShape, b: IndexShape): 'duplicate' | 'prefix' | undefined {
  if (a.table !== b.table || a.method !== b.method || a.predicate !== b.predicate) return undefined;
  const sameKeys = a.keys.length === b.keys.length && a.keys.every((k, i) => k === b.keys[i]);
  if (sameKeys) {
    // A unique index is not redundant next to a non-unique one; INCLUDE columns must be covered too.
    if (a.unique && !b.unique) return undefined;
    if (!a.include.every((c) => b.include.includes(c))) return undefined;
    return 'duplicate';
  }
  // A btree on (a) is served by a btree on (a, b): only for plain indexes (a unique one enforces something).
  if (a.method !== 'btree' || a.unique || a.constraint || a.include.length > 0) return undefined;
  if (a.keys.length >= b.keys.length) return undefined;
  return a.keys.every((k, i) => k === b.keys[i]) ? 'prefix' : undefined;
}

/** Of two duplicates the primary key is kept, then a constraint's index, then the one created first. */
function rank(x: IndexShape): number {
  return x.primary ? 2 : x.constraint ? 1 : 0;
}

/** Whether `a` is the index to report next to `b`; `aFirst`: `a` was created before `b`. */
export function reportsAgainst(a: IndexShape, b: IndexShape, aFirst: boolean): 'duplicate' | 'prefix' | undefined {
  const why = indexRedundancy(a, b);
  if (why === 'duplicate' && indexRedundancy(b, a) === 'duplicate' && (rank(b) < rank(a) || (rank(b) === rank(a) && aFirst))) return undefined;
  return why;
}

export function describeIndex(index: IndexShape): string {
  const what = index.primary ? 'primary key' : index.constraint ? (index.unique ? 'unique constraint' : 'constraint') : index.unique ? 'unique index' : 'index';
  const cols = index.columns.map((c) => c ?? '(expression)').join(', ');
  return `${what} ${index.name ?? `on (${cols})`}`;
}

export function redundancyMessage(a: IndexShape, b: IndexShape, why: 'duplicate' | 'prefix', table: string): string {
  return why === 'duplicate'
    ? `${describeIndex(a)} on ${table} has the same key as ${describeIndex(b)}: one of them is redundant.`
    : `${describeIndex(a)} on ${table} (${a.columns.join(', ')}) is a prefix of ${describeIndex(b)} (${b.columns.map((c) => c ?? '(expression)').join(', ')}), which serves the same lookups.`;
}
