import { strict as assert } from 'node:assert';
import { parseStatementText } from '../../../core/parse/parser';
import { classifyStatement } from '../../../core/db/statement-kind';
import { explainOptions } from '../../../core/db/explain-runner';

const classify = (sql: string) => classifyStatement(parseStatementText(sql).stmts[0]?.stmt);

describe('what EXPLAIN may do with a statement', () => {
  it('tells queries, data changes and other explainable statements apart', () => {
    assert.equal(classify('SELECT * FROM t WHERE a = 1').kind, 'query');
    assert.equal(classify('VALUES (1), (2)').kind, 'query');
    assert.equal(classify('UPDATE t SET a = 1').kind, 'dml');
    assert.equal(classify('MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE').kind, 'dml');
    assert.equal(classify('WITH gone AS (DELETE FROM t RETURNING *) SELECT count(*) FROM gone').kind, 'dml', 'a data-modifying CTE');
    assert.equal(classify('CREATE TABLE x AS SELECT 1').kind, 'utility-explainable');
  });

  it('says what running the statement changes: data-changing statements, CREATE TABLE AS, SELECT INTO, EXECUTE', () => {
    assert.equal(classify('SELECT * FROM t').dataChange, undefined);
    assert.equal(classify('DECLARE c CURSOR FOR SELECT * FROM t').dataChange, undefined);
    assert.equal(classify('UPDATE t SET a = 1').dataChange, 'changes rows of t');
    assert.equal(classify('WITH gone AS (DELETE FROM s.t RETURNING *) SELECT count(*) FROM gone').dataChange, 'changes rows of s.t');
    assert.equal(classify('CREATE TABLE x AS SELECT 1').dataChange, 'creates table x and fills it');
    assert.equal(classify('CREATE MATERIALIZED VIEW m AS SELECT 1').dataChange, 'creates materialized view m and fills it');
    assert.equal(classify('SELECT 1 AS a INTO x').dataChange, 'creates table x (SELECT INTO)');
    assert.match(classify('EXECUTE p(1)').dataChange ?? '', /prepared statement/);
  });

  it('refuses what cannot be explained or rolled back, with the reason', () => {
    assert.match(classify('VACUUM t').refusal ?? '', /VACUUM/);
    assert.match(classify('CREATE INDEX CONCURRENTLY i ON t (a)').refusal ?? '', /CREATE INDEX/);
    // What a function does is the catalog's to say (side-effects.ts): by name alone, dblink_exec is explainable.
    assert.equal(classify("SELECT dblink_exec('host=x', 'DELETE FROM t')").kind, 'query');
    assert.match(classify('ALTER TABLE t ADD COLUMN b int').refusal ?? '', /, not ALTER TABLE\.$/, 'the command as the user wrote it, not the parser node');
  });

  it('counts parameters', () => {
    assert.equal(classify('SELECT * FROM t WHERE a = $1 AND b > $2').parameterCount, 2);
  });

  it('asks only for options the server version has', () => {
    assert.equal(explainOptions(11, false), 'FORMAT JSON, VERBOSE');
    assert.equal(explainOptions(12, true), 'ANALYZE, FORMAT JSON, VERBOSE, BUFFERS, SETTINGS');
    // Never GENERIC_PLAN: the generic plan is EXPLAIN EXECUTE of a prepared statement on every version (see generic-plan.ts).
    assert.equal(explainOptions(16, false), 'FORMAT JSON, VERBOSE, BUFFERS, SETTINGS');
    assert.equal(explainOptions(15, true), 'ANALYZE, FORMAT JSON, VERBOSE, BUFFERS, SETTINGS, WAL');
  });
});
