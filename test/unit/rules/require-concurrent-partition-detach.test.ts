import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';
import { analyseInProject, applyFix } from './project-helpers';

const ID = 'require-concurrent-partition-detach';

describe(ID, () => {
  it('adds CONCURRENTLY, from PostgreSQL 14', () => {
    const detach = 'ALTER TABLE app.m DETACH PARTITION app.m_2020;';
    const findings = lintWithRule(ID, detach);
    assert.equal(fixed(detach, findings), 'ALTER TABLE app.m DETACH PARTITION app.m_2020 CONCURRENTLY;');
    assert.equal(findings[0].message, 'Detaching app.m_2020 locks app.m ACCESS EXCLUSIVE: every query on app.m waits. Use DETACH PARTITION ... CONCURRENTLY.');
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE m DETACH PARTITION p;', { postgresVersion: 13 }), []);
  });

  it('golang-migrate: a file of its own (a multi-statement file is one implicit transaction)', () => {
    const files = {
      'm/1_init.up.sql': "CREATE TABLE m (at date) PARTITION BY RANGE (at);\nCREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n",
      'm/2_detach.up.sql': 'ALTER TABLE m DETACH PARTITION m_2020;\nALTER TABLE m ADD COLUMN note text;\n',
    };
    const [finding] = analyseInProject(files, 'm/2_detach.up.sql').filter((f) => f.ruleId === ID);
    assert.match(finding.message, /in a migration file that holds only that statement \(golang-migrate sends the file as one multi-statement query/);
    const after = applyFix(files, 'm/2_detach.up.sql', finding.fixes[0]);
    assert.equal(after['m/2_detach.up.sql'], 'ALTER TABLE m ADD COLUMN note text;\n');
    assert.equal(after['m/3_detach_partition_m_2020_concurrently.up.sql'], 'ALTER TABLE m DETACH PARTITION m_2020 CONCURRENTLY;\n');
  });

  it('offers no move when a later statement of the file uses the partition (it would run before the detach)', () => {
    const files = {
      'm/1_init.up.sql': "CREATE TABLE m (at date) PARTITION BY RANGE (at);\nCREATE TABLE m_2020 PARTITION OF m FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n",
      'm/2_detach.up.sql': 'ALTER TABLE m DETACH PARTITION m_2020;\nDROP TABLE m_2020;\n',
    };
    const [finding] = analyseInProject(files, 'm/2_detach.up.sql').filter((f) => f.ruleId === ID);
    assert.deepEqual(finding.fixes, []);
    const block = 'BEGIN;\nALTER TABLE m DETACH PARTITION m_2020;\nALTER TABLE m_2020 RENAME TO m_2020_archive;\nCOMMIT;';
    assert.deepEqual(lintWithRule(ID, block)[0].fixes, []);
  });
});
