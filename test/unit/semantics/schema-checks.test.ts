// unknown-function, ambiguous-column and type-mismatch on real parsed SQL against a schema built by core's DDL
// catalog, with the cases PostgreSQL accepts that must stay silent (USING joins, implicit casts, extension functions,
// CTE columns, LATERAL, subquery aliases, output names in ORDER BY, correlated subqueries). test/pg/schema-checks-vs-
// server.test.ts runs the same kind of statements on PostgreSQL to show each finding is a real error.
import { strict as assert } from 'node:assert';
import { buildCatalog } from '../../../core/catalog/workspace-catalog';
import { applyEdits } from '../../../core/fixes';
import { parseDocument } from '../../../core/parse/document';
import { AMBIGUOUS_COLUMN_ID, TYPE_MISMATCH_ID, UNKNOWN_FUNCTION_ID } from '../../../core/semantics/check-ids';
import { schemaFindings } from '../../../core/semantics/diagnostics';
import { SchemaLookup } from '../../../core/semantics/lookup';
import { CHECK_SCHEMA } from '../../helpers/check-schema';


function lookupOf(schema: string): SchemaLookup {
  return new SchemaLookup([buildCatalog([{ path: 'file:///ws/V1__schema.sql', text: schema }]).catalog]);
}

const lookup = (): SchemaLookup => lookupOf(CHECK_SCHEMA);

function check(sql: string, ids: readonly string[], on = lookup()): string[] {
  return schemaFindings(parseDocument(sql, 'file:///ws/q.sql'), on)
    .filter((f) => ids.includes(f.ruleId))
    .map((f) => `${sql.slice(f.range.start, f.range.end)}: ${f.message}`);
}

function fixed(sql: string, id: string, pick = 0): string {
  const findings = schemaFindings(parseDocument(sql, 'file:///ws/q.sql'), lookup()).filter((f) => f.ruleId === id && f.fixes.length > pick);
  return applyEdits(sql, findings.flatMap((f) => f.fixes[pick].edits)).text;
}

