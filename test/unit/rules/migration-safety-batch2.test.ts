// Edge cases of the second batch of migration-safety rules (their documented examples run in rule-examples).
import { strict as assert } from 'node:assert';
import { fixed, lintWithRule, reported } from './migration-safety-helpers';

describe('require-concurrent-index-deletion', () => {
  const ID = 'require-concurrent-index-deletion';
  it('fixes one index, reports several without a fix, and is quiet for new indexes and down migrations', () => {
    const sql = 'DROP INDEX IF EXISTS app.orders_idx;';
    assert.equal(fixed(sql, lintWithRule(ID, sql)), 'DROP INDEX CONCURRENTLY IF EXISTS app.orders_idx;');
    const many = lintWithRule(ID, 'DROP INDEX a_idx, b_idx;');
    assert.equal(many.length, 1);
    assert.equal(many[0].fixes.length, 0);
    assert.equal(lintWithRule(ID, 'DROP INDEX a_idx CASCADE;')[0].fixes.length, 0);
    assert.deepEqual(lintWithRule(ID, 'CREATE INDEX a_idx ON t (a);\nDROP INDEX a_idx;'), []);
    assert.deepEqual(lintWithRule(ID, 'DROP INDEX a_idx;', { fileName: '3_idx.down.sql' }), []);
  });
  it('offers the fix as not preferred inside a transaction', () => {
    const [f] = lintWithRule(ID, 'BEGIN;\nDROP INDEX a_idx;\nCOMMIT;');
    assert.equal(f.fixes[0].preferred, false);
  });
});

describe('disallowed-unique-constraint and adding-serial-primary-key-field', () => {
  it('report ADD COLUMN ... UNIQUE / PRIMARY KEY without a fix, and USING INDEX not at all', () => {
    const unique = lintWithRule('disallowed-unique-constraint', 'ALTER TABLE t ADD COLUMN code text UNIQUE;');
    assert.equal(unique.length, 1);
    assert.equal(unique[0].fixes.length, 0);
    assert.equal(lintWithRule('adding-serial-primary-key-field', 'ALTER TABLE t ADD COLUMN id bigserial PRIMARY KEY;').length, 1);
    assert.deepEqual(lintWithRule('disallowed-unique-constraint', 'ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_idx;'), []);
    assert.deepEqual(lintWithRule('adding-serial-primary-key-field', 'ALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_idx;'), []);
  });
  it('names unnamed constraints as PostgreSQL would and keeps INCLUDE and ONLY', () => {
    const sql = 'ALTER TABLE ONLY app.t ADD UNIQUE (a, "B") INCLUDE (c);';
    assert.equal(
      fixed(sql, lintWithRule('disallowed-unique-constraint', sql)),
      'CREATE UNIQUE INDEX CONCURRENTLY t_a_B_key ON app.t (a, "B") INCLUDE (c);\nALTER TABLE ONLY app.t ADD CONSTRAINT t_a_B_key UNIQUE USING INDEX t_a_B_key;'.replace(/t_a_B_key/g, '"t_a_B_key"'),
    );
    const pk = 'ALTER TABLE t ADD PRIMARY KEY (id);';
    assert.equal(fixed(pk, lintWithRule('adding-serial-primary-key-field', pk)), 'CREATE UNIQUE INDEX CONCURRENTLY t_pkey ON t (id);\nALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_pkey;');
  });
  it('offers no rewrite inside a transaction or next to other subcommands', () => {
    assert.equal(lintWithRule('disallowed-unique-constraint', 'BEGIN;\nALTER TABLE t ADD UNIQUE (a);\nCOMMIT;')[0].fixes.length, 0);
    assert.equal(lintWithRule('disallowed-unique-constraint', 'ALTER TABLE t ADD UNIQUE (a), ADD COLUMN b int;')[0].fixes.length, 0);
    assert.equal(lintWithRule('disallowed-unique-constraint', 'ALTER TABLE t ADD UNIQUE (a) DEFERRABLE;')[0].fixes.length, 0);
  });
});

