// Insights follow the time: severity is capped by how much time the query has to save, the first insight is
// the one whose fix saves the most, and index advice names only columns an index can serve.
import { strict as assert } from 'node:assert';
import { analyzePlan } from '../../../core/explain/analyze';
import { parsePlan } from '../../../core/explain/parse';
import { referencingColumn } from '../../../core/explain/insights/time';
import type { PlanAnalysis } from '../../../core/explain/analyze';

function analysed(text: string): PlanAnalysis {
  const r = parsePlan(text);
  assert.ok('plan' in r, 'error' in r ? r.error : '');
  return analyzePlan(r.plan);
}

const SCAN = (ms: number): string => `Seq Scan on orders  (cost=0.00..2000.00 rows=100 width=8) (actual time=0.01..${ms} rows=100 loops=1)
  Filter: (status = 'new'::text)
  Rows Removed by Filter: 200000
Execution Time: ${ms} ms`;

describe('explain insights: ranked by the time they can save', () => {
  it('the same problem is critical in a slow query, a warning in a 50 ms one and information in a 7 ms one', () => {
    const severity = (ms: number): string | undefined => analysed(SCAN(ms)).insights.find((i) => i.id === 'seq-scan-filter')?.severity;
    assert.deepEqual([severity(800), severity(50), severity(7)], ['critical', 'warning', 'info']);
  });

  it('the first insight is where the time goes, whatever its severity', () => {
    const a = analysed(`Nested Loop  (cost=0.00..9000.00 rows=10 width=8) (actual time=0.1..900.0 rows=10 loops=1)
  ->  Seq Scan on small  (cost=0.00..10.00 rows=100000 width=8) (actual time=0.01..2.0 rows=10 loops=1)
  ->  Index Scan using big_pkey on big  (cost=0.00..80.00 rows=1 width=8) (actual time=89.0..89.0 rows=1 loops=10)
        Index Cond: (id = small.big_id)
        Filter: (flag = 1)
        Rows Removed by Filter: 5000
Execution Time: 900.0 ms`);
    assert.equal(a.insights[0].id, 'index-scan-filter', a.insights.map((i) => `${i.id}:${i.severity}`).join());
    assert.ok(a.insights.some((i) => i.id === 'row-misestimate'), 'the cheap misestimate is still listed, after it');
  });

  it('no index on a filter that compares two columns of the same row, nor the index the scan already uses', () => {
    const columns = analysed(`Seq Scan on orders  (cost=0.00..2000.00 rows=100 width=8) (actual time=0.01..500 rows=100 loops=1)
  Filter: (shipped_at > created_at)
  Rows Removed by Filter: 200000`).insights.find((i) => i.id === 'seq-scan-filter');
    assert.ok(columns && columns.sql === undefined, JSON.stringify(columns));
    const same = analysed(`Index Scan using orders_customer_idx on orders  (cost=0.00..2000.00 rows=100 width=8) (actual time=0.01..500 rows=100 loops=1)
  Index Cond: (customer_id = 42)
  Filter: (lower(note) = 'x'::text)
  Rows Removed by Filter: 20000`).insights.find((i) => i.id === 'index-scan-filter');
    assert.ok(same && same.sql === undefined, JSON.stringify(same));
  });

  it('reads the referencing table and column from a default foreign-key name', () => {
    assert.deepEqual(referencingColumn('orders_customer_id_fkey', 'customers'), { table: 'orders', column: 'customer_id' });
    assert.deepEqual(referencingColumn('order_lines_order_id_fkey', 'public.orders'), { table: 'order_lines', column: 'order_id' });
    assert.deepEqual(referencingColumn('posts_category_id_fkey', 'categories'), { table: 'posts', column: 'category_id' });
    assert.equal(referencingColumn('employees_manager_id_fkey', 'employees'), undefined, 'no evident split: no guess');
    assert.equal(referencingColumn('fk_custom_name', 'customers'), undefined);
  });
});
