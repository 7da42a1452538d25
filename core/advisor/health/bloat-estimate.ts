/**
 * Bloat estimates from statistics alone (no scan of the data): the pages a relation would need for its rows at
 * their average width, against the pages it has. The same idea as the well-known ioguide / pgexperts queries,
 * derived here from the page layout: a heap tuple is a 23-byte header (+ null bitmap) and the data, each
 * MAXALIGNed, plus a 4-byte line pointer, on pages of block_size minus a 24-byte header, filled to fillfactor;
 * a btree tuple is an 8-byte header (+ 4-byte null bitmap) and the key data, MAXALIGNed, plus the line pointer,
 * on pages that also keep a 16-byte special area, plus one metapage. An estimate: wide TOASTed values,
 * alignment padding between columns and btree deduplication (13+) make it approximate, hence the thresholds.
 */

const MAXALIGN = 8;
const align = (n: number): number => Math.ceil(n / MAXALIGN) * MAXALIGN;

export interface RelationStats {
  readonly pages: number;
  /** Live rows (pg_class.reltuples). */
  readonly tuples: number;
  readonly blockSize: number;
  /** Percent. */
  readonly fillfactor: number;
  readonly columns: number;
  /** Sum over the columns of avg_width * (1 - null_frac), from pg_stats. */
  readonly dataWidth: number;
  readonly hasNulls: boolean;
}

export interface BloatEstimate {
  readonly expectedPages: number;
  readonly wastedBytes: number;
  /** Wasted share of the relation's size. */
  readonly ratio: number;
}

function estimate(s: RelationStats, tupleBytes: number, usablePerPage: number, extraPages: number): BloatEstimate {
  const perPage = Math.max(1, Math.floor(usablePerPage / tupleBytes));
  const expectedPages = Math.ceil(s.tuples / perPage) + extraPages;
  const wastedPages = Math.max(0, s.pages - expectedPages);
  return { expectedPages, wastedBytes: wastedPages * s.blockSize, ratio: s.pages > 0 ? wastedPages / s.pages : 0 };
}

export function estimateTableBloat(s: RelationStats): BloatEstimate {
  const header = align(23 + (s.hasNulls ? Math.ceil(s.columns / 8) : 0));
  return estimate(s, header + align(s.dataWidth) + 4, ((s.blockSize - 24) * s.fillfactor) / 100, 0);
}

export function estimateBtreeBloat(s: RelationStats): BloatEstimate {
  const tuple = align(8 + (s.hasNulls ? 4 : 0) + s.dataWidth) + 4;
  return estimate(s, tuple, ((s.blockSize - 24 - 16) * s.fillfactor) / 100, 1);
}