describe('require-concurrent-partition-detach, -reindex, -materialized-view-refresh', () => {
  it('adds CONCURRENTLY where PostgreSQL accepts it', () => {
    const detach = 'ALTER TABLE app.m DETACH PARTITION app.m_2020;';
    assert.equal(fixed(detach, lintWithRule('require-concurrent-partition-detach', detach)), 'ALTER TABLE app.m DETACH PARTITION app.m_2020 CONCURRENTLY;');
    const reindex = 'REINDEX (VERBOSE) TABLE orders;';
    assert.equal(fixed(reindex, lintWithRule('require-concurrent-reindex', reindex)), 'REINDEX (VERBOSE) TABLE CONCURRENTLY orders;');
    assert.deepEqual(lintWithRule('require-concurrent-reindex', 'REINDEX (CONCURRENTLY) TABLE orders;'), []);
    assert.deepEqual(lintWithRule('require-concurrent-reindex', 'REINDEX SYSTEM;'), []);
    assert.deepEqual(lintWithRule('require-concurrent-materialized-view-refresh', 'REFRESH MATERIALIZED VIEW mv WITH NO DATA;'), []);
  });
  it('respects PostgreSQL versions', () => {
    assert.deepEqual(lintWithRule('require-concurrent-partition-detach', 'ALTER TABLE m DETACH PARTITION p;', { postgresVersion: 13 }), []);
    assert.deepEqual(lintWithRule('require-concurrent-reindex', 'REINDEX TABLE t;', { postgresVersion: 11 }), []);
  });
});

describe('prefer-repack, ban-truncate, ban-truncate-cascade, ban-drop-schema, ban-drop-not-null', () => {
  it('prefer-repack: VACUUM FULL and CLUSTER, not VACUUM (FULL false) or new tables', () => {
    assert.equal(lintWithRule('prefer-repack', 'VACUUM FULL;').length, 1);
    assert.equal(lintWithRule('prefer-repack', 'CLUSTER;').length, 1);
    assert.deepEqual(lintWithRule('prefer-repack', 'VACUUM (FULL false) t;'), []);
    assert.deepEqual(lintWithRule('prefer-repack', 'CREATE TABLE t (a int);\nVACUUM FULL t;'), []);
  });
  it('ban-truncate-cascade marks CASCADE', () => {
    const sql = 'TRUNCATE a, b CASCADE;';
    assert.deepEqual(reported(sql, lintWithRule('ban-truncate-cascade', sql)), ['CASCADE']);
  });
  it('ban-truncate is quiet for tables created in the file', () => {
    assert.deepEqual(lintWithRule('ban-truncate', 'CREATE TABLE s (a int);\nTRUNCATE s;'), []);
    assert.match(lintWithRule('ban-truncate', 'CREATE TABLE s (a int);\nTRUNCATE s, orders;')[0].message, /every row of orders /);
  });
  it('ban-drop-schema is quiet for schemas the file creates', () => {
    assert.deepEqual(lintWithRule('ban-drop-schema', 'DROP SCHEMA IF EXISTS tmp CASCADE;\nCREATE SCHEMA tmp;'), []);
    assert.match(lintWithRule('ban-drop-schema', 'DROP SCHEMA a, b;')[0].message, /schema a, b breaks/);
  });
  it('ban-drop-not-null is quiet for columns added in the file and for down migrations', () => {
    assert.deepEqual(lintWithRule('ban-drop-not-null', 'ALTER TABLE t ALTER COLUMN a DROP NOT NULL;', { fileName: '1.down.sql' }), []);
    assert.deepEqual(lintWithRule('ban-drop-not-null', 'ALTER TABLE t ADD COLUMN a int NOT NULL DEFAULT 0;\nALTER TABLE t ALTER a DROP NOT NULL;'), []);
  });
});

describe('transaction rules', () => {
  it('transaction-nesting: a BEGIN in the tool\'s transaction, COMMIT without BEGIN', () => {
    assert.match(lintWithRule('transaction-nesting', 'BEGIN;\nSELECT 1;\nCOMMIT;', { assumeInTransaction: true })[0].message, /already runs this file in a transaction/);
    assert.equal(lintWithRule('transaction-nesting', 'BEGIN;\nSELECT 1;\nCOMMIT;', { assumeInTransaction: true }).length, 1, 'the BEGIN, whose message covers its COMMIT');
    assert.match(lintWithRule('transaction-nesting', 'SELECT 1;\nCOMMIT;')[0].message, /no transaction to end/);
    assert.equal(lintWithRule('transaction-nesting', '-- migrate:up\nBEGIN;\nSELECT 1;\nCOMMIT;\n-- migrate:down transaction:false\nBEGIN;\nSELECT 1;\nCOMMIT;').length, 1);
  });
  it('ban-uncommitted-transaction: per dbmate section, and adds the semicolon the last statement lacks', () => {
    const sql = '-- migrate:up transaction:false\nBEGIN;\nSELECT 1;\n-- migrate:down\nSELECT 2;';
    const found = lintWithRule('ban-uncommitted-transaction', sql);
    assert.equal(found.length, 1);
    assert.equal(fixed(sql, found), '-- migrate:up transaction:false\nBEGIN;\nSELECT 1;\nCOMMIT;\n-- migrate:down\nSELECT 2;');
    const open = 'BEGIN;\nSELECT 1';
    assert.equal(fixed(open, lintWithRule('ban-uncommitted-transaction', open)), 'BEGIN;\nSELECT 1;\nCOMMIT;');
    assert.deepEqual(lintWithRule('ban-uncommitted-transaction', 'BEGIN;\nSELECT 1;\nROLLBACK;'), []);
  });
  it('ban-enum-value-in-transaction applies before PostgreSQL 12 only', () => {
    assert.equal(lintWithRule('ban-enum-value-in-transaction', "ALTER TYPE e ADD VALUE 'x';", { postgresVersion: 11, assumeInTransaction: true }).length, 1);
    assert.deepEqual(lintWithRule('ban-enum-value-in-transaction', "BEGIN;\nALTER TYPE e ADD VALUE 'x';\nCOMMIT;", { postgresVersion: 12 }), []);
    assert.deepEqual(lintWithRule('ban-enum-value-in-transaction', "BEGIN;\nALTER TYPE e RENAME VALUE 'x' TO 'y';\nCOMMIT;", { postgresVersion: 11 }), []);
  });
});

