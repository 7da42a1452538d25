// Index candidates from PostgreSQL's own parse trees: columns per table through aliases, equality before range
// with pg_stats' distinct counts, ORDER BY / GROUP BY / join variants, partial indexes for rare constants,
// INCLUDE for small select lists, trigram and jsonb/array GIN, and what existing indexes already serve.
import { strict as assert } from 'node:assert';
import type { Node } from '@pgsql/types';
import { parseStatementText } from '../../../core/parse/parser';
import { createIndexSql, indexCandidates, queryShape, type AdvisorEnvironment, type ColumnStats, type ExistingIndex, type IndexCandidate, type TableFacts } from '../../../core/advisor/indexes';
import { parseArrayLiteral } from '../../../core/advisor/indexes/array-literal';

function ast(sql: string): Node {
  const parsed = parseStatementText(sql);
  assert.equal(parsed.error, undefined, parsed.error?.message);
  return parsed.stmts[0].stmt as Node;
}

const stats = (nDistinct: number, mcv: Record<string, number> = {}, nullFrac = 0): ColumnStats => ({
  nDistinct,
  nullFrac,
  mostCommonValues: Object.keys(mcv),
  mostCommonFreqs: Object.values(mcv),
});

function table(name: string, columns: Record<string, string>, columnStats: Record<string, ColumnStats> = {}, indexes: ExistingIndex[] = [], rows = 200_000): TableFacts {
  return { schema: 'public', name, rows, columnTypes: new Map(Object.entries(columns)), stats: new Map(Object.entries(columnStats)), indexes };
}

const ORDERS = table(
  'orders',
  { id: 'bigint', customer_id: 'bigint', status: 'text', created_at: 'timestamp with time zone', total: 'numeric', note: 'text', tags: 'text[]', data: 'jsonb' },
  { id: stats(-1), customer_id: stats(20_000), status: stats(3, { done: 0.7, shipped: 0.29, pending: 0.01 }), created_at: stats(-1), total: stats(977) },
);
const CUSTOMERS = table('customers', { id: 'bigint', email: 'text', country: 'text' }, { id: stats(-1), country: stats(40) }, [], 20_000);

function env(tables: TableFacts[], trigram = true): AdvisorEnvironment {
  return { tables: new Map(tables.map((t) => [t.name, t])), trigram, serverVersion: 16 };
}

function candidates(sql: string, e = env([ORDERS, CUSTOMERS])) {
  const tree = ast(sql);
  const shape = queryShape(tree, (t) => {
    const f = e.tables.get(t.name);
    return f ? [...f.columnTypes.keys()] : undefined;
  });
  return indexCandidates(shape, e);
}

const keys = (c: IndexCandidate): string => c.columns.map((k) => k.column + (k.descending ? ' DESC' : '') + (k.opclass ? ` ${k.opclass}` : '')).join(', ');
const show = (c: IndexCandidate): string => `${c.table}(${keys(c)})${c.include.length ? ` INCLUDE ${c.include.join(', ')}` : ''}${c.where ? ` WHERE ${c.where}` : ''}`;
const list = (sql: string, e?: AdvisorEnvironment): string[] => candidates(sql, e).candidates.map(show);

