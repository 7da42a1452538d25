import { strict as assert } from 'node:assert';
import { lintWithRule, reported } from './migration-safety-helpers';

const ID = 'renaming-enum-value';

describe(ID, () => {
  it('reports RENAME VALUE of an existing type, naming the type and both labels', () => {
    const sql = "ALTER TYPE app.\"OrderStatus\" RENAME VALUE 'canceled' TO 'cancelled';";
    const findings = lintWithRule(ID, sql);
    assert.deepEqual(reported(sql, findings), ['RENAME VALUE']);
    assert.match(findings[0].message, /^Renaming app\."OrderStatus" value 'canceled' to 'cancelled' breaks every query, function and deployed application version that still uses 'canceled'\. Add the new value/);
  });

  it('is quiet for enums created earlier in the file, ADD VALUE, down migrations and before PostgreSQL 10', () => {
    assert.deepEqual(lintWithRule(ID, "CREATE TYPE s AS ENUM ('a');\nALTER TYPE s RENAME VALUE 'a' TO 'b';"), []);
    assert.deepEqual(lintWithRule(ID, "ALTER TYPE s ADD VALUE 'b';"), []);
    assert.deepEqual(lintWithRule(ID, "ALTER TYPE s RENAME VALUE 'a' TO 'b';", { fileName: 'db/2_x.down.sql' }), []);
    assert.deepEqual(lintWithRule(ID, "ALTER TYPE s RENAME VALUE 'a' TO 'b';", { postgresVersion: 9.6 }), []);
  });
});
