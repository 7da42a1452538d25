import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';

const ID = 'adding-not-nullable-field';

describe(ID, () => {
  it('quiet after a validated CHECK (col IS NOT NULL) on 12+, not before 12', () => {
    const sql =
      'ALTER TABLE o ADD CONSTRAINT o_c_nn CHECK (c IS NOT NULL) NOT VALID;\n' +
      'ALTER TABLE o VALIDATE CONSTRAINT o_c_nn;\n' +
      'ALTER TABLE o ALTER COLUMN c SET NOT NULL;';
    assert.deepEqual(lintWithRule(ID, sql, { postgresVersion: 12 }), []);
    assert.equal(lintWithRule(ID, sql, { postgresVersion: 11 }).length, 1);
  });

  it('an unvalidated or dropped CHECK does not prove anything', () => {
    const notValidated = 'ALTER TABLE o ADD CONSTRAINT o_c_nn CHECK (c IS NOT NULL) NOT VALID;\nALTER TABLE o ALTER COLUMN c SET NOT NULL;';
    assert.equal(lintWithRule(ID, notValidated).length, 1);
    const dropped = 'ALTER TABLE o ADD CONSTRAINT o_c_nn CHECK (c IS NOT NULL);\nALTER TABLE o DROP CONSTRAINT o_c_nn;\nALTER TABLE o ALTER COLUMN c SET NOT NULL;';
    assert.equal(lintWithRule(ID, dropped).length, 1);
  });

  it('fixes only where the steps help: PostgreSQL 12+, outside transactions, one subcommand', () => {
    const sql = '  ALTER TABLE "Order" ALTER COLUMN "userId" SET NOT NULL;';
    assert.equal(
      fixed(sql, lintWithRule(ID, sql)),
      '  ALTER TABLE "Order" ADD CONSTRAINT "Order_userId_not_null_check" CHECK ("userId" IS NOT NULL) NOT VALID;\n' +
        '  ALTER TABLE "Order" VALIDATE CONSTRAINT "Order_userId_not_null_check";\n' +
        '  ALTER TABLE "Order" ALTER COLUMN "userId" SET NOT NULL;\n' +
        '  ALTER TABLE "Order" DROP CONSTRAINT "Order_userId_not_null_check";',
    );
    assert.deepEqual(lintWithRule(ID, sql, { postgresVersion: 11 })[0].fixes, []);
    assert.deepEqual(lintWithRule(ID, sql, { assumeInTransaction: true })[0].fixes, []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE o ALTER COLUMN a SET NOT NULL, ALTER COLUMN b SET NOT NULL;').map((f) => f.fixes.length), [0, 0]);
  });

  it('is quiet for new tables and down migrations', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE o (c int);\nALTER TABLE o ALTER COLUMN c SET NOT NULL;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE o ALTER COLUMN c SET NOT NULL;', { fileName: 'x/down.sql' }), []);
  });

  it('is quiet after a TRUNCATE of the table earlier in the same transaction (empty, already locked)', () => {
    const set = 'ALTER TABLE carts ALTER COLUMN customer_id SET NOT NULL;';
    assert.deepEqual(lintWithRule(ID, `BEGIN;\nTRUNCATE carts;\n${set}\nCOMMIT;`), []);
    assert.equal(lintWithRule(ID, `TRUNCATE carts;\n${set}`).length, 1, 'autocommit: rows can come back in between');
    assert.equal(lintWithRule(ID, `BEGIN;\nTRUNCATE other;\n${set}\nCOMMIT;`).length, 1);
  });

  it('names the table and column with their quotes and says what to do', () => {
    assert.equal(
      lintWithRule(ID, 'ALTER TABLE app."Orders" ALTER COLUMN "customerId" SET NOT NULL;')[0].message,
      'Setting app."Orders"."customerId" NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock: reads and writes wait until it finishes. Prove it first with a validated CHECK (... IS NOT NULL) constraint, in separate transactions.',
    );
  });
});
