// Statements whose locks, rewrites and scans test/pg/locks-vs-server.test.ts checks against a real server,
// over the fixture below. Each runs in its own transaction, rolled back afterwards.

export const LOCK_FIXTURE = `
CREATE SCHEMA other;
CREATE ROLE reader;
CREATE TABLE parent_t (id int PRIMARY KEY, name varchar(20), note text);
CREATE TABLE child_t (id int PRIMARY KEY, parent_id int, qty int);
CREATE INDEX child_parent_idx ON child_t (parent_id);
CREATE TABLE part_t (id int, k int) PARTITION BY LIST (k);
CREATE TABLE part_1 PARTITION OF part_t FOR VALUES IN (1);
CREATE TABLE part_loose (id int, k int);
CREATE MATERIALIZED VIEW mv AS SELECT id FROM parent_t;
CREATE UNIQUE INDEX mv_id ON mv (id);
CREATE VIEW v AS SELECT id FROM parent_t;
CREATE TYPE mood AS ENUM ('a');
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER child_trg BEFORE INSERT ON child_t FOR EACH ROW EXECUTE FUNCTION trg();
CREATE POLICY child_pol ON child_t USING (true);
INSERT INTO parent_t SELECT g, 'n' || g, 'x' FROM generate_series(1, 200) g;
INSERT INTO child_t SELECT g, g, 1 FROM generate_series(1, 200) g;
INSERT INTO part_1 VALUES (1, 1);
INSERT INTO part_loose VALUES (2, 2);
-- NOT VALID is ignored in CREATE TABLE: add them to the filled table.
ALTER TABLE child_t ADD CONSTRAINT child_qty_check CHECK (qty > 0) NOT VALID;
ALTER TABLE child_t ADD CONSTRAINT child_parent_fk FOREIGN KEY (parent_id) REFERENCES parent_t NOT VALID;
ANALYZE;
`;

export interface LockCase {
  readonly sql: string;
  /**
   * Locks the statement's text cannot name (they come from the catalog: the table of an index, tables a
   * dropped table references), which the server must still show.
   */
  readonly unnamed?: Readonly<Record<string, string>>;
  /** The rewrite depends on the column's old type, which the statement does not say: the knowledge hedges. */
  readonly dependsOnOldType?: boolean;
  /** TRUNCATE: new empty files, not a rewrite of the rows. */
  readonly emptiesTable?: boolean;
}