describe('prefer-robust-stmts', () => {
  const ID = 'prefer-robust-stmts';
  it('adds IF [NOT] EXISTS in the right place', () => {
    const sql =
      'CREATE INDEX CONCURRENTLY a_idx ON t (a);\nDROP INDEX CONCURRENTLY b_idx;\nDROP MATERIALIZED VIEW mv;\n' +
      'ALTER TABLE t ADD x int, DROP y, DROP COLUMN z, DROP CONSTRAINT t_c;\nCREATE SEQUENCE s;\nSELECT 1;';
    assert.equal(
      fixed(sql, lintWithRule(ID, sql)),
      'CREATE INDEX CONCURRENTLY IF NOT EXISTS a_idx ON t (a);\nDROP INDEX CONCURRENTLY IF EXISTS b_idx;\nDROP MATERIALIZED VIEW IF EXISTS mv;\n' +
        'ALTER TABLE t ADD IF NOT EXISTS x int, DROP IF EXISTS y, DROP COLUMN IF EXISTS z, DROP CONSTRAINT IF EXISTS t_c;\nCREATE SEQUENCE IF NOT EXISTS s;\nSELECT 1;',
    );
  });
  it('is quiet in transactions and for the last statement; asks for a name on unnamed concurrent indexes', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);', { assumeInTransaction: true }), []);
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE a (id int);'), []);
    assert.deepEqual(lintWithRule(ID, 'CREATE INDEX CONCURRENTLY i ON t (a);'), []);
    const [f] = lintWithRule(ID, 'CREATE INDEX CONCURRENTLY ON t (a);\nSELECT 1;');
    assert.equal(f.fixes.length, 0);
    assert.match(f.message, /Name the index/);
  });
});

describe('require-statement-timeout, multiple-access-exclusive-locks, combine-alter-table-statements', () => {
  it('require-statement-timeout: scans and rewrites under ACCESS EXCLUSIVE only', () => {
    assert.deepEqual(lintWithRule('require-statement-timeout', 'CREATE INDEX CONCURRENTLY i ON t (a);\nALTER TABLE t ADD COLUMN a int;\nCREATE INDEX j ON t (b);'), []);
    assert.equal(lintWithRule('require-statement-timeout', 'SET statement_timeout = 0;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;').length, 1);
  });
  it('multiple-access-exclusive-locks counts per transaction', () => {
    assert.deepEqual(lintWithRule('multiple-access-exclusive-locks', 'BEGIN;\nALTER TABLE a ADD COLUMN x int;\nCOMMIT;\nBEGIN;\nALTER TABLE b ADD COLUMN x int;\nCOMMIT;'), []);
    assert.equal(lintWithRule('multiple-access-exclusive-locks', 'ALTER TABLE a ADD COLUMN x int;\nALTER TABLE b ADD COLUMN x int;', { assumeInTransaction: true }).length, 1);
  });
  it('combine-alter-table-statements merges runs and leaves VALIDATE and other tables alone', () => {
    const sql = 'ALTER TABLE t ADD COLUMN a int;\nALTER TABLE t ADD COLUMN b int;\nALTER TABLE t DROP COLUMN c;';
    assert.equal(fixed(sql, lintWithRule('combine-alter-table-statements', sql)), 'ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int, DROP COLUMN c;');
    assert.deepEqual(lintWithRule('combine-alter-table-statements', 'ALTER TABLE t ADD COLUMN a int;\nALTER TABLE u ADD COLUMN a int;'), []);
    assert.deepEqual(lintWithRule('combine-alter-table-statements', 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;'), []);
    assert.equal(lintWithRule('combine-alter-table-statements', 'ALTER TABLE t ADD COLUMN a int;\n-- why\nALTER TABLE t ADD COLUMN b int;')[0].fixes.length, 0);
  });
});
