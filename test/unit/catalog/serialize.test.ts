// The catalog's JSON form (what the extension sends the language server): every kind of object survives the
// trip through JSON text unchanged, and what does not fit the model is left out with a reason, never trusted.
import { strict as assert } from 'node:assert';
import type { CatalogView } from '../../../core/catalog/catalog';
import { readDatabaseCatalogParams } from '../../../core/catalog/database-snapshot';
import { deserializeCatalog, serializeCatalog } from '../../../core/catalog/serialize';
import { buildCatalog } from '../../../core/catalog/workspace-catalog';

const DDL = `
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE SCHEMA app;
COMMENT ON SCHEMA app IS 'the application';
CREATE TYPE app.mood AS ENUM ('happy', 'sad');
CREATE DOMAIN app.email AS text NOT NULL CHECK (VALUE LIKE '%@%');
CREATE TYPE app.pair AS (a int, b text);
CREATE TYPE app.floatrange AS RANGE (subtype = float8);
CREATE TABLE app.customers (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email app.email UNIQUE,
  mood app.mood DEFAULT 'happy',
  name text COLLATE "C",
  full_name text GENERATED ALWAYS AS (name || '!') STORED,
  CONSTRAINT name_len CHECK (length(name) < 100) NOT VALID
);
COMMENT ON COLUMN app.customers.email IS 'where we write';
CREATE TABLE app.orders (
  id serial PRIMARY KEY,
  customer_id bigint REFERENCES app.customers (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  placed tstzrange,
  EXCLUDE USING gist (placed WITH &&)
) PARTITION BY RANGE (id);
CREATE TABLE app.orders_1 PARTITION OF app.orders FOR VALUES FROM (1) TO (1000);
CREATE UNLOGGED TABLE app.scratch (x int) ;
CREATE TABLE app.child (extra int) INHERITS (app.scratch);
CREATE INDEX customers_lower_email ON app.customers (lower(email) DESC NULLS LAST) INCLUDE (name) WHERE mood = 'happy';
CREATE VIEW app.happy AS SELECT id, name FROM app.customers WHERE mood = 'happy';
CREATE MATERIALIZED VIEW app.counts AS SELECT mood, count(*) FROM app.customers GROUP BY mood;
CREATE SEQUENCE app.ticket START 100 INCREMENT 5 MINVALUE 1 MAXVALUE 100000 CACHE 10 CYCLE;
CREATE FUNCTION app.greet(who text, times int DEFAULT 1, OUT greeting text) LANGUAGE sql STABLE SECURITY DEFINER AS $$ SELECT repeat(who, times) $$;
CREATE FUNCTION app.greet(who int) RETURNS text LANGUAGE sql AS $$ SELECT who::text $$;
CREATE PROCEDURE app.tidy() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER customers_touch BEFORE INSERT OR UPDATE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON app.customers FOR SELECT TO PUBLIC USING (id > 0) ;
CREATE POLICY own_write ON app.customers AS RESTRICTIVE FOR UPDATE USING (true) WITH CHECK (id > 0);
`;

function listing(c: CatalogView): Record<string, unknown> {
  return {
    source: c.source,
    searchPath: c.searchPath,
    serverVersion: c.serverVersion,
    schemas: c.schemas(),
    extensions: c.extensions(),
    relations: c.relations(),
    indexes: c.indexes(),
    sequences: c.sequences(),
    types: c.types(),
    functions: c.functions(),
    policies: c.policies(),
    triggers: c.triggers(),
  };
}