/** Statements that can run in a transaction block: locks, rewrite and scan are compared. */
export const TRANSACTIONAL_CASES: readonly LockCase[] = [
  { sql: 'ALTER TABLE parent_t ADD COLUMN c int' },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c int DEFAULT 0' },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c timestamptz DEFAULT now()' },
  { sql: "ALTER TABLE parent_t ADD COLUMN c text DEFAULT 'x' NOT NULL" },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c uuid DEFAULT gen_random_uuid()' },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c double precision DEFAULT random()' },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c timestamptz DEFAULT clock_timestamp()' },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c bigserial' },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c int GENERATED ALWAYS AS (id * 2) STORED' },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c int GENERATED ALWAYS AS IDENTITY' },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c int UNIQUE' },
  { sql: 'ALTER TABLE parent_t ADD COLUMN c int CHECK (c > 0)' },
  { sql: 'ALTER TABLE child_t ADD COLUMN c int REFERENCES parent_t' },
  { sql: 'ALTER TABLE child_t ADD COLUMN c int REFERENCES parent_t DEFAULT NULL' },
  { sql: 'ALTER TABLE parent_t DROP COLUMN note' },
  { sql: "ALTER TABLE parent_t ALTER COLUMN note SET DEFAULT 'y'" },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN note DROP DEFAULT' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN note SET NOT NULL' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN note DROP NOT NULL' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN note SET STATISTICS 500' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN note SET (n_distinct = 10)' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN note SET STORAGE EXTERNAL' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN note SET COMPRESSION pglz' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN name TYPE text' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN name TYPE varchar(50)' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN note TYPE varchar(10)', dependsOnOldType: true },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN note TYPE text USING upper(note)' },
  { sql: 'ALTER TABLE child_t ALTER COLUMN qty TYPE bigint' },
  { sql: 'ALTER TABLE parent_t ADD CONSTRAINT c_check CHECK (id > 0)' },
  { sql: 'ALTER TABLE parent_t ADD CONSTRAINT c_check CHECK (id > 0) NOT VALID' },
  { sql: 'ALTER TABLE child_t ADD CONSTRAINT fk2 FOREIGN KEY (parent_id) REFERENCES parent_t' },
  { sql: 'ALTER TABLE child_t ADD CONSTRAINT fk2 FOREIGN KEY (parent_id) REFERENCES parent_t NOT VALID' },
  { sql: 'ALTER TABLE child_t VALIDATE CONSTRAINT child_qty_check' },
  { sql: 'ALTER TABLE child_t VALIDATE CONSTRAINT child_parent_fk' },
  { sql: 'ALTER TABLE parent_t ADD CONSTRAINT name_key UNIQUE (name)' },
  { sql: 'ALTER TABLE parent_t ADD CONSTRAINT id_excl EXCLUDE USING btree (id WITH =)' },
  { sql: 'ALTER TABLE child_t DROP CONSTRAINT child_qty_check' },
  { sql: 'ALTER TABLE child_t ENABLE TRIGGER child_trg' },
  { sql: 'ALTER TABLE child_t DISABLE TRIGGER ALL' },
  { sql: 'ALTER TABLE parent_t SET (fillfactor = 70)' },
  { sql: 'ALTER TABLE parent_t SET (autovacuum_enabled = false, toast.autovacuum_enabled = false)' },
  { sql: 'ALTER TABLE parent_t SET (parallel_workers = 2)' },
  { sql: 'ALTER TABLE parent_t SET (toast_tuple_target = 256)' },
  { sql: 'ALTER TABLE parent_t SET (vacuum_truncate = false)' },
  { sql: 'ALTER TABLE parent_t SET (fillfactor = 70, user_catalog_table = true)' },
  { sql: 'ALTER TABLE parent_t RESET (fillfactor)' },
  { sql: 'ALTER TABLE parent_t CLUSTER ON parent_t_pkey' },
  { sql: 'ALTER TABLE parent_t SET WITHOUT CLUSTER' },
  { sql: 'ALTER TABLE part_loose SET UNLOGGED' },
  { sql: 'ALTER TABLE parent_t OWNER TO reader' },
  { sql: 'ALTER TABLE parent_t ENABLE ROW LEVEL SECURITY' },
  { sql: 'ALTER TABLE parent_t REPLICA IDENTITY FULL' },
  { sql: 'ALTER TABLE parent_t ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY' },
  { sql: 'ALTER TABLE part_t ATTACH PARTITION part_loose FOR VALUES IN (2)' },
  { sql: 'ALTER TABLE part_t DETACH PARTITION part_1' },
  { sql: 'ALTER TABLE parent_t SET SCHEMA other' },
  { sql: 'ALTER TABLE child_t RENAME COLUMN qty TO quantity' },
  { sql: 'ALTER TABLE child_t RENAME TO child_renamed' },
  { sql: 'ALTER TABLE child_t RENAME CONSTRAINT child_qty_check TO qty_positive' },
  { sql: 'ALTER INDEX child_parent_idx RENAME TO child_parent_idx2' },
  { sql: 'CREATE INDEX ON child_t (qty)' },
  { sql: 'CREATE UNIQUE INDEX ON parent_t (name)' },
  { sql: 'DROP INDEX child_parent_idx', unnamed: { child_t: 'ACCESS EXCLUSIVE' } },
  { sql: 'REINDEX INDEX child_parent_idx', unnamed: { child_t: 'SHARE' } },
  { sql: 'REINDEX TABLE child_t' },
  { sql: 'CREATE TRIGGER t2 AFTER UPDATE ON parent_t FOR EACH ROW EXECUTE FUNCTION trg()' },
  { sql: 'DROP TRIGGER child_trg ON child_t' },
  { sql: 'DROP TABLE child_t', unnamed: { parent_t: 'ACCESS EXCLUSIVE' } },
  { sql: 'DROP TABLE part_loose' },
  { sql: 'DROP VIEW v' },
  { sql: 'DROP MATERIALIZED VIEW mv' },
  { sql: 'TRUNCATE child_t', emptiesTable: true },
  { sql: 'ANALYZE parent_t' },
  { sql: 'CLUSTER parent_t USING parent_t_pkey' },
  { sql: 'REFRESH MATERIALIZED VIEW mv' },
  { sql: 'REFRESH MATERIALIZED VIEW CONCURRENTLY mv' },
  { sql: 'LOCK TABLE parent_t IN SHARE MODE' },
  { sql: 'LOCK parent_t' },
  { sql: 'CREATE POLICY p2 ON parent_t USING (true)' },
  { sql: 'ALTER POLICY child_pol ON child_t USING (false)' },
  { sql: 'DROP POLICY child_pol ON child_t' },
  { sql: "COMMENT ON TABLE parent_t IS 'x'" },
  { sql: "COMMENT ON COLUMN parent_t.note IS 'x'" },
  { sql: 'GRANT SELECT ON parent_t TO reader' },
  { sql: "ALTER TYPE mood ADD VALUE 'b'" },
  { sql: "INSERT INTO parent_t VALUES (1000, 'a', 'b')" },
  { sql: "UPDATE parent_t SET note = 'y' WHERE id = 1" },
  { sql: 'DELETE FROM child_t WHERE id = 1' },
  { sql: 'SELECT * FROM parent_t' },
  { sql: 'SELECT * FROM parent_t FOR UPDATE' },
  { sql: 'SELECT * FROM child_t JOIN parent_t ON parent_t.id = child_t.parent_id FOR UPDATE OF child_t' },
  { sql: 'CREATE TABLE new_t (id int REFERENCES parent_t)' },
  { sql: 'CREATE TABLE part_2 PARTITION OF part_t FOR VALUES IN (3)' },
  { sql: 'CREATE STATISTICS st ON id, name FROM parent_t' },
  { sql: 'CREATE OR REPLACE VIEW v AS SELECT id FROM parent_t' },
];

