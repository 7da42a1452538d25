/**
 * What pg_stats says about a column, as the advisor uses it: how many distinct values it has (B-tree column order:
 * the more distinct, the earlier among equality columns) and how often a constant occurs (partial indexes).
 */
import type { ColumnStats, TableFacts } from './types';

/** Estimated number of distinct values; undefined without statistics. */
export function distinctValues(facts: TableFacts, column: string): number | undefined {
  const s = facts.stats.get(column);
  if (!s) return undefined;
  // Negative n_distinct is a fraction of the rows (-1: unique).
  return s.nDistinct >= 0 ? s.nDistinct : -s.nDistinct * Math.max(facts.rows, 1);
}

/**
 * The fraction of rows where the column equals the constant ('null' / 'not null' for IS [NOT] NULL): its
 * most-common-values frequency, else what the other values share evenly. Undefined without statistics.
 */
export function valueFraction(stats: ColumnStats | undefined, constant: string, rows: number): number | undefined {
  if (!stats) return undefined;
  if (constant === 'null') return stats.nullFrac;
  if (constant === 'not null') return 1 - stats.nullFrac;
  const i = stats.mostCommonValues.indexOf(constant);
  if (i >= 0) return stats.mostCommonFreqs[i];
  const distinct = stats.nDistinct >= 0 ? stats.nDistinct : -stats.nDistinct * Math.max(rows, 1);
  const others = distinct - stats.mostCommonValues.length;
  const rest = 1 - stats.nullFrac - stats.mostCommonFreqs.reduce((a, b) => a + b, 0);
  // A value missing from a complete list of common values is (nearly) absent.
  if (others <= 0) return 0;
  return Math.max(0, rest) / others;
}
