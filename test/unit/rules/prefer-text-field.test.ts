// prefer-text-field (opt-in): bounded varchar in new columns; unbounded varchar and type changes are not its concern.
import { strict as assert } from 'node:assert';
import { findingKind } from '../../../core/rules/catalog';
import { fixed, lintWithRule } from './migration-safety-helpers';

const ID = 'prefer-text-field';

describe(ID, () => {
  it('is opt-in: measured as noise on real projects', () => {
    assert.equal(findingKind(ID)?.optIn, true);
  });

  it('ignores unbounded varchar and type changes, and fixes arrays', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE t (a varchar, b character varying);'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE t ALTER COLUMN a TYPE varchar(40);'), []);
    const sql = 'CREATE TABLE t (tags character varying(20)[]);';
    assert.equal(fixed(sql, lintWithRule(ID, sql)), 'CREATE TABLE t (tags text[]);');
  });
});
