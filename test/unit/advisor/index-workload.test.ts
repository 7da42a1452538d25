// The pure parts of the workload index advisor: which pg_stat_statements texts are advised on and why the others
// are skipped (real parser), the recommendations grouped by index with gains weighted by calls, the view's query
// for old and new column names, and the PREPARE route's retry of a parameter PostgreSQL could not type.
import { strict as assert } from 'node:assert';
import { createIndexSql, groupByIndex, indexName, offersIndexAdvice, skipReason, type CandidateOutcome, type IndexCandidate, type StatementStatistics, type WorkloadItem } from '../../../core/advisor/indexes';
import { topStatementsSql } from '../../../core/advisor/indexes/statement-statistics';
import { indeterminateParameter, prepareSql } from '../../../core/db/generic-plan';
import { parseStatementText } from '../../../core/parse/parser';

describe('workload index advisor: which statements are advised', () => {
  it('advises on queries that read user tables, $n placeholders and all', () => {
    for (const sql of [
      'SELECT * FROM orders WHERE customer_id = $1',
      'UPDATE orders SET status = $1 WHERE id = $2',
      'DELETE FROM sessions WHERE expires_at < $1',
      'WITH recent AS (SELECT * FROM orders WHERE created_at > $1) SELECT count(*) FROM recent',
      'INSERT INTO archive SELECT * FROM orders WHERE created_at < $1',
      '/* app=shop */ SELECT * FROM pg_catalog.pg_class c JOIN orders o ON o.id = c.oid::int',
    ]) {
      assert.equal(skipReason(sql), undefined, sql);
    }
  });

  it('skips what no index speeds up, saying why', () => {
    const cases: [string, RegExp][] = [
      ['SET work_mem = $1', /^SET is not a query/],
      ['BEGIN', /^BEGIN is not a query/],
      ['/* migration */ CREATE TABLE t (id int)', /^CREATE is not a query/],
      ['VACUUM orders', /^VACUUM is not a query/],
      ['INSERT INTO orders (id, status) VALUES ($1, $2)', /INSERT \.\.\. VALUES reads no rows/],
      ['SELECT pg_stat_statements_reset()', /reads no table/],
      ['SELECT $1', /reads no table/],
      ['WITH x AS (SELECT $1 AS a) SELECT * FROM x', /reads no table/],
      ['SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace', /only system catalogs/],
      ['SELECT * FROM information_schema.tables', /only system catalogs/],
      ['SELECT query FROM public.pg_stat_statements ORDER BY total_exec_time DESC', /only system catalogs/],
      ['<insufficient privilege>', /pg_read_all_stats/],
      ['SELECT * FROM', /does not parse/],
      ['', /No statement text/],
    ];
    for (const [sql, reason] of cases) assert.match(skipReason(sql) ?? 'advised', reason, sql);
  });
});

describe('workload index advisor: the statements the editor offers "Find indexes" on', () => {
  const offers = (sql: string): boolean => offersIndexAdvice(parseStatementText(sql).stmts[0]?.stmt);
  it('SELECT, UPDATE and DELETE of user tables', () => {
    assert.deepEqual(
      ['SELECT * FROM orders WHERE id = 1', 'UPDATE orders SET status = $1 WHERE customer_id = $2', 'DELETE FROM orders WHERE placed_at < now()', 'WITH r AS (SELECT 1) SELECT * FROM orders, r'].map(offers),
      [true, true, true, true],
    );
  });
  it('not INSERT, DDL, SELECT INTO, catalog queries or SELECT without a table', () => {
    assert.deepEqual(
      ['INSERT INTO orders SELECT * FROM old_orders', 'CREATE INDEX ON orders (id)', 'SELECT * INTO copy FROM orders', 'SELECT * FROM pg_catalog.pg_class', 'SELECT now()'].map(offers),
      [false, false, false, false, false],
    );
    assert.equal(offersIndexAdvice(undefined), false);
  });
});

const statement = (query: string, calls: number): StatementStatistics => ({ queryId: String(calls), query, calls, totalTimeMs: calls * 2, meanTimeMs: 2, rows: calls });

const candidate = (table: string, column: string): IndexCandidate => ({ schema: 'public', table, method: 'btree', columns: [{ column }], include: [], equalityPrefix: 1, reason: `equality on ${column}` });

function outcome(c: IndexCandidate, status: CandidateOutcome['status'], costAfter: number): CandidateOutcome {
  return { candidate: c, name: indexName(c), sql: createIndexSql(c), status, verdict: '', route: 'hypopg', costAfter, reduction: 0.9, sizeBytes: 8192 };
}

