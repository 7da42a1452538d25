import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';

const ID = 'require-lock-timeout';

describe(ID, () => {
  it('reports the first uncovered ACCESS EXCLUSIVE statement once, with an indented SET before it', () => {
    const sql = 'BEGIN;\n  ALTER TABLE a ADD COLUMN x int;\n  ALTER TABLE b DROP COLUMN y;\nCOMMIT;';
    const findings = lintWithRule(ID, sql);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /ACCESS EXCLUSIVE lock on a /);
    assert.equal(fixed(sql, findings), "BEGIN;\n  SET lock_timeout = '5s';\n  ALTER TABLE a ADD COLUMN x int;\n  ALTER TABLE b DROP COLUMN y;\nCOMMIT;");
  });

  it('reports again after the timeout is reset', () => {
    const sql = "SET lock_timeout = '2s';\nALTER TABLE a ADD COLUMN x int;\nSET lock_timeout = 0;\nALTER TABLE b ADD COLUMN y int;\nALTER TABLE c ADD COLUMN z int;";
    assert.deepEqual(lintWithRule(ID, sql).map((f) => /on (\w+)/.exec(f.message)?.[1]), ['b']);
    const local = "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE a ADD COLUMN x int;\nCOMMIT;\nALTER TABLE b ADD COLUMN y int;";
    assert.deepEqual(lintWithRule(ID, local).map((f) => /on (\w+)/.exec(f.message)?.[1]), ['b']);
  });

  it('ignores weaker locks, new relations, down migrations and pg_dump output', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE INDEX i ON a (x);\nALTER TABLE a ALTER COLUMN x SET STATISTICS 100;\nALTER TABLE a ADD FOREIGN KEY (x) REFERENCES b;'), []);
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int;\nCREATE SEQUENCE s;\nALTER SEQUENCE s OWNED BY t.id;\nALTER TABLE s OWNER TO app;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE a DROP COLUMN x;', { fileName: '001.down.sql' }), []);
    assert.deepEqual(lintWithRule(ID, '--\n-- Name: a; Type: TABLE; Schema: public; Owner: app\n--\nALTER TABLE public.a OWNER TO app;'), []);
  });

  it('counts the version: ATTACH PARTITION takes ACCESS EXCLUSIVE on the parent before 12', () => {
    const sql = 'ALTER TABLE m ATTACH PARTITION m_1 FOR VALUES IN (1);';
    assert.match(lintWithRule(ID, sql, { postgresVersion: 11 })[0].message, /on m, m_1/);
    assert.match(lintWithRule(ID, sql, { postgresVersion: 12 })[0].message, /on m_1 /);
  });
});
