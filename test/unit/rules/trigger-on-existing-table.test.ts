// trigger-on-existing-table: lock findings and DISABLE, and that it is opt-in (off unless configured).
import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { lintWithRule } from './migration-safety-helpers';

const ID = 'trigger-on-existing-table';

describe(ID, () => {
  it('DISABLE is reported even with a lock_timeout', () => {
    assert.match(lintWithRule(ID, "SET lock_timeout = '1s';\nALTER TABLE t DISABLE TRIGGER ALL;")[0].message, /foreign-key checks included/);
    assert.deepEqual(lintWithRule(ID, "SET lock_timeout = '1s';\nALTER TABLE t ENABLE TRIGGER tr;\nDROP TRIGGER tr ON t;"), []);
  });
  it('is opt-in: off by default, reported once pg-architect.json names it', () => {
    const sql = 'CREATE TRIGGER a AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit_row();';
    const of = (config = DEFAULT_CONFIG) => lintText(sql, { fileName: 'migrations/002.sql', config }).findings.filter((f) => f.ruleId === ID);
    assert.deepEqual(of(), []);
    assert.deepEqual(of({ ...DEFAULT_CONFIG, rules: { [ID]: 'warning' } }).map((f) => f.severity), ['warning']);
  });
});
