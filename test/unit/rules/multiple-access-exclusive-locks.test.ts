import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { lintWithRule } from './migration-safety-helpers';

const ID = 'multiple-access-exclusive-locks';

describe(ID, () => {
  it('counts per transaction', () => {
    assert.deepEqual(lintWithRule(ID, 'BEGIN;\nALTER TABLE a ADD COLUMN x int;\nCOMMIT;\nBEGIN;\nALTER TABLE b ADD COLUMN x int;\nCOMMIT;'), []);
    const [finding] = lintWithRule(ID, 'ALTER TABLE a ADD COLUMN x int;\nALTER TABLE b ADD COLUMN x int;', { assumeInTransaction: true });
    assert.match(finding.message, /holds ACCESS EXCLUSIVE on a and b: .* Change one table per transaction, or keep it short with a lock_timeout\.$/);
  });

  it('is opt-in: off by default, reported once pg-architect.json names it', () => {
    const sql = 'BEGIN;\nALTER TABLE a ADD COLUMN x int;\nALTER TABLE b ADD COLUMN x int;\nCOMMIT;';
    const of = (rules = {}) => lintText(sql, { fileName: 'migrations/002.sql', config: { ...DEFAULT_CONFIG, rules } }).findings.filter((f) => f.ruleId === ID);
    assert.deepEqual(of(), []);
    assert.equal(of({ [ID]: 'warning' }).length, 1);
  });
});
