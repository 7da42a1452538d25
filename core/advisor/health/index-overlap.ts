/**
 * Pure comparisons of index definitions: exact duplicates (the same index twice, uniqueness aside) and btree
 * prefixes (an index on (a) is redundant next to one on (a, b): the longer one serves every lookup the shorter
 * does, at the cost of a slightly larger scan).
 */
import type { IndexInfo } from './index-catalog';

const sameList = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const isPrefix = (a: readonly number[], b: readonly number[]): boolean => a.length <= b.length && a.every((x, i) => x === b[i]);

/** Same access method, columns, operator classes, collations, options, expressions and predicate. */
export function sameDefinition(a: IndexInfo, b: IndexInfo): boolean {
  return (
    a.tableOid === b.tableOid &&
    a.am === b.am &&
    a.keyCount === b.keyCount &&
    sameList(a.columns, b.columns) &&
    sameList(a.classes, b.classes) &&
    sameList(a.collations, b.collations) &&
    sameList(a.options, b.options) &&
    a.expressions === b.expressions &&
    a.predicate === b.predicate &&
    // NULLS NOT DISTINCT changes what a unique index enforces; for non-unique indexes it means nothing.
    (!(a.unique && b.unique) || a.nullsNotDistinct === b.nullsNotDistinct)
  );
}

/** Which of two identical indexes to keep: the one a constraint needs, then unique, valid, used, older. */
function rank(i: IndexInfo): [number, number, number, number, number] {
  return [i.constraint ? 0 : 1, i.unique ? 0 : 1, i.valid ? 0 : 1, -(i.scans ?? 0), i.oid];
}
function better(a: IndexInfo, b: IndexInfo): boolean {
  const ra = rank(a);
  const rb = rank(b);
  for (let k = 0; k < ra.length; k++) if (ra[k] !== rb[k]) return ra[k] < rb[k];
  return false;
}

export interface Overlap {
  /** The index that can go. */
  readonly drop: IndexInfo;
  /** The index that stays and serves its lookups. */
  readonly keep: IndexInfo;
}

/** Each group of identical indexes: the best one stays, every other one is reported against it. */
export function findDuplicates(indexes: readonly IndexInfo[]): Overlap[] {
  const out: Overlap[] = [];
  const seen = new Set<number>();
  for (const a of indexes) {
    if (seen.has(a.oid)) continue;
    const group = indexes.filter((b) => !seen.has(b.oid) && sameDefinition(a, b));
    if (group.length < 2) continue;
    for (const g of group) seen.add(g.oid);
    const keep = group.reduce((best, g) => (better(g, best) ? g : best));
    for (const g of group) if (g !== keep) out.push({ drop: g, keep });
  }
  return out;
}

/**
 * Btree indexes whose key is a strict prefix of another valid btree index's key on the same table, with the same
 * operator classes, collations, options and predicate. Unique and constraint indexes enforce something, and an
 * index with INCLUDE columns or expressions may serve index-only scans the longer one cannot: those stay.
 */
export function findRedundant(indexes: readonly IndexInfo[], alreadyReported: ReadonlySet<number> = new Set()): Overlap[] {
  const out: Overlap[] = [];
  for (const a of indexes) {
    if (alreadyReported.has(a.oid) || a.am !== 'btree' || !a.valid || a.unique || a.constraint || a.expressions !== null || a.columns.length !== a.keyCount) continue;
    const aKey = a.columns.slice(0, a.keyCount);
    const covering = indexes.filter((b) => {
      if (b.oid === a.oid || b.tableOid !== a.tableOid || b.am !== 'btree' || !b.valid || b.expressions !== null || b.predicate !== a.predicate) return false;
      const bKey = b.columns.slice(0, b.keyCount);
      return bKey.length > aKey.length && isPrefix(aKey, bKey) && isPrefix(a.classes, b.classes) && isPrefix(a.collations, b.collations) && isPrefix(a.options, b.options);
    });
    if (covering.length === 0) continue;
    // The shortest covering index costs the least to scan in its place.
    const keep = covering.reduce((best, b) => (b.keyCount < best.keyCount || (b.keyCount === best.keyCount && b.bytes < best.bytes) ? b : best));
    out.push({ drop: a, keep });
  }
  return out;
}

/**
 * True when some valid, non-partial index on the table starts with exactly the foreign key's columns (in any
 * order among the leading ones): the lookups of a DELETE or key UPDATE on the referenced table can use it.
 */
export function coversForeignKey(fkColumns: readonly number[], indexes: readonly IndexInfo[]): boolean {
  const wanted = new Set(fkColumns);
  return indexes.some((i) => {
    // btree serves any equality lookup on its leading columns; hash only a single column's.
    if (!(i.am === 'btree' || (i.am === 'hash' && fkColumns.length === 1))) return false;
    if (!i.valid || i.predicate !== null || i.keyCount < fkColumns.length) return false;
    const leading = i.columns.slice(0, fkColumns.length);
    return leading.every((c) => wanted.has(c)) && new Set(leading).size === wanted.size;
  });
}
