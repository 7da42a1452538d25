// Edge cases of the second batch of migration-safety rules (their documented examples run in rule-examples).
import { strict as assert } from 'node:assert';
import { fixed, lintWithRule, reported } from './migration-safety-helpers';

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

describe('require-concurrent-materialized-view-refresh', () => {
  it('is quiet for WITH NO DATA (nothing to read while it runs)', () => {
    assert.deepEqual(lintWithRule('require-concurrent-materialized-view-refresh', 'REFRESH MATERIALIZED VIEW mv WITH NO DATA;'), []);
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
