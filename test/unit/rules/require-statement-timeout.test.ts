import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';
import { analyseInProject, applyFix } from './project-helpers';

const ID = 'require-statement-timeout';

describe(ID, () => {
  it('scans and rewrites under ACCESS EXCLUSIVE only', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE INDEX CONCURRENTLY i ON t (a);\nALTER TABLE t ADD COLUMN a int;\nCREATE INDEX j ON t (b);'), []);
    assert.equal(lintWithRule(ID, 'SET statement_timeout = 0;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;').length, 1);
  });

  it('outside transactions the fix is a plain SET, and the message says what to set', () => {
    const sql = 'ALTER TABLE t ALTER COLUMN a SET NOT NULL;';
    const findings = lintWithRule(ID, sql);
    assert.match(findings[0].message, /no statement_timeout bounds that; set one before it \(SET statement_timeout = '5s';\)/);
    assert.equal(fixed(sql, findings), "SET statement_timeout = '5s';\nALTER TABLE t ALTER COLUMN a SET NOT NULL;");
  });

  it('inside a transaction the fix is SET LOCAL: a plain SET would outlive it in the session', () => {
    const sql = 'BEGIN;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\nCOMMIT;';
    assert.equal(fixed(sql, lintWithRule(ID, sql)), "BEGIN;\nSET LOCAL statement_timeout = '5s';\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\nCOMMIT;");
    const files = { 'db/00001_t.sql': '-- +goose Up\nCREATE TABLE t (a int);\n', 'db/00002_nn.sql': '-- +goose Up\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\n' };
    const [finding] = analyseInProject(files, 'db/00002_nn.sql', { [ID]: 'info' }).filter((f) => f.ruleId === ID);
    assert.equal(finding.fixes[0].title, "SET LOCAL statement_timeout = '5s' before it");
    const after = applyFix(files, 'db/00002_nn.sql', finding.fixes[0]);
    assert.equal(after['db/00002_nn.sql'], "-- +goose Up\nSET LOCAL statement_timeout = '5s';\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\n");
    assert.deepEqual(analyseInProject(after, 'db/00002_nn.sql').filter((f) => f.ruleId === ID), []);
  });
});