/** Through JSON text, as the notification carries it. */
const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('catalog: serialise and deserialise', () => {
  let catalog: CatalogView;
  before(() => {
    const built = buildCatalog([{ path: 'file:///ws/schema.sql', text: DDL }]);
    assert.deepEqual(built.problems, []);
    catalog = built.catalog;
  });

  it('builds the fixture with every kind of object', () => {
    assert.deepEqual([...new Set(catalog.types().map((t) => t.kind))].sort(), ['composite', 'domain', 'enum', 'range']);
    assert.deepEqual([...new Set(catalog.relations().map((r) => r.kind))].sort(), ['materialized-view', 'partitioned-table', 'table', 'view']);
    assert.equal(catalog.policies().length, 2);
    assert.equal(catalog.triggers().length, 1);
    assert.ok(catalog.functions().length >= 4);
  });

  it('gives back an equal catalog, with its derived lookups working', () => {
    const read = deserializeCatalog(overTheWire(serializeCatalog(catalog)));
    assert.ok(!('error' in read), JSON.stringify(read));
    assert.deepEqual(read.problems, []);
    assert.deepEqual(listing(read.catalog), listing(catalog));
    const customers = { schema: 'app', name: 'customers' };
    assert.deepEqual(read.catalog.indexesOf(customers).map((i) => i.name).sort(), catalog.indexesOf(customers).map((i) => i.name).sort());
    assert.deepEqual(read.catalog.referencedBy(customers).map((l) => l.table.name), ['orders', 'orders_1']);
    assert.deepEqual(read.catalog.childrenOf({ schema: 'app', name: 'orders' }).map((r) => r.name), ['orders_1']);
    assert.equal(read.catalog.resolveFunctions({ schema: 'app', name: 'greet' }).length, 2);
  });

  it('keeps a database catalog’s statistics, version and search_path, and a missing public schema', () => {
    const serialized = serializeCatalog(catalog);
    const database = {
      ...serialized,
      source: 'database',
      serverVersion: 17,
      searchPath: ['$user', 'app'],
      schemas: serialized.schemas.filter((s) => s.name !== 'public'),
      relations: serialized.relations.map((r) => ({ ...r, rowEstimate: 1234.5, totalBytes: 8192 })),
    };
    const read = deserializeCatalog(overTheWire(database));
    assert.ok(!('error' in read));
    assert.equal(read.catalog.source, 'database');
    assert.equal(read.catalog.serverVersion, 17);
    assert.deepEqual(read.catalog.searchPath, ['$user', 'app']);
    assert.equal(read.catalog.schema('public'), undefined);
    assert.equal(read.catalog.relation({ schema: 'app', name: 'customers' })?.rowEstimate, 1234.5);
  });

  it('leaves out records that do not fit the model, and says how many', () => {
    const serialized = overTheWire(serializeCatalog(catalog)) as Record<string, unknown[]>;
    const relations = serialized.relations as Record<string, unknown>[];
    const broken = {
      ...serialized,
      relations: [
        ...relations,
        { ...relations[0], name: 'no_columns', columns: 'id' },
        { ...relations[0], name: 'bad_column', columns: [{ name: 'a', type: 'int' }] },
        { ...relations[0], name: 'bad_kind', kind: 'sequence' },
        42,
        null,
      ],
      indexes: [{ name: 'lonely' }],
      types: [{ kind: 'weird', schema: 'app', name: 'x' }],
      triggers: 'none',
    };
    const read = deserializeCatalog(broken);
    assert.ok(!('error' in read));
    assert.deepEqual(read.problems, [
      `5 of ${relations.length + 5} relations did not match the catalog model and were left out`,
      '1 of 1 indexes did not match the catalog model and were left out',
      `1 of 1 types did not match the catalog model and were left out`,
      '"triggers" is not a list',
    ]);
    assert.equal(read.catalog.relations().length, relations.length);
    assert.equal(read.catalog.relation({ schema: 'app', name: 'bad_column' }), undefined);
  });

  it('drops invalid optional fields and fields the model does not have', () => {
    const serialized = overTheWire(serializeCatalog(catalog)) as { relations: Record<string, unknown>[] };
    const customers = serialized.relations.find((r) => r.name === 'customers')!;
    // JSON.parse makes "__proto__" an own key: it must not be copied anywhere.
    const odd = { ...customers, rowEstimate: 'many', totalBytes: null, comment: 7, sneaky: { a: 1 }, ...(JSON.parse('{"__proto__": {"polluted": true}}') as object) };
    const read = deserializeCatalog({ ...serialized, relations: [odd] });
    assert.ok(!('error' in read));
    const relation = read.catalog.relation({ schema: 'app', name: 'customers' })!;
    assert.deepEqual(read.problems, []);
    assert.equal(relation.rowEstimate, undefined);
    assert.equal(relation.totalBytes, undefined);
    assert.equal(relation.comment, undefined);
    assert.ok(!('sneaky' in relation));
    assert.equal((relation as unknown as Record<string, unknown>).polluted, undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(relation.columns, catalog.relation({ schema: 'app', name: 'customers' })!.columns);
  });

  it('refuses what is no serialised catalog at all', () => {
    assert.deepEqual(deserializeCatalog(null), { error: 'the catalog is not a JSON object' });
    assert.deepEqual(deserializeCatalog([]), { error: 'the catalog is not a JSON object' });
    assert.deepEqual(deserializeCatalog({ format: 2, source: 'database' }), { error: 'unsupported catalog format 2 (expected 1)' });
    assert.deepEqual(deserializeCatalog({ format: 1, source: 'dump' }), { error: 'unknown catalog source "dump"' });
  });
});

describe('catalog: the database catalog notification', () => {
  let serialized: ReturnType<typeof serializeCatalog>;
  before(() => {
    serialized = serializeCatalog(buildCatalog([{ path: 'file:///ws/a.sql', text: 'CREATE TABLE a (id int);' }]).catalog);
  });

  it('reads a snapshot, null for a disconnect, and refuses malformed params with a reason', () => {
    const read = readDatabaseCatalogParams(overTheWire({ database: { name: 'prod', serverVersion: 16, readAt: '2025-01-01T00:00:00Z', catalog: serialized, problems: ['policies: permission denied', 3] } }));
    assert.ok('snapshot' in read && read.snapshot);
    assert.equal(read.snapshot.name, 'prod');
    assert.equal(read.snapshot.serverVersion, 16);
    assert.deepEqual(read.snapshot.problems, ['policies: permission denied']);
    assert.ok(read.snapshot.catalog.relation({ schema: 'public', name: 'a' }));
    assert.deepEqual(readDatabaseCatalogParams({ database: null }), { snapshot: null });
    assert.deepEqual(readDatabaseCatalogParams(null), { error: 'the notification has no "database" field' });
    assert.deepEqual(readDatabaseCatalogParams({ database: 'prod' }), { error: '"database" is neither an object nor null' });
    assert.deepEqual(readDatabaseCatalogParams({ database: { name: '', readAt: 'x', catalog: serialized } }), { error: '"database.name" must be a non-empty string' });
    assert.deepEqual(readDatabaseCatalogParams({ database: { name: 'p', readAt: 'x', catalog: { format: 1 } } }), { error: '"database.catalog": unknown catalog source undefined' });
  });
});
