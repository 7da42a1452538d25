// prefer-lookup-table-over-enum: where it reports, what stays quiet, and that it is opt-in (off unless configured).
import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { lintWithRule, reported } from './migration-safety-helpers';

const ID = 'prefer-lookup-table-over-enum';

describe(ID, () => {
  it('reports each CREATE TYPE ... AS ENUM at AS ENUM, with the qualified name', () => {
    const sql = "CREATE TYPE app.status AS ENUM ('a', 'b');\nCREATE TYPE \"Kind\" AS ENUM ();";
    const findings = lintWithRule(ID, sql);
    assert.deepEqual(reported(sql, findings), ['AS ENUM', 'AS ENUM']);
    assert.match(findings[0].message, /^Enum app\.status:/);
    assert.match(findings[1].message, /^Enum Kind:/);
  });
  it('is quiet for other types, ALTER TYPE, down migrations and pg_dump output', () => {
    assert.deepEqual(lintWithRule(ID, "CREATE TYPE pair AS (a int, b int);\nCREATE TYPE r AS RANGE (subtype = int4);\nALTER TYPE s ADD VALUE 'c';"), []);
    assert.deepEqual(lintWithRule(ID, "CREATE TYPE s AS ENUM ('a');", { fileName: 'db/6.down.sql' }), []);
    assert.deepEqual(lintWithRule(ID, "--\n-- PostgreSQL database dump\n--\nCREATE TYPE s AS ENUM ('a');"), []);
  });
  it('is opt-in: off by default, reported with hint severity once turned on', () => {
    const sql = "CREATE TYPE s AS ENUM ('a');";
    assert.deepEqual(lintText(sql, { fileName: 'a.sql' }).findings.filter((x) => x.ruleId === ID), []);
    const [f] = lintText(sql, { fileName: 'a.sql', config: { ...DEFAULT_CONFIG, rules: { [ID]: 'hint' } } }).findings.filter((x) => x.ruleId === ID);
    assert.equal(f.severity, 'hint');
  });
});