describe('semantics: ambiguous-column', () => {
  const ambiguous = (sql: string): string[] => check(sql, [AMBIGUOUS_COLUMN_ID]);

  it('reports a name two FROM items offer, with one qualifying fix per candidate', () => {
    const sql = 'SELECT o.id, created_at FROM orders o JOIN customers c ON c.id = o.customer_id;';
    assert.deepEqual(ambiguous(sql), ['created_at: Column reference "created_at" is ambiguous: it could be o.created_at or c.created_at.']);
    assert.equal(fixed(sql, AMBIGUOUS_COLUMN_ID, 0), 'SELECT o.id, o.created_at FROM orders o JOIN customers c ON c.id = o.customer_id;');
    assert.equal(fixed(sql, AMBIGUOUS_COLUMN_ID, 1), 'SELECT o.id, c.created_at FROM orders o JOIN customers c ON c.id = o.customer_id;');
    assert.deepEqual(ambiguous('SELECT id FROM orders, customers;'), ['id: Column reference "id" is ambiguous: it could be orders.id or customers.id.']);
    assert.deepEqual(ambiguous('SELECT 1 FROM orders o JOIN notes n ON customer_id = 1;'), ['customer_id: Column reference "customer_id" is ambiguous: it could be o.customer_id or n.customer_id.']);
  });

  it('counts a USING or NATURAL join column once, but not the other shared names', () => {
    assert.deepEqual(ambiguous('SELECT customer_id, body FROM orders JOIN notes USING (customer_id) WHERE customer_id > 1;'), []);
    assert.deepEqual(ambiguous('SELECT id, created_at FROM orders JOIN notes USING (customer_id);').map((f) => f.split(':')[0]), ['id', 'created_at']);
    assert.deepEqual(ambiguous('SELECT id, body FROM notes NATURAL JOIN (SELECT id, customer_id FROM orders) o;'), []);
    assert.deepEqual(ambiguous('SELECT * FROM (SELECT * FROM orders JOIN notes USING (customer_id)) s WHERE customer_id = 1;'), []);
    assert.deepEqual(ambiguous('SELECT id FROM (orders JOIN notes USING (customer_id)) AS j;'), ['id: Column reference "id" is ambiguous: it could be any of 2 columns of j.']);
  });

  it('resolves in the innermost level that has the name, and sees LATERAL and correlated references as PostgreSQL does', () => {
    assert.deepEqual(ambiguous('SELECT o.id FROM orders o, customers c WHERE EXISTS (SELECT 1 FROM notes WHERE created_at > now());'), []);
    assert.deepEqual(ambiguous('SELECT o.id FROM orders o WHERE EXISTS (SELECT 1 FROM notes n WHERE n.customer_id = customer_id);'), []);
    assert.deepEqual(ambiguous('SELECT c.id FROM customers c, LATERAL (SELECT total FROM orders WHERE customer_id = c.id) t;'), []);
    assert.deepEqual(ambiguous('SELECT 1 FROM customers c, orders o WHERE EXISTS (SELECT 1 FROM generate_series(1, 2) g WHERE name = \'x\');'), []);
    assert.deepEqual(ambiguous('SELECT 1 FROM orders o, notes n WHERE EXISTS (SELECT 1 FROM (VALUES (1)) v(x) WHERE body IS NULL AND created_at IS NULL);').map((f) => f.split(':')[0]), ['created_at']);
    // A function's columns are not known without a column definition list: nothing is said behind it.
    assert.deepEqual(ambiguous('SELECT 1 FROM orders o, notes n WHERE EXISTS (SELECT 1 FROM generate_series(1, 2) g(x) WHERE created_at IS NULL);'), []);
  });

  it('leaves alone output names in ORDER BY / GROUP BY, CTE columns, set operations and unknowable items', () => {
    assert.deepEqual(ambiguous('SELECT o.id, c.name FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY id, name;'), []);
    assert.deepEqual(ambiguous('SELECT o.created_at FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY created_at;'), []);
    assert.deepEqual(ambiguous('WITH a AS (SELECT id AS order_id, total FROM orders) SELECT order_id, name FROM a JOIN customers ON true;'), []);
    assert.deepEqual(ambiguous('SELECT id FROM orders UNION SELECT id FROM customers ORDER BY id;'), []);
    assert.deepEqual(ambiguous('SELECT id FROM orders, json_to_record(\'{}\') AS r;'), []);
    assert.deepEqual(ambiguous('SELECT id FROM (SELECT o.id, c.id FROM orders o, customers c) s;'), ['id: Column reference "id" is ambiguous: it could be any of 2 columns of s.']);
  });

  it('covers UPDATE ... FROM, DELETE ... USING, RETURNING and INSERT ... ON CONFLICT (excluded counts)', () => {
    assert.deepEqual(ambiguous('UPDATE orders SET status = \'x\' FROM customers WHERE name = \'a\' AND customer_id = id;').map((f) => f.split(':')[0]), ['id']);
    assert.deepEqual(ambiguous('DELETE FROM notes USING customers WHERE customers.id = notes.customer_id AND created_at < now();').map((f) => f.split(':')[0]), ['created_at']);
    assert.deepEqual(ambiguous('UPDATE orders o SET status = \'x\' FROM customers c WHERE c.id = o.customer_id RETURNING id;').map((f) => f.split(':')[0]), ['id']);
    const upsert = 'INSERT INTO orders (id, customer_id, public_id, status, placed_on, items) VALUES (1, 1, gen_random_uuid(), \'a\', now(), 1) ON CONFLICT (id) DO UPDATE SET items = items + 1;';
    assert.deepEqual(ambiguous(upsert), ['items: Column reference "items" is ambiguous: it could be orders.items or excluded.items.']);
    assert.equal(fixed(upsert, AMBIGUOUS_COLUMN_ID, 1), upsert.replace('items + 1', 'excluded.items + 1'));
    assert.deepEqual(ambiguous('INSERT INTO orders (id, customer_id, public_id, status, placed_on) SELECT id, id, gen_random_uuid(), name, now() FROM customers;'), []);
  });

  it('also judges views, and leaves tables alone whose columns the file changes', () => {
    assert.deepEqual(ambiguous('CREATE VIEW v AS SELECT id FROM orders, notes;').map((f) => f.split(':')[0]), ['id']);
    assert.deepEqual(ambiguous('SELECT body FROM orders, notes; ALTER TABLE orders ADD COLUMN body text;'), []);
    // Through a CTE's `*` and its column list: the column the file adds later is not there yet.
    assert.deepEqual(ambiguous('WITH x (a, b) AS (SELECT * FROM notes) SELECT body FROM x; ALTER TABLE notes ADD COLUMN b2 text, RENAME COLUMN body TO b;'), []);
  });
});

