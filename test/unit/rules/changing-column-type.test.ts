import { strict as assert } from 'node:assert';
import { lintWithRule } from './migration-safety-helpers';

const ID = 'changing-column-type';

describe(ID, () => {
  it('reports changes that always rewrite, and USING expressions', () => {
    const sql = 'ALTER TABLE o ALTER COLUMN id TYPE bigint;\nALTER TABLE o ALTER COLUMN s TYPE order_status USING s::text::order_status;\nALTER TABLE o ALTER COLUMN n TYPE text USING upper(n);';
    const findings = lintWithRule(ID, sql);
    assert.equal(findings.length, 3);
    assert.match(findings[2].message, /USING expression/);
  });

  it('stays quiet where the old type may make it free (varchar -> text, numeric widening)', () => {
    const sql = 'ALTER TABLE o ALTER COLUMN a TYPE text;\nALTER TABLE o ALTER COLUMN b TYPE varchar(255);\nALTER TABLE o ALTER COLUMN c TYPE numeric(12,2);\nALTER TABLE o ALTER COLUMN d TYPE text USING d::text;';
    assert.deepEqual(lintWithRule(ID, sql), []);
  });

  it('uses the old type when the file declared it', () => {
    const sql = 'ALTER TABLE o ADD COLUMN note varchar(100);\nALTER TABLE o ALTER COLUMN note TYPE varchar(50);\nALTER TABLE o ALTER COLUMN note TYPE text;';
    const findings = lintWithRule(ID, sql);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /note to varchar\(50\)/);
  });

  it('timestamp <-> timestamptz: hedged with the UTC condition on 12+', () => {
    const [finding] = lintWithRule(ID, 'ALTER TABLE e ALTER COLUMN at TYPE timestamptz;', { postgresVersion: 16 });
    assert.match(finding.message, /unless the session TimeZone is UTC/);
    const [old] = lintWithRule(ID, 'ALTER TABLE e ALTER COLUMN at TYPE timestamptz;', { postgresVersion: 11 });
    assert.doesNotMatch(old.message, /UTC/);
  });

  it('is quiet for new tables and down migrations', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE o (id int);\nALTER TABLE o ALTER COLUMN id TYPE bigint;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE o ALTER COLUMN id TYPE bigint;', { fileName: '5.down.sql' }), []);
  });
});
