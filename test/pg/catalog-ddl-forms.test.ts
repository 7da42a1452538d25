// Hand-written DDL, the way migrations write it (not pg_dump's explicit forms): generated constraint and index
// names, serial and identity columns, LIKE, INHERITS, partitions that inherit indexes, renames, drops,
// SET SCHEMA, quoted names, search_path. Applied to a real PostgreSQL and to core's catalog, the two must agree.
import { strict as assert } from 'node:assert';
import { Client } from 'pg';
import { startCluster, type TestCluster } from '../helpers/postgres';
import { skipOrFail } from '../helpers/requirements';
import { catalogTruth } from '../helpers/catalog-truth';
import { introspectCatalog } from '../../core/catalog/introspect/introspect';
import { buildCatalog } from '../../core/catalog/workspace-catalog';

export const MIGRATION = `
CREATE SCHEMA app;
SET search_path TO app, public;
CREATE TYPE mood AS ENUM ('sad', 'ok');
ALTER TYPE mood ADD VALUE 'happy' AFTER 'ok';
ALTER TYPE mood ADD VALUE IF NOT EXISTS 'sad';
CREATE DOMAIN positive_int AS integer NOT NULL CHECK (VALUE > 0);
CREATE TABLE accounts (
  id bigserial PRIMARY KEY,
  email varchar(255) NOT NULL UNIQUE,
  "Display Name" text,
  balance numeric(12, 2) DEFAULT 0 CHECK (balance >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  status mood DEFAULT 'ok',
  quota positive_int,
  tags text[] DEFAULT '{}'::text[]
);
CREATE TABLE IF NOT EXISTS accounts (id int);
CREATE TABLE orders (
  id int GENERATED ALWAYS AS IDENTITY,
  account_id bigint NOT NULL REFERENCES accounts ON DELETE CASCADE,
  total numeric CHECK (total > 0 AND total < 1000000),
  note char(3),
  PRIMARY KEY (id),
  UNIQUE (account_id, note) DEFERRABLE INITIALLY DEFERRED,
  CHECK (note <> 'x')
);
CREATE INDEX ON orders (account_id) WHERE total > 100;
CREATE INDEX ON orders (lower(note) DESC NULLS LAST, id);
CREATE UNIQUE INDEX orders_note_idx ON orders USING btree (note) INCLUDE (total);
CREATE TABLE archived_orders (LIKE orders INCLUDING ALL);
CREATE TABLE audit (id serial, at timestamp(3) without time zone DEFAULT CURRENT_TIMESTAMP);
CREATE TABLE special_audit (reason text NOT NULL) INHERITS (audit);
CREATE TABLE events (id bigint NOT NULL, happened date NOT NULL, payload jsonb, PRIMARY KEY (id, happened)) PARTITION BY RANGE (happened);
CREATE INDEX ON events (payload);
CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE events_2025 (id bigint NOT NULL, happened date NOT NULL, payload jsonb);
ALTER TABLE events ATTACH PARTITION events_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE accounts ADD COLUMN referrer bigint REFERENCES accounts (id);
ALTER TABLE accounts ALTER COLUMN balance SET NOT NULL, ALTER COLUMN balance TYPE numeric(14, 2);
ALTER TABLE accounts ALTER COLUMN tags DROP DEFAULT;
ALTER TABLE accounts RENAME COLUMN "Display Name" TO display_name;
ALTER TABLE orders RENAME TO purchases;
ALTER TABLE purchases RENAME CONSTRAINT orders_total_check TO total_in_range;
ALTER INDEX orders_note_idx RENAME TO purchases_note_idx;
ALTER TABLE purchases ADD CONSTRAINT purchases_note_fk FOREIGN KEY (note) REFERENCES purchases (note) NOT VALID;
ALTER TABLE purchases DROP CONSTRAINT orders_note_check;
ALTER TABLE archived_orders DROP COLUMN note;
CREATE TABLE scratch (a int);
DROP TABLE IF EXISTS scratch, missing_table;
CREATE TABLE public.moving (id int PRIMARY KEY, name text);
ALTER TABLE public.moving SET SCHEMA app;
CREATE SEQUENCE counter AS integer START 10 INCREMENT BY 5;
CREATE VIEW big_purchases AS SELECT id, total FROM purchases WHERE total > 1000;
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_rows ON accounts FOR SELECT TO PUBLIC USING (id > 0);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER touch_accounts BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch();
CREATE TABLE "Quoted Table" ("Id" int CONSTRAINT "Quoted PK" PRIMARY KEY, "select" text);
CREATE INDEX "Quoted Index" ON "Quoted Table" ("select");
CREATE TABLE a_table_with_a_name_long_enough_to_be_truncated_by_postgres_x (a_column_with_a_long_name_too int UNIQUE);
`;

describe('catalog from hand-written DDL vs PostgreSQL', function () {
  this.timeout(120_000);
  let cluster: TestCluster | undefined;

  before(async function () {
    const started = await startCluster();
    if ('unavailable' in started) skipOrFail(this, started.unavailable);
    cluster = started;
  });
  after(() => cluster?.stop());

  it('agrees on every table, column, index and constraint', async () => {
    cluster!.psql('CREATE DATABASE forms');
    const client = new Client({ connectionString: cluster!.url('forms') });
    await client.connect();
    try {
      const result = await catalogTruth('migration.sql', MIGRATION, async (sql) => void (await client.query(sql)), async (sql) => (await client.query(sql)).rows);
      assert.deepEqual(result.rejected, []);
      assert.deepEqual(result.comparison.differences, []);
      assert.ok(result.comparison.agreement.index.total >= 15);
    } finally {
      await client.end();
    }
  });

  it('agrees on sequences, types, policies, triggers and functions', async () => {
    const client = new Client({ connectionString: cluster!.url('forms') });
    await client.connect();
    try {
      const live = (await introspectCatalog(async (sql) => (await client.query(sql)).rows)).catalog;
      const ddl = buildCatalog([{ path: 'migration.sql', text: MIGRATION }]).catalog;
      const sequences = (c: typeof ddl) => c.sequences().map((s) => `${s.schema}.${s.name} ${s.type} owned by ${s.ownedBy ? `${s.ownedBy.table.name}.${s.ownedBy.column}` : '-'}`).sort();
      assert.deepEqual(sequences(ddl), sequences(live));
      const types = (c: typeof ddl) => c.types().map((t) => `${t.schema}.${t.name} ${t.kind} ${t.kind === 'enum' ? t.labels.join(',') : t.kind === 'domain' ? `${t.baseType} ${t.notNull}` : ''}`).sort();
      assert.deepEqual(types(ddl), types(live));
      const policies = (c: typeof ddl) => c.policies().map((p) => `${p.table.name}.${p.name} ${p.command} ${p.permissive} ${p.roles.join(',')}`);
      assert.deepEqual(policies(ddl), policies(live));
      const triggers = (c: typeof ddl) => c.triggers().map((t) => `${t.table.name}.${t.name} ${t.timing} ${t.events.join(',')} ${t.forEachRow} ${t.function.schema}.${t.function.name}`);
      assert.deepEqual(triggers(ddl), triggers(live));
      const functions = (c: typeof ddl) => c.functions().map((f) => `${f.schema}.${f.name} ${f.kind} ${f.returnType ?? ''} ${f.language}`);
      assert.deepEqual(functions(ddl), functions(live));
      const rls = (c: typeof ddl) => c.relations().filter((r) => r.rowSecurity).map((r) => r.name);
      assert.deepEqual(rls(ddl), rls(live));
    } finally {
      await client.end();
    }
  });
});
