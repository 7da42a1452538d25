import { strict as assert } from 'node:assert';
import { completeAt, type CompletionKind } from '../../../core/semantics/completion';
import type { SchemaLookup } from '../../../core/semantics/lookup';
import { at, lookupOf } from './helpers';

let lookup: SchemaLookup;
before(() => {
  lookup = lookupOf();
});

/** Labels offered at `|`, optionally only of one kind. */
function labels(text: string, kind?: CompletionKind): string[] {
  const { document, offset } = at(text);
  return completeAt(document, offset, lookup).items.filter((i) => !kind || i.kind === kind).map((i) => i.label);
}

describe('semantics: completion', () => {
  it('offers the columns of an alias, of a table name and of a CTE, parsed or mid-typing', () => {
    assert.deepEqual(labels('SELECT o.| FROM orders o'), ['id', 'customer_id', 'status', 'total']);
    assert.deepEqual(labels('SELECT o.st| FROM orders o'), ['id', 'customer_id', 'status', 'total']);
    assert.deepEqual(labels('SELECT customers.| FROM customers'), ['id', 'email', 'name']);
    assert.deepEqual(labels('SELECT * FROM orders o JOIN customers c ON c.|'), ['id', 'email', 'name']);
    assert.deepEqual(labels('WITH t AS (SELECT id AS k, total FROM orders) SELECT t.| FROM t'), ['k', 'total']);
    assert.deepEqual(labels('WITH t AS (SELECT id AS k, total FROM orders) SELECT t.| FROM t WHERE ('), ['k', 'total']);
    assert.deepEqual(labels('SELECT x.| FROM (SELECT 1 AS one, 2 AS two) x'), ['one', 'two']);
  });

  it('offers the columns in scope, the aliases and functions with signatures in expressions', () => {
    const { document, offset } = at('SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id WHERE |');
    const items = completeAt(document, offset, lookup).items;
    const columns = items.filter((i) => i.kind === 'column').map((i) => i.label);
    assert.deepEqual(columns, ['id', 'customer_id', 'status', 'total', 'email', 'name']);
    assert.deepEqual(items.filter((i) => i.kind === 'alias').map((i) => i.label), ['o', 'c']);
    const fn = items.find((i) => i.label === 'order_total');
    assert.equal(fn?.detail, 'order_total(p_order bigint) → numeric');
    assert.ok(items.some((i) => i.label === 'coalesce' && i.kind === 'function'));
    assert.ok(items.some((i) => i.label === 'AND' && i.kind === 'keyword'));
    assert.equal(items.find((i) => i.label === 'status')?.detail, 'text — o');
  });

  it('offers tables, views, CTEs and schemas after FROM / JOIN / INTO / UPDATE, and a schema\'s tables after it', () => {
    assert.deepEqual(labels('SELECT * FROM |', 'table'), ['customers', 'orders', 'moods']);
    assert.deepEqual(labels('SELECT * FROM |', 'view'), ['big_orders']);
    assert.ok(labels('SELECT * FROM |', 'schema').includes('billing'));
    assert.deepEqual(labels('SELECT * FROM orders o, |', 'table'), ['customers', 'orders', 'moods']);
    assert.deepEqual(labels('SELECT * FROM orders o JOIN cu|', 'table'), ['customers', 'orders', 'moods']);
    assert.deepEqual(labels('INSERT INTO |', 'table'), ['customers', 'orders', 'moods']);
    assert.deepEqual(labels('UPDATE |', 'table'), ['customers', 'orders', 'moods']);
    assert.deepEqual(labels('SELECT * FROM billing.|'), ['invoices']);
    assert.deepEqual(labels('WITH recent AS (SELECT 1) SELECT * FROM |', 'cte'), ['recent']);
    assert.deepEqual(labels('CREATE INDEX i ON |', 'table'), ['customers', 'orders', 'moods']);
  });

  it('offers the target table\'s columns in INSERT column lists, UPDATE SET and ALTER TABLE', () => {
    assert.deepEqual(labels('INSERT INTO orders (|', 'column'), ['id', 'customer_id', 'status', 'total']);
    assert.deepEqual(labels('INSERT INTO orders (id, |) VALUES (1, 2)', 'column'), ['id', 'customer_id', 'status', 'total']);
    assert.deepEqual(labels('UPDATE customers SET |', 'column'), ['id', 'email', 'name']);
    assert.deepEqual(labels('ALTER TABLE customers DROP COLUMN |', 'column'), ['id', 'email', 'name']);
    assert.deepEqual(labels('CREATE INDEX i ON orders (|', 'column'), ['id', 'customer_id', 'status', 'total']);
  });

  it('offers types after :: and in column definitions, with the workspace\'s own types', () => {
    for (const text of ['SELECT x::|', 'CREATE TABLE t (a |', 'CREATE TABLE t (a int, b |', 'ALTER TABLE orders ADD COLUMN c |', 'ALTER TABLE orders ALTER COLUMN c TYPE |', 'SELECT CAST(x AS |']) {
      const types = labels(text, 'type');
      assert.ok(types.includes('bigint') && types.includes('mood'), `${text}: ${types.join(', ')}`);
    }
  });

  it('offers statement keywords at a statement start and nothing inside strings and comments', () => {
    assert.deepEqual(labels('|').slice(0, 3), ['SELECT', 'INSERT INTO', 'UPDATE']);
    assert.deepEqual(labels('SELECT 1;\n|').slice(0, 1), ['SELECT']);
    assert.deepEqual(labels("SELECT 'o.|"), []);
    assert.deepEqual(labels('SELECT 1 -- o.|'), []);
    assert.deepEqual(labels('SELECT "ord|'), []);
  });

  it("offers an enum column's labels inside the string it is compared with", () => {
    assert.deepEqual(labels("SELECT * FROM moods m WHERE m.feeling = '|"), ['happy', 'sad']);
    assert.deepEqual(labels("SELECT * FROM moods WHERE feeling IN ('happy', 's|"), ['happy', 'sad']);
    const { document, offset } = at("SELECT * FROM moods WHERE feeling <> 'ha|");
    assert.deepEqual(completeAt(document, offset, lookup).range, { start: offset - 2, end: offset });
    assert.deepEqual(labels("SELECT * FROM moods WHERE id = '|"), []);
  });

  it('replaces the whole word under the cursor', () => {
    const { document, offset } = at('SELECT o.sta|tu FROM orders o');
    const result = completeAt(document, offset, lookup);
    assert.deepEqual(result.range, { start: 9, end: 14 });
  });
});
