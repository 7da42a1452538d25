// prefer-robust-stmts: IF [NOT] EXISTS where a statement commits on its own and a later one of the same run can fail.
import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';
import { analyseInProject } from './project-helpers';

const ID = 'prefer-robust-stmts';

describe(ID, () => {
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

  it('the last statement of each part the tool runs and records on its own is not reported (Liquibase changesets)', () => {
    const changelog =
      '-- liquibase formatted sql\n-- changeset ann:1 runInTransaction:false\nCREATE INDEX CONCURRENTLY a_idx ON t (a);\n' +
      '-- changeset ann:2 runInTransaction:false\nCREATE INDEX CONCURRENTLY b_idx ON t (b);\nCREATE INDEX CONCURRENTLY c_idx ON t (c);\n';
    const findings = analyseInProject({ 'db/001-indexes.sql': changelog }, 'db/001-indexes.sql', { [ID]: 'info' }).filter((f) => f.ruleId === ID);
    assert.deepEqual(findings.map((f) => f.message.split(' without')[0]), ['CREATE INDEX b_idx']);
  });

  it('is silent where the tool\'s transaction rolls everything back, and on where the tool runs without one', () => {
    const base = { 'db/00001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY);\n' };
    const body = '-- +goose Up\nCREATE TABLE audit_log (id bigint PRIMARY KEY);\nALTER TABLE orders ADD COLUMN audited boolean;\n';
    const of = (text: string) => analyseInProject({ ...base, 'db/00002_audit.sql': text }, 'db/00002_audit.sql').filter((f) => f.ruleId === ID);
    assert.deepEqual(of(body), []);
    assert.deepEqual(of(`-- +goose NO TRANSACTION\n${body}`).map((f) => f.message.split(':')[0]), ['CREATE TABLE audit_log without IF NOT EXISTS']);
  });

  it('judges migrations only: a script outside any migration layout is not re-run as one', () => {
    const sql = 'CREATE TABLE a (id int);\nCREATE TABLE b (id int);';
    assert.equal(lintWithRule(ID, sql).length, 1, 'migrations/001_change.sql: a numbered migration');
    assert.deepEqual(lintWithRule(ID, sql, { fileName: 'scripts/reset.sql' }), []);
  });
});