/** Statements PostgreSQL refuses inside a transaction block (and the knowledge must say so). */
export const NON_TRANSACTIONAL_CASES: readonly string[] = [
  'CREATE INDEX CONCURRENTLY ON child_t (qty)',
  'DROP INDEX CONCURRENTLY child_parent_idx',
  'REINDEX INDEX CONCURRENTLY child_parent_idx',
  'REINDEX SCHEMA public',
  'VACUUM parent_t',
  'VACUUM FULL parent_t',
  'CLUSTER',
  'ALTER TABLE part_t DETACH PARTITION part_1 CONCURRENTLY',
  'CREATE DATABASE never_made',
];

/** Column type changes: [old type, new type]; the server says whether the table file is replaced. */
export const TYPE_CHANGES: readonly (readonly [string, string])[] = [
  ['varchar(20)', 'text'],
  ['varchar(20)', 'varchar(30)'],
  ['varchar(20)', 'varchar(10)'],
  ['varchar(20)', 'varchar'],
  ['varchar', 'varchar(10)'],
  ['text', 'varchar'],
  ['text', 'varchar(10)'],
  ['varchar(5)', 'char(5)'],
  ['varchar', 'bpchar'],
  ['char(5)', 'text'],
  ['char(5)', 'varchar(5)'],
  ['char(5)', 'char(10)'],
  ['numeric(10,2)', 'numeric(12,2)'],
  ['numeric(10,2)', 'numeric(12,3)'],
  ['numeric(10,2)', 'numeric(8,2)'],
  ['numeric(10,2)', 'numeric'],
  ['numeric', 'numeric(10,2)'],
  ['int4', 'int8'],
  ['int8', 'int4'],
  ['int2', 'int4'],
  ['int4', 'numeric'],
  ['int4', 'text'],
  ['text', 'jsonb'],
  ['json', 'jsonb'],
  ['cidr', 'inet'],
  ['inet', 'cidr'],
  ['bit(3)', 'bit(4)'],
  ['varbit(3)', 'varbit(4)'],
  ['varbit(4)', 'varbit(3)'],
  ['timestamp(3)', 'timestamp(6)'],
  ['timestamp(6)', 'timestamp(3)'],
  ['timestamp', 'timestamp(3)'],
  ['timestamptz(3)', 'timestamptz'],
  ['time(3)', 'time(6)'],
  ['timetz(3)', 'timetz(6)'],
  ['timestamp', 'timestamptz'],
  ['timestamptz', 'timestamp'],
  ['timestamp(3)', 'timestamptz'],
  ['int4[]', 'int8[]'],
  ['varchar(5)[]', 'text[]'],
  ['xml', 'text'],
  ['int4', 'oid'],
  ['oid', 'regclass'],
  ['date', 'timestamp'],
  ['float4', 'float8'],
  ['bool', 'int4'],
];
