// A catalog introspected from a real database (PGlite, PostgreSQL 18) survives the trip the extension sends it
// on (serialise, JSON text, deserialise in the language server) unchanged: every field introspection fills is
// one the deserialiser knows, so nothing is silently dropped.
import { strict as assert } from 'node:assert';
import { PGlite } from '@electric-sql/pglite';
import type { CatalogView } from '../../core/catalog/catalog';
import { introspectCatalog } from '../../core/catalog/introspect/introspect';
import { deserializeCatalog, serializeCatalog } from '../../core/catalog/serialize';

const DDL = `
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
INSERT INTO app.customers (email, name) SELECT 'c' || g || '@x', 'n' || g FROM generate_series(1, 300) g;
CREATE TABLE app.orders (
  id int NOT NULL,
  customer_id bigint REFERENCES app.customers (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  placed tstzrange,
  PRIMARY KEY (id)
) PARTITION BY RANGE (id);
CREATE TABLE app.orders_1 PARTITION OF app.orders FOR VALUES FROM (1) TO (1000);
CREATE TABLE app.bookings (room int, during tstzrange, EXCLUDE USING gist (during WITH &&));
CREATE UNLOGGED TABLE app.scratch (x int);
CREATE TABLE app.child (extra int) INHERITS (app.scratch);
CREATE INDEX customers_lower_email ON app.customers (lower(email) DESC NULLS LAST) INCLUDE (name) WHERE mood = 'happy';
CREATE VIEW app.happy AS SELECT id, name FROM app.customers WHERE mood = 'happy';
CREATE MATERIALIZED VIEW app.counts AS SELECT mood, count(*) FROM app.customers GROUP BY mood;
CREATE SEQUENCE app.ticket START 100 INCREMENT 5 MINVALUE 1 MAXVALUE 100000 CACHE 10 CYCLE;
CREATE FUNCTION app.greet(who text, times int DEFAULT 1, OUT greeting text) LANGUAGE sql STABLE SECURITY DEFINER AS $$ SELECT repeat(who, times) $$;
CREATE PROCEDURE app.tidy() LANGUAGE sql AS $$ SELECT 1 $$;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER customers_touch BEFORE INSERT OR UPDATE ON app.customers FOR EACH ROW EXECUTE FUNCTION app.touch();
ALTER TABLE app.customers ENABLE ROW LEVEL SECURITY;
CREATE POLICY own ON app.customers FOR SELECT TO PUBLIC USING (id > 0);
ANALYZE;
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

describe('catalog from PGlite: serialised for the language server and read back', function () {
  this.timeout(120_000);

  it('is the same catalog after the trip, statistics included', async () => {
    const db = await PGlite.create();
    try {
      await db.exec(DDL);
      const { catalog, problems } = await introspectCatalog(async (sql) => (await db.query<Record<string, unknown>>(sql)).rows);
      assert.deepEqual(problems, []);
      assert.equal(catalog.relation({ schema: 'app', name: 'customers' })?.rowEstimate, 300);
      assert.ok(catalog.functions().some((f) => f.schema === 'app' && f.name === 'greet'));
      const read = deserializeCatalog(JSON.parse(JSON.stringify(serializeCatalog(catalog))));
      assert.ok(!('error' in read), JSON.stringify(read));
      assert.deepEqual(read.problems, []);
      assert.deepEqual(listing(read.catalog), listing(catalog));
    } finally {
      await db.close();
    }
  });
});