describe('index advisor: candidates', () => {
  it('equality columns first (most distinct first), then one range column, through aliases', () => {
    assert.deepEqual(list("SELECT * FROM orders o WHERE o.created_at > now() - interval '1 day' AND o.status = 'shipped' AND o.customer_id = $1"), [
      'orders(customer_id, status, created_at)',
    ]);
  });

  it('IN lists count as equality, after plain equality; BETWEEN is a range', () => {
    assert.deepEqual(list('SELECT * FROM orders WHERE total BETWEEN 1 AND 5 AND status IN (\'done\', \'shipped\') AND customer_id = 7'), ['orders(customer_id, status, total)']);
  });

  it('join keys per table, unqualified columns attributed through the catalog', () => {
    const got = list('SELECT o.id, email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE country = $1');
    assert.deepEqual(got, [
      'orders(customer_id)',
      'orders(customer_id) INCLUDE id',
      'customers(country)',
      'customers(country, id)',
      'customers(country) INCLUDE email, id',
      'customers(country, id) INCLUDE email',
    ]);
  });

  it('ORDER BY ... LIMIT: the equality columns then the sort columns; DESC only when directions are mixed', () => {
    assert.deepEqual(list('SELECT * FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 10'), ['orders(customer_id)', 'orders(customer_id, created_at)']);
    assert.deepEqual(list('SELECT * FROM orders ORDER BY customer_id, created_at DESC LIMIT 10'), ['orders(customer_id, created_at DESC)']);
    assert.deepEqual(list('SELECT customer_id, count(*) FROM orders GROUP BY customer_id'), ['orders(customer_id)']);
  });

  it('a partial index when pg_stats says the constant is rare, none for common values or key-like columns', () => {
    assert.deepEqual(list("SELECT * FROM orders WHERE status = 'pending' ORDER BY created_at LIMIT 20"), [
      'orders(status)',
      'orders(status, created_at)',
      "orders(created_at) WHERE status = 'pending'",
    ]);
    assert.deepEqual(list("SELECT * FROM orders WHERE status = 'pending'"), ['orders(status)', "orders(status) WHERE status = 'pending'"]);
    assert.ok(!list("SELECT * FROM orders WHERE status = 'done'").some((c) => c.includes('WHERE')));
    assert.ok(!list('SELECT * FROM orders WHERE customer_id = 42').some((c) => c.includes('WHERE')));
  });

  it('INCLUDE for a small select list, not for *', () => {
    assert.deepEqual(list('SELECT id, total FROM orders WHERE customer_id = $1'), ['orders(customer_id)', 'orders(customer_id) INCLUDE id, total']);
    assert.deepEqual(list('SELECT * FROM orders WHERE customer_id = $1'), ['orders(customer_id)']);
  });

  it('trigram GIN for LIKE with a leading wildcard only when pg_trgm is installed', () => {
    assert.deepEqual(list("SELECT * FROM orders WHERE note ILIKE '%gift%'"), ['orders(note gin_trgm_ops)']);
    const without = candidates("SELECT * FROM orders WHERE note LIKE '%gift%'", env([ORDERS], false));
    assert.deepEqual(without.candidates, []);
    assert.match(without.notes.join('\n'), /pg_trgm/);
  });

  it('GIN for jsonb containment (jsonb_path_ops) and key tests (jsonb_ops), and for array operators', () => {
    assert.deepEqual(list('SELECT * FROM orders WHERE data @> \'{"vip": true}\''), ['orders(data jsonb_path_ops)']);
    assert.deepEqual(list("SELECT * FROM orders WHERE data ? 'vip'"), ['orders(data)']);
    assert.deepEqual(list("SELECT * FROM orders WHERE tags && ARRAY['x']"), ['orders(tags)']);
  });

  it('subqueries: their own tables; correlated references are not the inner table\'s columns; CTE names are not tables', () => {
    const got = list('WITH recent AS (SELECT * FROM orders WHERE created_at > now() - interval \'1 day\') SELECT * FROM customers c WHERE EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.status = \'shipped\') AND c.id IN (SELECT customer_id FROM recent)');
    assert.deepEqual(got.sort(), ['orders(created_at)', 'orders(status)', 'orders(status) INCLUDE customer_id', 'orders(status, customer_id)']);
  });

  it('skips what an existing index serves: btree prefix, equality columns in any order, INCLUDE, same predicate', () => {
    const indexed = table('orders', Object.fromEntries(ORDERS.columnTypes), Object.fromEntries(ORDERS.stats), [
      { name: 'orders_status_customer_idx', method: 'btree', keyColumns: ['status', 'customer_id', 'created_at'], includeColumns: ['total'], opclasses: ['text_ops', 'int8_ops', 'timestamptz_ops'], predicate: null, valid: true },
      { name: 'orders_data_idx', method: 'gin', keyColumns: ['data'], includeColumns: [], opclasses: ['jsonb_ops'], predicate: null, valid: true },
      { name: 'orders_note_invalid', method: 'gin', keyColumns: ['note'], includeColumns: [], opclasses: ['gin_trgm_ops'], predicate: null, valid: false },
    ]);
    const e = env([indexed]);
    const a = candidates("SELECT customer_id, total FROM orders WHERE customer_id = 1 AND status = 'shipped' AND created_at > $1", e);
    assert.deepEqual(a.candidates, []);
    assert.deepEqual(a.covered.map((c) => c.existing), ['orders_status_customer_idx', 'orders_status_customer_idx']);
    assert.deepEqual(candidates('SELECT * FROM orders WHERE data @> \'{"a":1}\'', e).candidates, []);
    assert.equal(candidates("SELECT * FROM orders WHERE note LIKE '%a%'", e).candidates.length, 1, 'an invalid index serves nothing');
    // (customer_id) alone is not a prefix of (status, customer_id, ...).
    assert.deepEqual(list('SELECT * FROM orders WHERE customer_id = 1', e), ['orders(customer_id)']);
  });

  it('writes the migration SQL: CONCURRENTLY IF NOT EXISTS, schema-qualified, quoted where PostgreSQL needs it', () => {
    const weird = table('Order Items', { user: 'bigint', 'Created': 'date' }, {}, [], 1000);
    const [c] = candidates('SELECT * FROM "Order Items" WHERE "user" = 1 AND "Created" > $1', env([weird])).candidates;
    assert.equal(createIndexSql(c), 'CREATE INDEX CONCURRENTLY IF NOT EXISTS order_items_user_created_idx ON public."Order Items" ("user", "Created");');
    const [p] = candidates("SELECT * FROM orders WHERE status = 'pending'").candidates.filter((x) => x.where);
    assert.equal(createIndexSql(p), "CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_status_pending_idx ON public.orders (status) WHERE status = 'pending';");
    const [g] = candidates("SELECT * FROM orders WHERE note LIKE '%x%'").candidates;
    assert.equal(createIndexSql(g), 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_note_trgm_idx ON public.orders USING gin (note gin_trgm_ops);');
  });

  it('UPDATE and DELETE: their WHERE columns, no INCLUDE', () => {
    assert.deepEqual(list("UPDATE orders SET total = 0 WHERE customer_id = 5 AND status = 'done'"), ['orders(customer_id, status)']);
    assert.deepEqual(list('DELETE FROM orders o USING customers c WHERE o.customer_id = c.id AND c.email = $1'), ['orders(customer_id)', 'customers(email)', 'customers(email, id)']);
  });

  it('reads pg_stats array literals', () => {
    assert.deepEqual(parseArrayLiteral('{done,"a b","x\\"y",NULL}'), ['done', 'a b', 'x"y', null]);
    assert.deepEqual(parseArrayLiteral('{}'), []);
    assert.equal(parseArrayLiteral('{{1,2},{3,4}}'), undefined);
  });
});
