// require-primary-key: within a file (partitions, temporary tables, keys added later, drops) and across the
// project's migrations (a key a later migration adds settles it).
import { strict as assert } from 'node:assert';
import { lintWithRule } from './migration-safety-helpers';
import { analyseInProject } from './project-helpers';

const ID = 'require-primary-key';

describe(ID, () => {
  it('partitions, temporary tables, later keys and drops are not reported', () => {
    assert.equal(lintWithRule(ID, 'CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE m_2026 PARTITION OF m FOR VALUES FROM (\'2026-01-01\') TO (\'2027-01-01\');').length, 1);
    assert.equal(lintWithRule(ID, 'CREATE TEMP TABLE scratch (a int);').length, 0);
    assert.equal(lintWithRule(ID, 'CREATE TABLE m (id bigint, at date) PARTITION BY RANGE (at);\nCREATE TABLE m_default (id bigint, at date);\nALTER TABLE ONLY m ATTACH PARTITION m_default DEFAULT;').length, 1, 'an attached partition is one');
    assert.equal(lintWithRule(ID, 'CREATE TABLE t (a int);\nCREATE UNIQUE INDEX CONCURRENTLY t_a ON t (a);\nALTER TABLE t ADD CONSTRAINT t_pkey PRIMARY KEY USING INDEX t_a;').length, 0);
    assert.equal(lintWithRule(ID, 'CREATE TABLE t (a int);\nDROP TABLE t;').length, 0);
  });

  it('a DROP before the CREATE (pg_dump --clean) does not hide the table', () => {
    assert.equal(lintWithRule(ID, 'DROP TABLE IF EXISTS public.events;\nCREATE TABLE public.events (at timestamptz);').length, 1);
    assert.equal(lintWithRule(ID, 'DROP TABLE IF EXISTS t;\nCREATE TABLE t (a int);\nDROP TABLE t;\nCREATE TABLE t (a int);').length, 1, 'the re-created table is judged');
  });

  it('a key a later migration adds (or a later DROP TABLE) settles it, as the project applies them', () => {
    const files = {
      'db/V1__tables.sql': 'CREATE TABLE filings (id bigint NOT NULL, filed_at date);\nCREATE TABLE scratch (a int);\nCREATE TABLE audit (a int);\n',
      'db/V2__constraints.sql': 'ALTER TABLE filings ADD CONSTRAINT filings_pkey PRIMARY KEY (id);\nDROP TABLE scratch;\n',
    };
    const found = analyseInProject(files, 'db/V1__tables.sql').filter((f) => f.ruleId === ID);
    assert.deepEqual(found.map((f) => f.message), ['Table audit has no primary key.']);
  });
});
