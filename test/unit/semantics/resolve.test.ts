import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import type { SchemaLookup } from '../../../core/semantics/lookup';
import { resolveStatement, type ColumnReference, type StatementSemantics } from '../../../core/semantics/resolve';
import { lookupOf } from './helpers';

let lookup: SchemaLookup;
before(() => {
  lookup = lookupOf();
});

function resolve(sql: string): { semantics: StatementSemantics; text: string } {
  const document = parseDocument(sql);
  const statement = document.statements[0];
  assert.ok(statement.ast, `parses: ${sql}`);
  return { semantics: resolveStatement(statement, lookup), text: sql };
}

/** Each column reference as `written -> status (item.column)`. */
function columns(sql: string): string[] {
  const { semantics, text } = resolve(sql);
  return semantics.columns.map((c: ColumnReference) => {
    const r = c.resolution;
    const written = text.slice(c.range.start, c.range.end);
    if (r.status === 'resolved') return `${written} -> ${r.item.kind} ${r.item.name}${r.column ? `.${r.column.name}` : ''}`;
    return `${written} -> ${r.status}`;
  });
}

describe('semantics: name resolution of FROM scopes', () => {
  it('resolves aliases, qualified and unqualified columns, and names the ranges of each part', () => {
    assert.deepEqual(columns('SELECT o.id, email, "o".status FROM orders AS o JOIN customers c ON c.id = o.customer_id'), [
      'o.id -> relation o.id',
      'email -> relation c.email',
      '"o".status -> relation o.status',
      'c.id -> relation c.id',
      'o.customer_id -> relation o.customer_id',
    ]);
    const { semantics, text } = resolve('SELECT o.total FROM public.orders o');
    assert.equal(text.slice(semantics.columns[0].nameRange.start, semantics.columns[0].nameRange.end), 'total');
    const [rel] = semantics.relations;
    assert.equal(text.slice(rel.range.start, rel.range.end), 'public.orders');
    assert.equal(text.slice(rel.nameRange.start, rel.nameRange.end), 'orders');
    assert.equal(rel.relation?.name, 'orders');
  });

  it('gives CTEs and subqueries the columns of their queries, renamed by column aliases', () => {
    assert.deepEqual(columns('WITH t AS (SELECT id AS k, total FROM orders) SELECT t.k, total, t.nope FROM t'), [
      'id -> relation orders.id',
      'total -> relation orders.total',
      't.k -> cte t.k',
      'total -> cte t.total',
      't.nope -> unknown',
    ]);
    assert.deepEqual(columns('SELECT s.a, s.b FROM (SELECT id, status FROM orders) AS s(a)'), ['s.a -> subquery s.a', 's.b -> unknown', 'id -> relation orders.id', 'status -> relation orders.status']);
    const { semantics } = resolve('WITH t AS (SELECT 1) SELECT * FROM t');
    assert.equal(semantics.relations[0].cte?.name, 't');
    assert.equal(semantics.relations[0].relation, undefined);
  });

  it('lets sub-queries see outer levels (correlation) and LATERAL subqueries see their siblings', () => {
    assert.deepEqual(columns('SELECT (SELECT max(i.id) FROM billing.invoices i WHERE i.order_id = o.id) FROM orders o'), [
      'i.id -> relation i.id',
      'i.order_id -> relation i.order_id',
      'o.id -> relation o.id',
    ]);
    assert.deepEqual(columns('SELECT * FROM orders o, LATERAL (SELECT o.status) s'), ['o.status -> relation o.status']);
    // Without LATERAL a FROM subquery cannot see its siblings: o is not in its scope.
    assert.deepEqual(columns('SELECT * FROM orders o, (SELECT o.status) s'), ['o.status -> unchecked']);
  });

  it('leaves columns of functions, unknown tables and views over * unchecked, and accepts system columns', () => {
    assert.deepEqual(columns('SELECT g.x, y FROM generate_series(1, 3) g'), ['g.x -> unchecked', 'y -> unchecked']);
    assert.deepEqual(columns('SELECT f.a, f.b FROM json_to_record(\'{}\') AS f(a int, b text)'), ['f.a -> function f.a', 'f.b -> function f.b']);
    assert.deepEqual(columns('SELECT x FROM not_there'), ['x -> unchecked']);
    assert.deepEqual(columns('SELECT ctid, xmin FROM orders'), ['ctid -> unchecked', 'xmin -> unchecked']);
    assert.deepEqual(columns('SELECT total, zzz FROM big_orders'), ['total -> relation big_orders.total', 'zzz -> unknown']);
  });

  it('accepts output names in ORDER BY and GROUP BY, and whole-row references', () => {
    assert.deepEqual(columns('SELECT status AS s, count(*) FROM orders GROUP BY s ORDER BY count'), ['status -> relation orders.status', 's -> unchecked', 'count -> unchecked']);
    assert.deepEqual(columns('SELECT orders FROM orders'), ['orders -> relation orders']);
  });

  it('resolves INSERT / UPDATE / DELETE targets, ON CONFLICT excluded, USING, FROM and RETURNING', () => {
    assert.deepEqual(columns('INSERT INTO orders (customer_id, statu) VALUES (1, \'x\') ON CONFLICT (id) DO UPDATE SET status = excluded.status RETURNING id'), [
      'customer_id -> relation orders.customer_id',
      'statu -> unknown',
      'status -> relation orders.status',
      'excluded.status -> pseudo excluded.status',
      'id -> relation orders.id',
    ]);
    assert.deepEqual(columns('UPDATE orders o SET total = c.id FROM customers c WHERE c.id = o.customer_id RETURNING o.total'), [
      'total -> relation o.total',
      'c.id -> relation c.id',
      'c.id -> relation c.id',
      'o.customer_id -> relation o.customer_id',
      'o.total -> relation o.total',
    ]);
    assert.deepEqual(columns('DELETE FROM orders o USING customers c WHERE c.email = o.status'), ['c.email -> relation c.email', 'o.status -> relation o.status']);
    // The inserted query does not see the target table.
    assert.deepEqual(columns('INSERT INTO orders (customer_id) SELECT customer_id FROM customers'), ['customer_id -> relation orders.customer_id', 'customer_id -> unknown']);
  });

  it('handles WITH RECURSIVE with forward references and CYCLE columns', () => {
    assert.deepEqual(columns('WITH RECURSIVE x(n) AS (SELECT * FROM y UNION ALL SELECT n + 1 FROM x WHERE n < 5), y(n) AS (VALUES (1)) SELECT n FROM x'), ['n -> cte x.n', 'n -> cte x.n', 'n -> cte x.n']);
    assert.deepEqual(columns('WITH RECURSIVE t AS (SELECT 1 AS id UNION ALL SELECT id FROM t) CYCLE id SET is_cycle USING path SELECT is_cycle FROM t'), ['id -> cte t.id', 'is_cycle -> unchecked']);
  });

  it('names table references in DDL (ALTER TABLE, REFERENCES) and the columns CREATE TABLE defines', () => {
    const { semantics } = resolve('ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id)');
    assert.deepEqual(semantics.relations.map((r) => [r.name.name, r.role, r.relation?.name]), [['orders', 'other', 'orders'], ['customers', 'other', 'customers']]);
    const document = parseDocument('CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL UNIQUE, name text)');
    const created = resolveStatement(document.statements[0], lookup);
    assert.deepEqual(created.columns.map((c) => [c.name, c.resolution.status]), [['id', 'resolved'], ['email', 'resolved'], ['name', 'resolved']]);
  });
});
