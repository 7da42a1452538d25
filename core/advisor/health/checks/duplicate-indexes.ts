/** The same index twice: both are maintained on every write, one is never needed. */
import { readIndexes } from '../index-catalog';
import { findDuplicates } from '../index-overlap';
import { humanBytes } from '../thresholds';
import type { HealthCheck } from '../types';

export const duplicateIndexes: HealthCheck = {
  id: 'duplicate-indexes',
  title: 'Duplicate indexes',
  description: 'Indexes with the same table, method, columns, operator classes, collations, expressions and predicate as another one. The one a constraint needs (then unique, valid, most used, oldest) is kept.',
  async run(ctx) {
    return findDuplicates(await readIndexes(ctx)).map(({ drop, keep }) => ({
      check: this.id,
      severity: 'warning',
      objectKind: 'index',
      object: drop.name,
      message: `Index ${drop.name} (${humanBytes(drop.bytes)}) duplicates ${keep.name} on ${drop.table}.`,
      advice: drop.constraint
        ? `It backs constraint ${drop.constraint}: drop that constraint (ALTER TABLE ... DROP CONSTRAINT) if ${keep.name} enforces the same.`
        : `${keep.name} serves every lookup it does; dropping it saves ${humanBytes(drop.bytes)} and write work.`,
      ...(drop.constraint ? {} : { fix: `DROP INDEX${drop.partitioned ? '' : ' CONCURRENTLY'} ${drop.name};` }),
    }));
  },
};
