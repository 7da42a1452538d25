// unknown-function, ambiguous-column and type-mismatch against PostgreSQL itself: each statement runs (as EXPLAIN,
// so nothing changes) on a database holding the same schema the checks see, and a statement is reported exactly
// when PostgreSQL refuses it with the matching error. Statements PostgreSQL accepts include the cases the checks
// must stay silent on (USING joins, implicit casts, unknown-typed literals, ORDER BY output names, ...).
import { strict as assert } from 'node:assert';
import { Client } from 'pg';
import { buildCatalog } from '../../core/catalog/workspace-catalog';
import { parseDocument } from '../../core/parse/document';
import { AMBIGUOUS_COLUMN_ID, TYPE_MISMATCH_ID, UNKNOWN_FUNCTION_ID } from '../../core/semantics/check-ids';
import { schemaFindings } from '../../core/semantics/diagnostics';
import { SchemaLookup } from '../../core/semantics/lookup';
import { CHECK_SCHEMA } from '../helpers/check-schema';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';

/** PostgreSQL's message for each check. */
const ERRORS: Readonly<Record<string, RegExp>> = {
  [UNKNOWN_FUNCTION_ID]: /^function .* does not exist$/,
  [AMBIGUOUS_COLUMN_ID]: /^column reference ".*" is ambiguous$/,
  [TYPE_MISMATCH_ID]: /^operator does not exist: |^column ".*" is of type .* but expression is of type /,
};

const STATEMENTS: readonly string[] = [
  // ambiguous-column
  'SELECT o.id, created_at FROM orders o JOIN customers c ON c.id = o.customer_id',
  'SELECT id FROM orders, customers',
  'SELECT customer_id, body FROM orders JOIN notes USING (customer_id) WHERE customer_id > 1',
  'SELECT id FROM orders JOIN notes USING (customer_id)',
  'SELECT id, body FROM notes NATURAL JOIN (SELECT id, customer_id FROM orders) o',
  'SELECT * FROM (SELECT * FROM orders JOIN notes USING (customer_id)) s WHERE customer_id = 1',
  'SELECT id FROM (orders JOIN notes USING (customer_id)) AS j',
  'SELECT o.id FROM orders o, customers c WHERE EXISTS (SELECT 1 FROM notes WHERE created_at > now())',
  'SELECT c.id FROM customers c, LATERAL (SELECT total FROM orders WHERE customer_id = c.id) t',
  'SELECT 1 FROM orders o, notes n WHERE EXISTS (SELECT 1 FROM (VALUES (1)) v(x) WHERE created_at IS NULL)',
  'SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY id, name',
  'SELECT id FROM orders UNION SELECT id FROM customers ORDER BY id',
  'SELECT id FROM (SELECT o.id, c.id FROM orders o, customers c) s',
  "UPDATE orders SET status = 'x' FROM customers WHERE name = 'a' AND customer_id = id",
  "UPDATE orders o SET status = 'x' FROM customers c WHERE c.id = o.customer_id RETURNING id",
  'DELETE FROM notes USING customers WHERE customers.id = notes.customer_id AND created_at < now()',
  "INSERT INTO orders (id, customer_id, public_id, status, placed_on, items) VALUES (1, 1, gen_random_uuid(), 'a', now(), 1) ON CONFLICT (id) DO UPDATE SET items = items + 1",
  "INSERT INTO orders (id, customer_id, public_id, status, placed_on, items) VALUES (1, 1, gen_random_uuid(), 'a', now(), 1) ON CONFLICT (id) DO UPDATE SET items = excluded.items + 1",
  // type-mismatch
  'SELECT 1 FROM orders WHERE status = 42',
  'SELECT 1 FROM orders WHERE public_id = 1',
  'SELECT 1 FROM orders WHERE paid = 1',
  'SELECT 1 FROM orders WHERE placed_on > 5',
  'SELECT 1 FROM orders o JOIN customers c ON o.customer_id = c.name',
  'SELECT 1 FROM orders WHERE feeling = 1',
  'SELECT 1 FROM orders WHERE data = 1',
  'SELECT 1 FROM orders WHERE code = 7',
  "SELECT 1 FROM orders WHERE status IN (1, 'a')",
  "SELECT 1 FROM orders WHERE placed_on BETWEEN 1 AND '2024-01-01'",
  'SELECT 1 FROM orders WHERE status IS DISTINCT FROM 2',
  'SELECT 1 FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.quantity = 3 AND o.total > 10 AND o.weight < 2.5 AND o.id = 1.0 AND o.total = o.quantity',
  'SELECT 1 FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.email = o.status AND o.code = c.name AND o.placed_on < o.created_at AND o.shipped_at > o.placed_on',
  "SELECT 1 FROM orders WHERE status = '42' AND placed_on > '2024-01-01' AND public_id = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AND paid = 't' AND paid = true",
  "SELECT 1 FROM orders WHERE feeling = 'happy' AND feeling = 'sad'::mood AND items = 3 AND items > quantity AND status = NULL AND id = 3000000000",
  "SELECT 1 FROM orders WHERE status = 42::text AND data = '{}' AND id IN (1, 2.5) AND created_at BETWEEN now() AND placed_on",
  "INSERT INTO orders (id, customer_id, public_id, status, placed_on) VALUES (1, 2, 3, 'a', now())",
  "INSERT INTO orders (id, customer_id, public_id, status, placed_on, paid) VALUES (1, 2, gen_random_uuid(), 'a', now(), 1)",
  "INSERT INTO orders (id, customer_id, public_id, status, placed_on, data) VALUES (1, 2, gen_random_uuid(), 'a', now(), 5)",
  "UPDATE orders SET paid = 0 WHERE id = 1",
  "UPDATE orders SET quantity = 2.5, status = 7, total = 1e3, feeling = 'happy', items = 4 WHERE id = 1",
  'INSERT INTO notes SELECT id, id, name, name FROM customers',
  'INSERT INTO notes SELECT id, id, name, created_at FROM customers',
  "INSERT INTO notes (id, body) VALUES (1, 2), (2, DEFAULT), (3, NULL)",
  "INSERT INTO orders (id, customer_id, public_id, status, placed_on, paid) VALUES (1, 2, gen_random_uuid(), 'a', now(), true) ON CONFLICT (id) DO UPDATE SET paid = 1",
  'WITH x AS (SELECT public_id AS p FROM orders) SELECT 1 FROM x WHERE p = 1',
  'SELECT 1 FROM (SELECT status AS s FROM orders) t(u) WHERE u = 1',
  'SELECT 1 FROM (SELECT status FROM orders UNION SELECT name FROM customers) t WHERE status = 1',
  // unknown-function
  'SELECT order_totl(id) FROM orders',
  'SELECT order_total(id), now(), int8(id), text(id), extract(year from created_at), trim(status) FROM orders',
  'SELECT pg_catalog.lowr(name) FROM customers',
  'SELECT count(*), max(id), string_agg(status, \',\') FROM orders',
  'SELECT public.order_totl(1)',
  'SELECT uuid_generate_v4()',
  "SELECT similarity(name, 'x') FROM customers",
  "SELECT mood('happy'), lower(name), greatest(1, 2), coalesce(name, 'x') FROM customers",
];

