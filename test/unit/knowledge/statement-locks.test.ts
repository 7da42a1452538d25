// Version-dependent lock knowledge that the PostgreSQL 15 server test cannot see: older and newer releases.
import { strict as assert } from 'node:assert';
import { parseDocument } from '../../../core/parse/document';
import { statementLocks, type StatementLockInfo } from '../../../core/knowledge/locks';

function locks(sql: string, version: number): StatementLockInfo {
  const info = statementLocks(parseDocument(sql).statements[0], version);
  assert.ok(info, `no knowledge for ${sql}`);
  return info;
}

function modes(info: StatementLockInfo): Record<string, string> {
  return Object.fromEntries(info.effects.map((e) => [e.relation, e.mode]));
}

describe('statement locks by version', () => {
  it('ADD FOREIGN KEY: SHARE ROW EXCLUSIVE on both tables since 9.5, ACCESS EXCLUSIVE before', () => {
    const sql = 'ALTER TABLE orders ADD CONSTRAINT fk FOREIGN KEY (customer_id) REFERENCES customers (id);';
    assert.deepEqual(modes(locks(sql, 16)), { orders: 'SHARE ROW EXCLUSIVE', customers: 'SHARE ROW EXCLUSIVE' });
    assert.deepEqual(modes(locks(sql, 9.4)), { orders: 'ACCESS EXCLUSIVE', customers: 'ACCESS EXCLUSIVE' });
    assert.equal(locks(sql, 16).scans, true);
    assert.equal(locks(sql.replace(';', ' NOT VALID;'), 16).scans, false);
  });

  it('the strongest lock of all subcommands wins', () => {
    const info = locks('ALTER TABLE t ALTER COLUMN a SET STATISTICS 100, ADD COLUMN b int;', 16);
    assert.deepEqual(modes(info), { t: 'ACCESS EXCLUSIVE' });
    assert.deepEqual(modes(locks('ALTER TABLE t ALTER COLUMN a SET STATISTICS 100;', 16)), { t: 'SHARE UPDATE EXCLUSIVE' });
  });

  it('ATTACH PARTITION: SHARE UPDATE EXCLUSIVE on the parent since 12', () => {
    const sql = 'ALTER TABLE m ATTACH PARTITION m_2024 FOR VALUES FROM (1) TO (2);';
    assert.deepEqual(modes(locks(sql, 12)), { m: 'SHARE UPDATE EXCLUSIVE', m_2024: 'ACCESS EXCLUSIVE' });
    assert.deepEqual(modes(locks(sql, 11)), { m: 'ACCESS EXCLUSIVE', m_2024: 'ACCESS EXCLUSIVE' });
  });

  it('DETACH PARTITION CONCURRENTLY cannot run in a transaction block', () => {
    const info = locks('ALTER TABLE m DETACH PARTITION m_2020 CONCURRENTLY;', 14);
    assert.equal(info.transactional, false);
    assert.deepEqual(modes(info), { m: 'SHARE UPDATE EXCLUSIVE', m_2020: 'SHARE UPDATE EXCLUSIVE' });
    assert.ok(locks('ALTER TABLE m DETACH PARTITION m_2020 CONCURRENTLY;', 13).notes.some((n) => n.includes('14')));
  });

  it('ADD COLUMN with a default: a rewrite before 11, only for volatile defaults after', () => {
    assert.equal(locks("ALTER TABLE t ADD COLUMN c text DEFAULT 'x';", 10).rewrites, true);
    assert.equal(locks("ALTER TABLE t ADD COLUMN c text DEFAULT 'x';", 11).rewrites, false);
    assert.equal(locks('ALTER TABLE t ADD COLUMN c timestamptz DEFAULT now();', 11).rewrites, false);
    assert.equal(locks('ALTER TABLE t ADD COLUMN c uuid DEFAULT public.uuid_generate_v4();', 16).rewrites, true);
    assert.equal(locks('ALTER TABLE t ADD COLUMN c int DEFAULT NULL;', 10).rewrites, false);
    const unknown = locks('ALTER TABLE t ADD COLUMN c int DEFAULT my_function();', 16);
    assert.equal(unknown.rewrites, false);
    assert.ok(unknown.notes.some((n) => n.includes('volatile')));
  });

  it('storage parameters: fillfactor lowered in 10, autovacuum in 9.6', () => {
    assert.deepEqual(modes(locks('ALTER TABLE t SET (fillfactor = 70);', 10)), { t: 'SHARE UPDATE EXCLUSIVE' });
    assert.deepEqual(modes(locks('ALTER TABLE t SET (fillfactor = 70);', 9.6)), { t: 'ACCESS EXCLUSIVE' });
    assert.deepEqual(modes(locks('ALTER TABLE t SET (autovacuum_enabled = off);', 9)), { t: 'SHARE UPDATE EXCLUSIVE' });
    assert.deepEqual(modes(locks('ALTER TABLE t SET (autovacuum_enabled = off);', 9.5)), { t: 'ACCESS EXCLUSIVE' });
  });

  it('CREATE TRIGGER: SHARE ROW EXCLUSIVE since 9.5', () => {
    const sql = 'CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();';
    assert.deepEqual(modes(locks(sql, 9.5)), { t: 'SHARE ROW EXCLUSIVE' });
    assert.deepEqual(modes(locks(sql, 9.4)), { t: 'ACCESS EXCLUSIVE' });
  });

  it('ALTER INDEX RENAME: SHARE UPDATE EXCLUSIVE since 12', () => {
    assert.deepEqual(modes(locks('ALTER INDEX i RENAME TO j;', 12)), { i: 'SHARE UPDATE EXCLUSIVE' });
    assert.deepEqual(modes(locks('ALTER INDEX i RENAME TO j;', 11)), { i: 'ACCESS EXCLUSIVE' });
  });

  it('ALTER TYPE ADD VALUE runs in a transaction block since 12', () => {
    assert.equal(locks("ALTER TYPE mood ADD VALUE 'sad';", 11).transactional, false);
    assert.equal(locks("ALTER TYPE mood ADD VALUE 'sad';", 12).transactional, true);
  });

  it('index builds: SHARE, or SHARE UPDATE EXCLUSIVE outside a transaction block', () => {
    assert.deepEqual(modes(locks('CREATE INDEX i ON app.t (a);', 16)), { 'app.t': 'SHARE' });
    const concurrent = locks('CREATE INDEX CONCURRENTLY i ON t (a);', 16);
    assert.deepEqual(modes(concurrent), { t: 'SHARE UPDATE EXCLUSIVE' });
    assert.equal(concurrent.transactional, false);
  });

  it('queries: ACCESS SHARE, ROW SHARE for locking clauses, ROW EXCLUSIVE for writes; CTE names are not tables', () => {
    assert.deepEqual(modes(locks('WITH recent AS (SELECT * FROM orders) SELECT * FROM recent JOIN customers ON true;', 16)), { orders: 'ACCESS SHARE', customers: 'ACCESS SHARE' });
    assert.deepEqual(modes(locks('SELECT * FROM orders FOR UPDATE;', 16)), { orders: 'ROW SHARE' });
    assert.deepEqual(modes(locks('UPDATE orders SET total = 0 FROM customers WHERE customers.id = orders.customer_id;', 16)), { orders: 'ROW EXCLUSIVE', customers: 'ACCESS SHARE' });
  });

  it('says nothing about statements that lock no table', () => {
    assert.equal(statementLocks(parseDocument('SET lock_timeout = 1000;').statements[0], 16), undefined);
    assert.equal(statementLocks(parseDocument('CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;').statements[0], 16), undefined);
    assert.equal(statementLocks(parseDocument('SELEC 1;').statements[0], 16), undefined);
  });
});
