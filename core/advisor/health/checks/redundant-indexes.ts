/** A btree index whose columns lead another btree index: the longer one already serves its lookups. */
import { readIndexes } from '../index-catalog';
import { findDuplicates, findRedundant } from '../index-overlap';
import { humanBytes } from '../thresholds';
import type { HealthCheck } from '../types';

export const redundantIndexes: HealthCheck = {
  id: 'redundant-indexes',
  title: 'Redundant indexes (btree prefix)',
  description: 'Non-unique btree indexes whose key columns (with operator classes, collations and order) are a strict prefix of another valid btree index with the same predicate. Indexes with INCLUDE columns or expressions are left alone.',
  async run(ctx) {
    const indexes = await readIndexes(ctx);
    // An exact duplicate is reported by duplicate-indexes; do not report it twice.
    const duplicates = new Set(findDuplicates(indexes).map((o) => o.drop.oid));
    return findRedundant(indexes, duplicates).map(({ drop, keep }) => ({
      check: this.id,
      severity: 'info',
      objectKind: 'index',
      object: drop.name,
      message: `Index ${drop.name} (${humanBytes(drop.bytes)}) is a prefix of ${keep.name} on ${drop.table}.`,
      advice: `${keep.name} serves the same lookups (its leading columns); drop ${drop.name} unless its smaller size matters for a hot query.`,
      fix: `DROP INDEX${drop.partitioned ? '' : ' CONCURRENTLY'} ${drop.name};`,
    }));
  },
};
