import { strict as assert } from 'node:assert';
import { lintWithRule, reported } from './migration-safety-helpers';

const ID = 'changing-tablespace';

describe(ID, () => {
  it('reports tables, indexes, materialized views and ALL IN TABLESPACE, at SET TABLESPACE', () => {
    const sql = 'ALTER TABLE orders SET TABLESPACE fast;\nALTER INDEX orders_idx SET TABLESPACE fast;\nALTER MATERIALIZED VIEW totals SET TABLESPACE fast;\nALTER TABLE ALL IN TABLESPACE slow SET TABLESPACE fast;';
    const findings = lintWithRule(ID, sql);
    assert.deepEqual(reported(sql, findings), ['SET TABLESPACE', 'SET TABLESPACE', 'SET TABLESPACE', 'SET TABLESPACE']);
    assert.match(findings[0].message, /^Moving table orders to tablespace fast copies all of it under ACCESS EXCLUSIVE: no reads or writes of orders until the copy ends\. Rebuild it online/);
    assert.match(findings[1].message, /^Moving index orders_idx .* Build a new index CONCURRENTLY in that tablespace and drop this one\.$/);
  });

  it('keeps quotes, and is quiet for relations created earlier in the file and down migrations', () => {
    assert.match(lintWithRule(ID, 'ALTER TABLE "Orders" SET TABLESPACE "Fast";')[0].message, /^Moving table "Orders" to tablespace "Fast"/);
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE t (id int);\nCREATE INDEX t_idx ON t (id);\nALTER INDEX t_idx SET TABLESPACE fast;\nALTER TABLE t SET TABLESPACE fast;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE orders SET TABLESPACE fast;', { fileName: 'db/2_x.down.sql' }), []);
  });
});
