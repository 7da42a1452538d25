import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';

const ID = 'constraint-missing-not-valid';

describe(ID, () => {
  it('CHECK and FOREIGN KEY, not UNIQUE; unnamed checks get PostgreSQL\'s default name', () => {
    const sql = 'ALTER TABLE orders ADD CHECK (total >= 0), ADD UNIQUE (code), ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES u;';
    const findings = lintWithRule(ID, sql);
    assert.equal(findings.length, 2);
    assert.equal(
      fixed(sql, findings),
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID, ADD UNIQUE (code), ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES u NOT VALID;\n' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\nALTER TABLE orders VALIDATE CONSTRAINT fk;',
    );
  });

  it('a check over several columns is named <table>_check', () => {
    const sql = 'ALTER TABLE orders ADD CHECK (a < b);';
    assert.match(fixed(sql, lintWithRule(ID, sql)), /ADD CONSTRAINT orders_check CHECK \(a < b\) NOT VALID;/);
  });

  it('reports VALIDATE in the same transaction as the NOT VALID add', () => {
    const sql = 'BEGIN;\nALTER TABLE o ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\nALTER TABLE o VALIDATE CONSTRAINT c;\nCOMMIT;';
    const findings = lintWithRule(ID, sql);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /same transaction/);
    const separate = 'BEGIN;\nALTER TABLE o ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\nCOMMIT;\nALTER TABLE o VALIDATE CONSTRAINT c;';
    assert.deepEqual(lintWithRule(ID, separate), []);
    const oneFile = 'ALTER TABLE o ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\nALTER TABLE o VALIDATE CONSTRAINT c;';
    assert.deepEqual(lintWithRule(ID, oneFile), []);
    assert.equal(lintWithRule(ID, oneFile, { assumeInTransaction: true }).length, 1);
  });

  it('is quiet for new tables and down migrations', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE o (x int);\nALTER TABLE o ADD CHECK (x > 0);'), []);
    assert.deepEqual(lintWithRule(ID, '-- migrate:up\nSELECT 1;\n-- migrate:down\nALTER TABLE o ADD CHECK (x > 0);'), []);
  });
});
