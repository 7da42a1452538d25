import { strict as assert } from 'node:assert';
import { lintWithRule, reported } from './migration-safety-helpers';

const ID = 'adding-field-with-default';

describe(ID, () => {
  it('PostgreSQL 11+: only volatile defaults, serial, identity and stored generated columns', () => {
    const sql = [
      "ALTER TABLE t ADD COLUMN a text DEFAULT 'x';",
      'ALTER TABLE t ADD COLUMN b timestamptz DEFAULT CURRENT_TIMESTAMP;',
      'ALTER TABLE t ADD COLUMN c timestamptz NOT NULL DEFAULT now();',
      'ALTER TABLE t ADD COLUMN d double precision DEFAULT random();',
      'ALTER TABLE t ADD COLUMN e uuid DEFAULT extensions.uuid_generate_v4();',
      'ALTER TABLE t ADD COLUMN f bigserial;',
      'ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS IDENTITY;',
      'ALTER TABLE t ADD COLUMN h int GENERATED ALWAYS AS (a_len * 2) STORED;',
      'ALTER TABLE t ADD COLUMN i int DEFAULT my_counter();',
    ].join('\n');
    const findings = lintWithRule(ID, sql, { postgresVersion: 16 });
    assert.deepEqual(findings.map((f) => /column (\w+)/.exec(f.message)?.[1]), ['d', 'e', 'f', 'g', 'h']);
    assert.match(findings[0].message, /volatile default random\(\)/);
    assert.deepEqual(reported(sql, findings).slice(0, 2), ['DEFAULT', 'DEFAULT']);
  });

  it('before PostgreSQL 11 every non-null default rewrites', () => {
    const sql = "ALTER TABLE t ADD COLUMN a text DEFAULT 'x';\nALTER TABLE t ADD COLUMN b text DEFAULT NULL;\nALTER TABLE t ADD COLUMN c int;";
    const findings = lintWithRule(ID, sql, { postgresVersion: 10 });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /before PostgreSQL 11/);
    assert.deepEqual(lintWithRule(ID, sql, { postgresVersion: 11 }), []);
  });

  it('is quiet for new tables and down migrations', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN d uuid DEFAULT gen_random_uuid();'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE t ADD COLUMN d uuid DEFAULT gen_random_uuid();', { fileName: 'db/002_x.down.sql' }), []);
    assert.deepEqual(lintWithRule(ID, '-- migrate:up\nSELECT 1;\n-- migrate:down\nALTER TABLE t ADD COLUMN d uuid DEFAULT gen_random_uuid();'), []);
  });
});
