import { strict as assert } from 'node:assert';
import { lintWithRule } from './migration-safety-helpers';

const ID = 'renaming-schema';

describe(ID, () => {
  it('reports ALTER SCHEMA ... RENAME TO of an existing schema, with quotes', () => {
    const [finding] = lintWithRule(ID, 'ALTER SCHEMA "Billing" RENAME TO invoicing;');
    assert.match(finding.message, /^Renaming schema "Billing" to invoicing breaks every qualified reference, search_path and deployed application version/);
  });

  it('is quiet for schemas the file created (also renamed twice), other renames and down migrations', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE SCHEMA a;\nALTER SCHEMA a RENAME TO b;\nALTER SCHEMA b RENAME TO c;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE a.t RENAME TO u;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER SCHEMA a RENAME TO b;', { fileName: 'db/2_x.down.sql' }), []);
  });
});
