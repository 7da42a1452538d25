/**
 * A realistic analysed plan made by a real PostgreSQL (PGlite, in process): a shop schema with data, and a
 * query with a materialized CTE, a join, a correlated subquery (SubPlan) and a sort, so the plan has the
 * shapes the viewer and the source link must handle and the insights the panel shows.
 */
import { PGlite } from '@electric-sql/pglite';

export const DEMO_SCHEMA = `
CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL, country text NOT NULL);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), status text NOT NULL, total numeric(10,2) NOT NULL, created_at timestamptz NOT NULL);
INSERT INTO customers SELECT g, 'customer ' || g, 'c' || g || '@example.com', (ARRAY['NL','DE','FR','US'])[1 + g % 4] FROM generate_series(1, 4000) g;
INSERT INTO orders SELECT g, 1 + (g * 7919) % 4000, (ARRAY['paid','shipped','cancelled'])[1 + g % 3], (g % 500) + 0.99, now() - ((g % 90) || ' days')::interval FROM generate_series(1, 60000) g;
ANALYZE;
`;

export const DEMO_QUERY = `WITH recent AS MATERIALIZED (
  SELECT customer_id, sum(total) AS spent
  FROM orders
  WHERE created_at > now() - interval '30 days' AND status = 'paid'
  GROUP BY customer_id
)
SELECT c.name, c.email, r.spent,
       (SELECT count(*) FROM orders o2 WHERE o2.customer_id = c.id) AS lifetime_orders
FROM customers c
JOIN recent r ON r.customer_id = c.id
WHERE c.country = 'NL'
ORDER BY r.spent DESC
LIMIT 20`;

export interface DemoPlan {
  readonly raw: string;
  readonly query: string;
}

/** `before`: SQL run after the schema, e.g. a CREATE INDEX to compare plans before and after it. */
export async function demoPlan(query = DEMO_QUERY, before = ''): Promise<DemoPlan> {
  const db = await PGlite.create();
  try {
    await db.exec(DEMO_SCHEMA);
    if (before) await db.exec(before);
    const result = await db.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON) ${query}`);
    return { raw: JSON.stringify(result.rows[0]['QUERY PLAN']), query };
  } finally {
    await db.close();
  }
}