describe('schema checks vs PostgreSQL', function () {
  this.timeout(120_000);
  let cluster: TestCluster | undefined;
  let client: Client;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
    client = new Client({ connectionString: cluster.url() });
    await client.connect();
    await client.query(CHECK_SCHEMA);
  });
  after(async () => {
    await client?.end();
    cluster?.stop();
  });

  it('reports a statement exactly when PostgreSQL refuses it with the check\'s error', async () => {
    const lookup = new SchemaLookup([buildCatalog([{ path: 'file:///ws/V1__schema.sql', text: CHECK_SCHEMA }]).catalog]);
    const disagreements: string[] = [];
    let refused = 0;
    for (const sql of STATEMENTS) {
      const reported = schemaFindings(parseDocument(sql), lookup).filter((f) => f.ruleId in ERRORS);
      let error = '';
      try {
        await client.query(`EXPLAIN ${sql}`);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      if (error) refused++;
      const expected = Object.keys(ERRORS).find((id) => ERRORS[id].test(error));
      if (error && !expected) disagreements.push(`${sql}: PostgreSQL refuses it for another reason: ${error}`);
      const ids = [...new Set(reported.map((f) => f.ruleId))];
      if (expected ? ids.length !== 1 || ids[0] !== expected : ids.length > 0) {
        disagreements.push(`${sql}: PostgreSQL says ${error || 'ok'}; the checks say ${reported.map((f) => `${f.ruleId}: ${f.message}`).join(' / ') || 'nothing'}`);
      }
    }
    assert.deepEqual(disagreements, []);
    assert.ok(refused >= 25 && refused <= STATEMENTS.length - 15, `${refused} of ${STATEMENTS.length} refused: both outcomes are exercised`);
  });
});