describe('semantics: type-mismatch', () => {
  const mismatches = (sql: string): string[] => check(sql, [TYPE_MISMATCH_ID]);

  it('reports comparisons PostgreSQL has no operator for, with its message', () => {
    assert.deepEqual(mismatches('SELECT 1 FROM orders WHERE status = 42 AND public_id = 1 AND paid = 1 AND placed_on > 5;'), [
      'status = 42: operator does not exist: text = integer. PostgreSQL compares values of these types only after an explicit cast.',
      'public_id = 1: operator does not exist: uuid = integer. PostgreSQL compares values of these types only after an explicit cast.',
      'paid = 1: operator does not exist: boolean = integer. PostgreSQL compares values of these types only after an explicit cast.',
      'placed_on > 5: operator does not exist: date > integer. PostgreSQL compares values of these types only after an explicit cast.',
    ]);
    assert.deepEqual(mismatches('SELECT 1 FROM orders o JOIN customers c ON o.customer_id = c.name;'), ['o.customer_id = c.name: operator does not exist: bigint = text. PostgreSQL compares values of these types only after an explicit cast.']);
    assert.deepEqual(mismatches('SELECT 1 FROM orders WHERE feeling = 1 OR data = 1 OR code = 7;').map((f) => f.split('. ')[0]), [
      'feeling = 1: operator does not exist: mood = integer',
      'data = 1: operator does not exist: jsonb = integer',
      'code = 7: operator does not exist: character = integer',
    ]);
    assert.deepEqual(mismatches('SELECT 1 FROM orders WHERE status IN (1, \'a\') AND placed_on BETWEEN 1 AND \'2024-01-01\' AND status IS DISTINCT FROM 2;').map((f) => f.split('. ')[0]), [
      '1: operator does not exist: text = integer',
      '1: operator does not exist: date >= integer',
      'status IS DISTINCT FROM 2: operator does not exist: text = integer',
    ]);
  });

  it('accepts PostgreSQL\'s implicit casts, unknown-typed literals, domains and enums with their labels', () => {
    assert.deepEqual(mismatches([
      'SELECT 1 FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.quantity = 3 AND o.total > 10 AND o.weight < 2.5 AND o.id = 1.0',
      "AND o.total = o.quantity AND c.email = o.status AND o.code = c.name AND o.placed_on < o.created_at AND o.shipped_at > o.placed_on",
      "AND o.status = '42' AND o.placed_on > '2024-01-01' AND o.public_id = 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11' AND o.paid = 't' AND o.paid = true",
      "AND o.feeling = 'happy' AND o.feeling = 'sad'::mood AND o.items = 3 AND o.items > o.quantity AND o.status = NULL AND o.id = 3000000000",
      'AND o.status = 42::text AND o.data = \'{}\' AND o.id IN (1, 2.5) AND o.created_at BETWEEN now() AND o.placed_on AND c.name LIKE 1::text;',
    ].join(' ')), []);
  });

  it('reports values PostgreSQL cannot assign in INSERT, UPDATE and ON CONFLICT, and accepts assignment casts', () => {
    assert.deepEqual(mismatches('INSERT INTO orders (id, customer_id, public_id, status, placed_on, paid, data) VALUES (1, 2, 3, 4, now(), 1, 5);'), [
      '3: column "public_id" is of type uuid but expression is of type integer. PostgreSQL needs the expression rewritten or cast.',
      '1: column "paid" is of type boolean but expression is of type integer. PostgreSQL needs the expression rewritten or cast.',
      '5: column "data" is of type jsonb but expression is of type integer. PostgreSQL needs the expression rewritten or cast.',
    ]);
    assert.deepEqual(mismatches('UPDATE orders SET paid = 0, quantity = 2.5, status = 7, total = 1e3, feeling = \'happy\', items = 4 WHERE id = 1;').map((f) => f.split(':')[0]), ['0']);
    assert.deepEqual(mismatches('INSERT INTO notes SELECT id, id, name, name FROM customers;').map((f) => f.split('. ')[0]), ['name: column "created_at" is of type timestamp with time zone but expression is of type text']);
    assert.deepEqual(mismatches('INSERT INTO orders (id, paid) VALUES (1, true) ON CONFLICT (id) DO UPDATE SET paid = 1, placed_on = excluded.created_at;').map((f) => f.split(':')[0]), ['1']);
    assert.deepEqual(mismatches('INSERT INTO notes (id, body) VALUES (1, 2), (2, DEFAULT), (3, NULL);'), []);
  });

  it('fixes a literal with the explicit cast PostgreSQL has, in parentheses when negative, and offers none without one', () => {
    assert.equal(fixed('SELECT 1 FROM orders WHERE status = 42;', TYPE_MISMATCH_ID), 'SELECT 1 FROM orders WHERE status = 42::text;');
    assert.equal(fixed('SELECT 1 FROM orders WHERE status = -42;', TYPE_MISMATCH_ID), 'SELECT 1 FROM orders WHERE status = (-42)::text;');
    assert.equal(fixed('UPDATE orders SET paid = 1;', TYPE_MISMATCH_ID), 'UPDATE orders SET paid = 1::boolean;');
    const none = schemaFindings(parseDocument('SELECT 1 FROM orders WHERE public_id = 1 AND placed_on > 5;'), lookup());
    assert.deepEqual(none.map((f) => f.fixes.length), [0, 0]);
  });

  it('types columns through aliases, CTEs and subqueries, and not where the file changes them', () => {
    assert.deepEqual(mismatches('WITH x AS (SELECT public_id AS p FROM orders) SELECT 1 FROM x WHERE p = 1;').map((f) => f.split(':')[0]), ['p = 1']);
    assert.deepEqual(mismatches('SELECT 1 FROM (SELECT status AS s FROM orders) t(u) WHERE u = 1;').map((f) => f.split(':')[0]), ['u = 1']);
    assert.deepEqual(mismatches('SELECT 1 FROM (SELECT status FROM orders UNION SELECT name FROM customers) t WHERE status = 1;').map((f) => f.split(':')[0]), ['status = 1']);
    assert.deepEqual(mismatches('SELECT 1 FROM (SELECT id AS v FROM orders UNION SELECT name FROM customers) t WHERE v = 1;'), []);
    assert.deepEqual(mismatches('SELECT 1 FROM orders WHERE status = 1; ALTER TABLE orders ALTER COLUMN status TYPE integer USING 0;'), []);
    // An inherited column follows its parent's ALTER (`ALTER TABLE parent* ...`).
    assert.deepEqual(mismatches('CREATE TABLE p (a int); CREATE TABLE c (b text) INHERITS (p); SELECT 1 FROM c WHERE a < 3; ALTER TABLE p RENAME COLUMN a TO aa; ALTER TABLE p ADD COLUMN a text;'), []);
    assert.deepEqual(mismatches('CREATE VIEW paid_orders AS SELECT id FROM orders WHERE paid = 1;').map((f) => f.split(':')[0]), ['paid = 1']);
  });

  it('judges nothing where operators or casts may not be PostgreSQL\'s own', () => {
    assert.deepEqual(check('SELECT 1 FROM orders WHERE status = 42;', [TYPE_MISMATCH_ID], lookupOf(`CREATE EXTENSION some_vendor_extension;${CHECK_SCHEMA}`)), []);
    assert.equal(check('SELECT 1 FROM orders WHERE status = 42;', [TYPE_MISMATCH_ID], lookupOf(`CREATE EXTENSION citext;${CHECK_SCHEMA}`)).length, 1);
    assert.deepEqual(mismatches('CREATE FUNCTION texteqint(text, int) RETURNS boolean LANGUAGE sql AS \'SELECT $1 = $2::text\';\nCREATE OPERATOR = (LEFTARG = text, RIGHTARG = integer, FUNCTION = texteqint);\nSELECT 1 FROM orders WHERE status = 42;'), []);
    assert.deepEqual(mismatches('SELECT 1 FROM orders WHERE status OPERATOR(app.=) 42 AND status OPERATOR(pg_catalog.=) 7;').map((f) => f.split(':')[0]), ['status OPERATOR(pg_catalog.=) 7']);
  });
});