function advised(s: StatementStatistics, costBefore: number, outcomes: CandidateOutcome[]): WorkloadItem {
  return { statement: s, advice: { sql: s.query, route: 'hypopg', costBefore, outcomes, covered: [], notes: [] } };
}

describe('workload index advisor: recommendations grouped by index', () => {
  const byCustomer = candidate('orders', 'customer_id');
  const byEmail = candidate('customers', 'email');

  it('reports an index once for every statement it serves, gains weighted by calls, the greatest first', () => {
    const a = statement('SELECT * FROM orders WHERE customer_id = $1', 1000);
    const b = statement('SELECT count(*) FROM orders WHERE customer_id = $1', 10);
    const c = statement('SELECT * FROM customers WHERE email = $1', 5);
    const items: WorkloadItem[] = [
      advised(a, 2000, [outcome(byCustomer, 'recommended', 10), outcome(candidate('orders', 'status'), 'rejected', 1990)]),
      advised(b, 2100, [outcome(byCustomer, 'recommended', 50)]),
      advised(c, 900, [outcome(byEmail, 'recommended', 8), outcome(candidate('customers', 'name'), 'alternative', 9)]),
      { statement: statement('SET work_mem = $1', 3), skipped: 'SET is not a query' },
    ];
    const grouped = groupByIndex(items);
    assert.deepEqual(grouped.map((g) => g.sql), [createIndexSql(byCustomer), createIndexSql(byEmail)]);
    const [first, second] = grouped;
    assert.deepEqual(first.statements.map((s) => [s.statement.query, s.costBefore, s.costAfter, s.gainPerCall]), [
      [a.query, 2000, 10, 1990],
      [b.query, 2100, 50, 2050],
    ]);
    assert.equal(first.weightedGain, 1000 * 1990 + 10 * 2050);
    assert.equal(second.weightedGain, 5 * 892);
    assert.equal(first.name, 'orders_customer_id_idx');
    assert.equal(first.route, 'hypopg');
  });

  it('orders by weighted gain, not by the gain of one call', () => {
    const rare = statement('SELECT * FROM customers WHERE email = $1', 1);
    const frequent = statement('SELECT * FROM orders WHERE customer_id = $1', 500);
    const grouped = groupByIndex([advised(rare, 100_000, [outcome(byEmail, 'recommended', 10)]), advised(frequent, 500, [outcome(byCustomer, 'recommended', 10)])]);
    assert.deepEqual(grouped.map((g) => [g.name, g.weightedGain]), [['orders_customer_id_idx', 245_000], ['customers_email_idx', 99_990]]);
  });

  it('nothing recommended, nothing grouped', () => {
    assert.deepEqual(groupByIndex([advised(statement('SELECT 1 FROM t', 1), 50, [outcome(byCustomer, 'rejected', 49)])]), []);
    assert.deepEqual(groupByIndex([]), []);
  });
});

describe('workload index advisor: reading pg_stat_statements and planning without values', () => {
  it('uses total_exec_time + total_plan_time where the view has them, total_time before PostgreSQL 13', () => {
    const modern = topStatementsSql('public', new Set(['query', 'calls', 'total_exec_time', 'total_plan_time']));
    assert.match(modern, /sum\(s\.total_exec_time \+ s\.total_plan_time\)/);
    assert.match(modern, /FROM public\.pg_stat_statements s/);
    assert.match(modern, /HAVING sum\(s\.calls\) >= \$1/);
    assert.match(modern, /LIMIT \$2/);
    assert.match(topStatementsSql('Monitoring', new Set(['query', 'calls', 'total_time'])), /sum\(s\.total_time\)[\s\S]*FROM "Monitoring"\.pg_stat_statements/);
  });

  it('declares types only once one had to be, and retries only on an untyped parameter', () => {
    assert.equal(prepareSql('p', 'SELECT * FROM t WHERE a = $1', ['unknown']), 'PREPARE p AS SELECT * FROM t WHERE a = $1');
    assert.equal(prepareSql('p', 'SELECT * FROM t WHERE a = $1 AND $2 IS NULL', ['unknown', 'text']), 'PREPARE p(unknown, text) AS SELECT * FROM t WHERE a = $1 AND $2 IS NULL');
    const untyped = Object.assign(new Error('could not determine data type of parameter $2'), { failure: { kind: 'other', message: 'could not determine data type of parameter $2', code: '42P18' } });
    assert.equal(indeterminateParameter(untyped), 2);
    assert.equal(indeterminateParameter(Object.assign(new Error('could not determine data type of parameter $3'), { code: '42P18' })), 3, 'PGlite carries the code on the error');
    assert.equal(indeterminateParameter(Object.assign(new Error('relation "x" does not exist ($1)'), { code: '42P01' })), undefined);
  });
});
