// implicit-cross-join: FROM a, b with nothing linking them; one-row sides (parameters, totals, a row just
// inserted) are deliberate and quiet.
import { strict as assert } from 'node:assert';
import { lintWithRule } from './migration-safety-helpers';

const ID = 'implicit-cross-join';
const count = (sql: string): number => lintWithRule(ID, sql).length;

describe(ID, () => {
  it('linked by WHERE, one-row sides, functions and unqualified columns are quiet', () => {
    assert.equal(count('SELECT * FROM a, b, c WHERE a.id = b.a_id;'), 1);
    assert.equal(count('SELECT * FROM a, b, c WHERE a.id = b.a_id AND c.b_id = b.id;'), 0);
    assert.equal(count('SELECT * FROM a, generate_series(1, 3) g;'), 0);
    assert.equal(count('WITH p AS (SELECT 1 AS x) SELECT * FROM a, p WHERE a.v > p.x OR true;'), 0);
    assert.equal(count('SELECT * FROM a, b WHERE x = y;'), 0, 'unqualified: cannot tell');
    assert.equal(count('SELECT * FROM a, b WHERE EXISTS (SELECT 1 FROM c WHERE c.a = a.id AND c.b = b.id);'), 0);
    assert.equal(count('SELECT * FROM a, LATERAL (SELECT * FROM b WHERE b.a = a.id) s;'), 0);
  });

  it('one-row CTEs: SELECT now(), an aggregate without GROUP BY, one VALUES row, INSERT ... VALUES (one row) RETURNING', () => {
    assert.equal(count('WITH now AS (SELECT now() AS at) SELECT o.id FROM orders o, now WHERE o.created_at < now.at - interval \'1 day\';'), 0);
    assert.equal(count('WITH t AS (SELECT count(*) AS n, max(amount) AS top FROM orders) SELECT o.id, o.amount / t.top FROM orders o, t;'), 0);
    assert.equal(count('WITH p(lo, hi) AS (VALUES (1, 10)) SELECT o.id FROM orders o, p;'), 0);
    assert.equal(count("WITH ins AS (INSERT INTO batches (name) VALUES ('nightly') RETURNING id) INSERT INTO batch_items (batch_id, order_id) SELECT ins.id, o.id FROM orders o, ins;"), 0);
    assert.equal(count("WITH ins AS (INSERT INTO batches (name) SELECT 'x' RETURNING id) SELECT o.id, ins.id FROM orders o, ins;"), 0);
    // A CTE reading only a one-row CTE is one row too.
    assert.equal(count("WITH ins AS (INSERT INTO batches (name) VALUES ('n') RETURNING id), b AS (SELECT id AS batch_id FROM ins) SELECT o.id FROM orders o, b;"), 0);
    // Several rows: still a cross join.
    assert.equal(count('WITH g AS (SELECT generate_series(1, 10) AS n) SELECT o.id FROM orders o, g;'), 1);
    assert.equal(count("WITH ins AS (INSERT INTO batches (name) VALUES ('a'), ('b') RETURNING id) SELECT o.id, ins.id FROM orders o, ins;"), 1);
    assert.equal(count('WITH t AS (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id) SELECT c.id FROM customers c, t;'), 1);
    assert.equal(count('WITH u AS (UPDATE batches SET done = true WHERE id = 1 RETURNING id) SELECT o.id FROM orders o, u;'), 1);
  });

  it('one-row subqueries: aggregates, one VALUES row, LIMIT 1', () => {
    assert.equal(count('SELECT o.id FROM orders o, (SELECT max(amount) AS m FROM orders) t WHERE o.amount = t.m;'), 0);
    assert.equal(count('SELECT o.id FROM orders o, (VALUES (1, 2)) AS p(a, b);'), 0);
    assert.equal(count('SELECT o.id FROM orders o, (SELECT id FROM settings ORDER BY id LIMIT 1) s;'), 0);
    assert.equal(count('SELECT o.id FROM orders o, (VALUES (1), (2)) AS p(a);'), 1);
  });

  it('reports a FROM/USING table no condition links to the target', () => {
    assert.match(lintWithRule(ID, "UPDATE orders o SET status = s.name FROM statuses s WHERE o.id = 1;")[0].message, /UPDATE matches in o takes its values/);
    assert.equal(count('UPDATE orders o SET status = s.name FROM statuses s WHERE s.id = o.status_id;'), 0);
    assert.equal(count('DELETE FROM orders o USING customers c WHERE c.id = o.customer_id AND c.banned;'), 0);
    assert.equal(count('DELETE FROM orders o USING customers c WHERE c.banned;'), 1);
    assert.equal(count('UPDATE t SET a = 1 FROM (SELECT max(a) AS m FROM t) x WHERE t.a < x.m;'), 0);
    assert.equal(count("WITH p AS (SELECT 'closed'::text AS s) UPDATE orders o SET status = p.s FROM p WHERE o.id = 1;"), 0);
  });
});