describe('semantics: unknown-function', () => {
  const unknown = (sql: string, on = lookup()): string[] => check(sql, [UNKNOWN_FUNCTION_ID], on);

  it('reports a name no schema, built-in or created extension has, with "did you mean" and a fix', () => {
    assert.deepEqual(unknown('SELECT order_totl(id), nw() FROM orders;'), [
      'order_totl: Function "order_totl" does not exist in the workspace schema or among PostgreSQL\'s built-in functions. Did you mean "order_total"?',
      'nw: Function "nw" does not exist in the workspace schema or among PostgreSQL\'s built-in functions. Did you mean "now"?',
    ]);
    assert.equal(fixed('SELECT order_totl(id) FROM orders;', UNKNOWN_FUNCTION_ID), 'SELECT order_total(id) FROM orders;');
    assert.deepEqual(unknown('SELECT pg_catalog.lowr(name), public.order_totl(1) FROM customers;'), [
      'lowr: Function "pg_catalog.lowr" does not exist among PostgreSQL\'s built-in functions. Did you mean "lower"?',
      'order_totl: Function "public.order_totl" does not exist in schema "public". Did you mean "order_total"?',
    ]);
    assert.deepEqual(unknown('SELECT uuid_generate_v4();'), [
      'uuid_generate_v4: Function "uuid_generate_v4" does not exist in the workspace schema or among PostgreSQL\'s built-in functions. It comes with the extension "uuid-ossp", which the workspace does not create.',
    ]);
  });

  it('checks calls in DDL too: defaults, checks, indexes and views', () => {
    assert.deepEqual(unknown([
      'CREATE TABLE t (id uuid DEFAULT gen_random_uuidd(), n int CHECK (n > absolut(1)));',
      'CREATE INDEX ON customers (lowr(name));',
      'CREATE VIEW v AS SELECT uppr(name) FROM customers;',
    ].join('\n')).map((f) => f.split(':')[0]), ['gen_random_uuidd', 'absolut', 'lowr', 'uppr']);
  });

  it('knows built-ins (newer releases too), SQL syntax, type casts, the file\'s own functions and aggregates', () => {
    assert.deepEqual(unknown([
      "SELECT now(), count(*), coalesce(name, 'x'), greatest(1, 2), extract(year from created_at), trim(name), substring(name from 1 for 2),",
      "  created_at AT TIME ZONE 'UTC', int8(id), text(id), numeric(id), row_number() OVER (), any_value(name), uuidv7(), pg_anything()",
      'FROM customers;',
      'CREATE FUNCTION later_fn() RETURNS int LANGUAGE sql AS $$ SELECT missing_inside_body() $$;',
      'SELECT later_fn(), mood(\'happy\'), customers(c) FROM customers c;',
      'CREATE AGGREGATE my_sum(int) (SFUNC = int4pl, STYPE = int);',
      'SELECT my_sum(1);',
    ].join('\n')), []);
  });

  it('stays silent where functions can come from elsewhere: unknown extensions, undefined schemas, DO blocks', () => {
    assert.deepEqual(unknown('SELECT similarity(name, \'x\'), word_similarity(name, \'y\') FROM customers;', lookupOf(`CREATE EXTENSION pg_trgm;${CHECK_SCHEMA}`)), []);
    assert.deepEqual(unknown('SELECT similarity(name, \'x\') FROM customers;').map((f) => f.split(':')[0]), ['similarity']);
    assert.deepEqual(unknown('SELECT vector_dims(x), anything_at_all() FROM customers;', lookupOf(`CREATE EXTENSION vector;${CHECK_SCHEMA}`)), []);
    assert.deepEqual(unknown('SELECT auth.uid(), extensions.uuid_generate_v4(), information_schema._pg_truetypid(1, 2);'), []);
    assert.deepEqual(unknown('DO $$ BEGIN EXECUTE \'CREATE FUNCTION dyn() RETURNS int AS $f$ SELECT 1 $f$ LANGUAGE sql\'; END $$; SELECT dyn();'), []);
    // Functional notation (`name(row)` is `row.name`), types created and dropped again, range constructors, temporary schemas.
    assert.deepEqual(unknown([
      'SELECT name(c), body(n) FROM customers c, notes n;',
      "CREATE TYPE tr AS RANGE (subtype = text); CREATE TYPE r2 AS RANGE (subtype = int4, multirange_type_name = many_r2); CREATE TYPE floatrange AS RANGE (subtype = float8); SELECT tr('a', 'b'), tr_multirange(), floatmultirange(), many_r2(r2(1, 2));",
      'CREATE TYPE gone AS (a int); SELECT gone(ROW(1)); DROP TYPE gone;',
      "CREATE DOMAIN pg_temp.nonempty AS text CHECK (VALUE <> ''); SELECT pg_temp.nonempty('x'); CREATE TEMP TABLE tt (a int); SELECT pg_temp.whatever();",
    ].join('\n')), []);
    // No tables or functions in the path's schemas: nothing to judge an unqualified name against.
    assert.deepEqual(unknown('SELECT nothing_here();', lookupOf('CREATE SCHEMA app; CREATE TABLE app.t (a int);')), []);
  });
});
