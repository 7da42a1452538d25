import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { fixed, lintWithRule } from './migration-safety-helpers';

const ID = 'combine-alter-table-statements';

describe(ID, () => {
  it('merges runs and leaves VALIDATE and other tables alone', () => {
    const sql = 'ALTER TABLE t ADD COLUMN a int;\nALTER TABLE t ADD COLUMN b int;\nALTER TABLE t DROP COLUMN c;';
    assert.equal(fixed(sql, lintWithRule(ID, sql)), 'ALTER TABLE t ADD COLUMN a int, ADD COLUMN b int, DROP COLUMN c;');
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE t ADD COLUMN a int;\nALTER TABLE u ADD COLUMN a int;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;'), []);
    assert.equal(lintWithRule(ID, 'ALTER TABLE t ADD COLUMN a int;\n-- why\nALTER TABLE t ADD COLUMN b int;')[0].fixes.length, 0);
  });

  it('names the table with its quotes', () => {
    assert.match(lintWithRule(ID, 'ALTER TABLE "Orders" ADD COLUMN a int;\nALTER TABLE "Orders" ADD COLUMN b int;')[0].message, /^"Orders" is altered again/);
  });

  it('is opt-in: off by default, reported once pg-architect.json names it', () => {
    const sql = 'ALTER TABLE t ADD COLUMN a int;\nALTER TABLE t ADD COLUMN b int;';
    const of = (rules = {}) => lintText(sql, { fileName: 'migrations/002.sql', config: { ...DEFAULT_CONFIG, rules } }).findings.filter((f) => f.ruleId === ID);
    assert.deepEqual(of(), []);
    assert.equal(of({ [ID]: 'info' }).length, 1);
  });
});
