import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';
import { analyseInProject, applyFix, projectFindings } from './project-helpers';

const ID = 'constraint-missing-not-valid';

describe(ID, () => {
  it('CHECK, not UNIQUE, nor FOREIGN KEY (adding-foreign-key-constraint\'s); unnamed checks get PostgreSQL\'s default name', () => {
    const sql = 'ALTER TABLE orders ADD CHECK (total >= 0), ADD UNIQUE (code), ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES u;';
    const findings = lintWithRule(ID, sql);
    assert.equal(findings.length, 1);
    assert.equal(
      fixed(sql, findings),
      'ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID, ADD UNIQUE (code), ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES u;\n' +
        'ALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;',
    );
    assert.equal(lintWithRule(ID, 'ALTER TABLE "Orders" ADD CONSTRAINT "Total_check" CHECK (total >= 0);')[0].message, 'Constraint "Total_check" is checked against every existing row of "Orders" while blocking reads and writes; add it NOT VALID and VALIDATE it in a later transaction.');
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
    // A foreign key validated in the transaction that added it NOT VALID too.
    assert.equal(lintWithRule(ID, 'BEGIN;\nALTER TABLE o ADD CONSTRAINT fk FOREIGN KEY (c) REFERENCES u NOT VALID;\nALTER TABLE o VALIDATE CONSTRAINT fk;\nCOMMIT;').length, 1);
  });

  it('each Liquibase changeset is its own transaction: VALIDATE in the next changeset is fine', () => {
    const changelog = '-- liquibase formatted sql\n-- changeset ann:1\nALTER TABLE o ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\n-- changeset ann:2\nALTER TABLE o VALIDATE CONSTRAINT c;\n';
    assert.deepEqual(analyseInProject({ 'db/changelog.sql': changelog }, 'db/changelog.sql').filter((f) => f.ruleId === ID), []);
    const same = '-- liquibase formatted sql\n-- changeset ann:1\nALTER TABLE o ADD CONSTRAINT c CHECK (x > 0) NOT VALID;\nALTER TABLE o VALIDATE CONSTRAINT c;\n';
    assert.equal(analyseInProject({ 'db/changelog.sql': same }, 'db/changelog.sql').filter((f) => f.ruleId === ID).length, 1);
  });

  it('in a tool\'s transaction the fix validates in a new migration (goose), run after the file\'s', () => {
    const files = { 'db/00001_init.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, total numeric);\n', 'db/00002_check.sql': '-- +goose Up\nALTER TABLE orders ADD CHECK (total >= 0);\n' };
    const [finding] = analyseInProject(files, 'db/00002_check.sql').filter((f) => f.ruleId === ID);
    const after = applyFix(files, 'db/00002_check.sql', finding.fixes[0]);
    assert.equal(after['db/00002_check.sql'], '-- +goose Up\nALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;\n');
    assert.match(after['db/00003_validate_orders_total_check.sql'], /^-- \+goose Up\nALTER TABLE orders VALIDATE CONSTRAINT orders_total_check;\n/);
    assert.deepEqual(projectFindings(after).filter((f) => f.endsWith(ID)), []);
  });

  it('is quiet for new tables and down migrations', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE o (x int);\nALTER TABLE o ADD CHECK (x > 0);'), []);
    assert.deepEqual(lintWithRule(ID, '-- migrate:up\nSELECT 1;\n-- migrate:down\nALTER TABLE o ADD CHECK (x > 0);'), []);
  });
});
