// Which verified candidate the advisor recommends: the cheapest plan, and when the planner's costs tie, the
// smaller index (then the one with fewer columns).
import { strict as assert } from 'node:assert';
import { better, type CandidateOutcome } from '../../../core/advisor/indexes/verify';
import type { IndexCandidate } from '../../../core/advisor/indexes/types';

function outcome(columns: string[], costAfter: number, sizeBytes: number): CandidateOutcome {
  const candidate: IndexCandidate = { schema: 'public', table: 'orders', method: 'btree', columns: columns.map((column) => ({ column })), include: [], equalityPrefix: columns.length, reason: 'test' };
  return { candidate, name: columns.join('_'), sql: '', status: 'recommended', verdict: '', costAfter, sizeBytes };
}

describe('index advisor: choosing among verified candidates', () => {
  it('a clearly cheaper plan wins, whatever the size', () => {
    const [first] = [outcome(['a', 'b'], 10, 9_000_000), outcome(['a'], 40, 1_000_000)].sort(better);
    assert.deepEqual(first.name, 'a_b');
  });

  it('costs within 2 % tie: the smaller index wins', () => {
    const [first] = [outcome(['customer_id', 'created_at'], 8.43, 9_000_000), outcome(['customer_id'], 8.45, 4_000_000)].sort(better);
    assert.equal(first.name, 'customer_id');
  });
});
