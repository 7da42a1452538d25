// ban-drop-column, ban-drop-table, renaming-column, renaming-table: quiet where the object is new or the file undoes.
import { strict as assert } from 'node:assert';
import { lintWithRule, reported } from './migration-safety-helpers';

describe('ban-drop-column', () => {
  const ID = 'ban-drop-column';
  it('marks each dropped column, quoted names included', () => {
    const sql = 'ALTER TABLE "Doc" DROP COLUMN "documentId", DROP COLUMN IF EXISTS legacy, ADD COLUMN x int;';
    assert.deepEqual(reported(sql, lintWithRule(ID, sql)), ['DROP COLUMN "documentId"', 'DROP COLUMN IF EXISTS legacy']);
  });
  it('is quiet for columns added earlier in the file, new tables and down migrations', () => {
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE t ADD COLUMN x int;\nALTER TABLE t DROP COLUMN x;'), []);
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE t (x int);\nALTER TABLE t DROP COLUMN x;'), []);
    assert.deepEqual(lintWithRule(ID, '-- migrate:up\nALTER TABLE t ADD COLUMN x int;\n-- migrate:down\nALTER TABLE t DROP COLUMN x;'), []);
  });
});

describe('ban-drop-table', () => {
  const ID = 'ban-drop-table';
  it('reports existing tables once per statement', () => {
    const findings = lintWithRule(ID, 'CREATE TABLE scratch (id int);\nDROP TABLE scratch, app.orders, customers;');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /tables app\.orders, customers deletes their data/);
  });
  it('is quiet for down migrations and drop-then-recreate scripts', () => {
    assert.deepEqual(lintWithRule(ID, 'DROP TABLE orders;', { fileName: 'db/migrate/20240101_orders.down.sql' }), []);
    assert.deepEqual(lintWithRule(ID, 'DROP TABLE IF EXISTS public.orders;\nCREATE TABLE public.orders (id int);'), []);
  });
});

describe('renaming-column', () => {
  const ID = 'renaming-column';
  it('reports renames of existing columns, not of columns added in the file', () => {
    assert.equal(lintWithRule(ID, 'ALTER TABLE o RENAME COLUMN a TO b;').length, 1);
    assert.equal(lintWithRule(ID, 'ALTER TABLE o RENAME a TO b;').length, 1);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE o ADD COLUMN a int;\nALTER TABLE o RENAME COLUMN a TO b;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE o RENAME COLUMN a TO b;', { fileName: '7_rename.down.sql' }), []);
  });
});

describe('renaming-table', () => {
  const ID = 'renaming-table';
  it('reports renames of existing tables only', () => {
    assert.equal(lintWithRule(ID, 'ALTER TABLE orders RENAME TO purchases;').length, 1);
    assert.deepEqual(lintWithRule(ID, 'ALTER INDEX orders_idx RENAME TO purchases_idx;'), []);
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE tmp (id int);\nALTER TABLE tmp RENAME TO orders;'), []);
  });
});
