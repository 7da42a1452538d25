// Edge cases and false-positive guards of the fourth batch of rules (their documented examples run in rule-examples):
// require-check-before-attach-partition, running-statement-while-holding-access-exclusive,
// leading-wildcard-like, plpgsql-unused-parameter.
import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { LineIndex } from '../../../core/parse/positions';
import { fixed, lintWithRule, reported } from './migration-safety-helpers';

/** Ids of the rules reporting anything in `sql` (every rule, default settings). */
function rulesReporting(sql: string, fileName = 'migrations/002_change.sql'): string[] {
  return lintText(sql, { fileName, config: DEFAULT_CONFIG }).findings.map((f) => f.ruleId);
}

describe('require-check-before-attach-partition', () => {
  const ID = 'require-check-before-attach-partition';
  const attach = "ALTER TABLE m ATTACH PARTITION m_2020 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');";
  it('reports ATTACH PARTITION of an existing table, and of a default partition', () => {
    assert.deepEqual(reported(attach, lintWithRule(ID, attach)), ['ATTACH PARTITION m_2020']);
    const [f] = lintWithRule(ID, 'ALTER TABLE m ATTACH PARTITION app.m_other DEFAULT;');
    assert.match(f.message, /default partition/);
    assert.deepEqual(reported('ALTER TABLE m ATTACH PARTITION app.m_other DEFAULT;', [f]), ['ATTACH PARTITION app.m_other']);
  });
  it('names the parent lock before PostgreSQL 12 only', () => {
    assert.match(lintWithRule(ID, attach, { postgresVersion: 11 })[0].message, /m locked ACCESS EXCLUSIVE too/);
    assert.doesNotMatch(lintWithRule(ID, attach)[0].message, /too/);
  });
  it('is quiet after a valid CHECK on the child (plain, or NOT VALID then validated), not after an unvalidated one', () => {
    assert.deepEqual(lintWithRule(ID, `ALTER TABLE m_2020 ADD CHECK (at >= '2020-01-01');\n${attach}`), []);
    assert.deepEqual(lintWithRule(ID, `ALTER TABLE m_2020 ADD CONSTRAINT b CHECK (at IS NOT NULL) NOT VALID;\nALTER TABLE m_2020 VALIDATE CONSTRAINT b;\n${attach}`), []);
    assert.equal(lintWithRule(ID, `ALTER TABLE m_2020 ADD CONSTRAINT b CHECK (at IS NOT NULL) NOT VALID;\n${attach}`).length, 1);
    assert.equal(lintWithRule(ID, `ALTER TABLE other ADD CHECK (at IS NOT NULL);\n${attach}`).length, 1, 'a CHECK on another table proves nothing');
  });
  it('is quiet for children created in the file (tables, foreign tables), ALTER INDEX ... ATTACH, down migrations and dumps', () => {
    assert.deepEqual(lintWithRule(ID, `CREATE TABLE m_2020 (LIKE m);\n${attach}`), []);
    assert.deepEqual(lintWithRule(ID, `CREATE FOREIGN TABLE m_2020 (at date) SERVER s;\n${attach}`), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER INDEX m_idx ATTACH PARTITION m_2020_idx;'), []);
    assert.deepEqual(lintWithRule(ID, attach, { fileName: 'db/004.down.sql' }), []);
    assert.deepEqual(lintWithRule(ID, `--\n-- PostgreSQL database dump\n--\n${attach}`), []);
  });
  it('writes the CHECK from a one-column RANGE or LIST key of a parent in the file, outside transactions only', () => {
    const list = "CREATE TABLE p (region text, v int) PARTITION BY LIST (region);\nALTER TABLE p ATTACH PARTITION p_eu FOR VALUES IN ('de', 'fr''s');";
    assert.equal(
      fixed(list, lintWithRule(ID, list)),
      "CREATE TABLE p (region text, v int) PARTITION BY LIST (region);\nALTER TABLE p_eu ADD CONSTRAINT p_eu_partition_check CHECK (region IS NOT NULL AND region IN ('de', 'fr''s')) NOT VALID;\n" +
        "ALTER TABLE p_eu VALIDATE CONSTRAINT p_eu_partition_check;\nALTER TABLE p ATTACH PARTITION p_eu FOR VALUES IN ('de', 'fr''s');\nALTER TABLE p_eu DROP CONSTRAINT p_eu_partition_check;",
    );
    const open = 'CREATE TABLE r (n int) PARTITION BY RANGE (n);\nALTER TABLE r ATTACH PARTITION r_low FOR VALUES FROM (MINVALUE) TO (-1);';
    assert.match(fixed(open, lintWithRule(ID, open)), /CHECK \(n IS NOT NULL AND n < -1\) NOT VALID/);
    const expression = 'CREATE TABLE r (n int) PARTITION BY RANGE ((n % 10));\nALTER TABLE r ATTACH PARTITION r_low FOR VALUES FROM (0) TO (5);';
    assert.equal(lintWithRule(ID, expression)[0].fixes.length, 0, 'an expression key cannot be proven by a CHECK');
    assert.equal(lintWithRule(ID, attach)[0].fixes.length, 0, 'the parent key is unknown');
    assert.equal(lintWithRule(ID, `BEGIN;\nCREATE TABLE m (at date) PARTITION BY RANGE (at);\n${attach}\nCOMMIT;`)[0].fixes.length, 0, 'in one transaction the ADD CONSTRAINT lock lasts through the validation');
    assert.equal(lintWithRule(ID, "CREATE TABLE h (n int) PARTITION BY HASH (n);\nALTER TABLE h ATTACH PARTITION h0 FOR VALUES WITH (MODULUS 2, REMAINDER 0);")[0].fixes.length, 0);
  });
});

describe('running-statement-while-holding-access-exclusive', () => {
  const ID = 'running-statement-while-holding-access-exclusive';
  it('reports long work after an ACCESS EXCLUSIVE lock in the same transaction, naming the table and line', () => {
    const sql = 'BEGIN;\nALTER TABLE customers ADD COLUMN note text;\nCREATE INDEX orders_at_idx ON orders (at);\nCOMMIT;';
    const [f, ...rest] = lintWithRule(ID, sql);
    assert.equal(rest.length, 0);
    assert.deepEqual(reported(sql, [f]), ['CREATE INDEX orders_at_idx ON orders (at);']);
    assert.match(f.message, /^Building index orders_at_idx on orders runs while this transaction holds ACCESS EXCLUSIVE on customers \(since the ALTER TABLE on line 2\)/);
  });
  it('counts the file as one transaction when assumeInTransaction is set, and follows explicit blocks', () => {
    const sql = "ALTER TABLE t ADD COLUMN s text;\nUPDATE t SET s = 'x';";
    assert.deepEqual(lintWithRule(ID, sql), []);
    assert.equal(lintWithRule(ID, sql, { assumeInTransaction: true }).length, 1);
    assert.deepEqual(lintWithRule(ID, "BEGIN;\nALTER TABLE t ADD COLUMN s text;\nCOMMIT;\nBEGIN;\nUPDATE t SET s = 'x';\nCOMMIT;"), []);
    assert.deepEqual(lintWithRule(ID, sql, { assumeInTransaction: true, fileName: 'db/5.down.sql' }), []);
    // dbmate's transaction:false sends the section as one query: with two statements PostgreSQL still runs them in
    // one implicit transaction (amacneil/dbmate#182, #285), so the lock is held; one statement alone is free.
    assert.equal(lintWithRule(ID, `-- migrate:up transaction:false\n${sql}`).length, 1, 'dbmate section without a transaction, two statements');
    assert.deepEqual(lintWithRule(ID, `-- migrate:up transaction:false\n${sql}\n-- migrate:down\nSELECT 1;`).length, 1);
    assert.equal(lintWithRule(ID, `-- migrate:up\n${sql}`).length, 1, 'dbmate runs sections in a transaction');
  });
  it('is quiet for quick statements, new tables, dropped tables and locks the statement takes itself', () => {
    const quick = "BEGIN;\nALTER TABLE t ADD COLUMN s text;\nSET LOCAL statement_timeout = '5s';\nINSERT INTO log VALUES (1, 'x');\nCOMMENT ON COLUMN t.s IS 'x';\nSELECT 1;\nCOMMIT;";
    assert.deepEqual(lintWithRule(ID, quick), []);
    assert.deepEqual(lintWithRule(ID, "BEGIN;\nCREATE TABLE n (id int);\nALTER TABLE n ADD COLUMN s text;\nUPDATE t SET s = 'x';\nCOMMIT;"), []);
    assert.deepEqual(lintWithRule(ID, "BEGIN;\nDROP TABLE old_t;\nUPDATE t SET s = 'x';\nCOMMIT;"), []);
    // The second ALTER takes ACCESS EXCLUSIVE on t itself: holding it already changes nothing (combine-alter-table-statements' case).
    assert.deepEqual(lintWithRule(ID, 'BEGIN;\nALTER TABLE t ADD COLUMN s text;\nALTER TABLE t ALTER COLUMN v TYPE bigint;\nCOMMIT;'), []);
    assert.deepEqual(lintWithRule(ID, 'BEGIN;\nALTER TABLE t ADD COLUMN s text;\nINSERT INTO n VALUES (1);\nCOMMIT;'), []);
  });
  it('reports once per newly held lock', () => {
    const sql = "BEGIN;\nALTER TABLE t ADD COLUMN s text;\nUPDATE t SET s = 'x';\nUPDATE t SET s = 'y';\nALTER TABLE u ADD COLUMN s text;\nDELETE FROM u WHERE s IS NULL;\nCOMMIT;";
    assert.deepEqual(reported(sql, lintWithRule(ID, sql)), ["UPDATE t SET s = 'x';", 'DELETE FROM u WHERE s IS NULL;']);
  });
  it('does not repeat constraint-missing-not-valid, but names a held lock on another table', () => {
    const sameTable = 'BEGIN;\nALTER TABLE t ADD COLUMN s text;\nALTER TABLE t ADD CONSTRAINT t_u FOREIGN KEY (u) REFERENCES u;\nCOMMIT;';
    assert.deepEqual(lintWithRule(ID, sameTable), []);
    const validate = 'BEGIN;\nALTER TABLE t ADD CONSTRAINT c CHECK (v > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT c;\nCOMMIT;';
    assert.deepEqual(lintWithRule(ID, validate), []);
    assert.ok(rulesReporting(validate).includes('constraint-missing-not-valid'));
    const other = 'BEGIN;\nALTER TABLE t ADD COLUMN s text;\nALTER TABLE u VALIDATE CONSTRAINT c;\nCOMMIT;';
    assert.match(lintWithRule(ID, other)[0].message, /scans u, runs while this transaction holds ACCESS EXCLUSIVE on t /);
  });
  it('resolves DROP INDEX to the table of an index created in the file, and names unknown ones honestly', () => {
    const known = 'CREATE INDEX a_idx ON t (a);\nBEGIN;\nDROP INDEX a_idx;\nCREATE INDEX b_idx ON t (b);\nCOMMIT;';
    assert.match(lintWithRule(ID, known)[0].message, /holds ACCESS EXCLUSIVE on t \(since the DROP INDEX on line 3\)/);
    const unknown = 'BEGIN;\nDROP INDEX a_idx;\nCREATE INDEX b_idx ON t (b);\nCOMMIT;';
    assert.match(lintWithRule(ID, unknown)[0].message, /on the table of index a_idx/);
    // Its table may be the one the scanning ALTER locks itself: not reported.
    assert.deepEqual(lintWithRule(ID, 'BEGIN;\nDROP INDEX a_idx;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\nCOMMIT;'), []);
  });
  it('is quiet in pg_dump output', () => {
    assert.deepEqual(lintWithRule(ID, "--\n-- PostgreSQL database dump\n--\nBEGIN;\nALTER TABLE t ADD COLUMN s text;\nUPDATE t SET s = 'x';\nCOMMIT;"), []);
  });
});

describe('leading-wildcard-like', () => {
  const ID = 'leading-wildcard-like';
  it('reports LIKE, ILIKE and ~~ with a leading % or _, marking column through pattern', () => {
    const sql = "SELECT 1 FROM t WHERE a LIKE '%abc' AND b ILIKE '_abc%' OR c ~~ '%abc%';";
    assert.deepEqual(reported(sql, lintWithRule(ID, sql)), ["a LIKE '%abc'", "b ILIKE '_abc%'", "c ~~ '%abc%'"]);
    const concat = "SELECT 1 FROM t JOIN u ON u.id = t.u WHERE t.name ILIKE '%' || $1 || '%';";
    assert.deepEqual(reported(concat, lintWithRule(ID, concat)), ["t.name ILIKE '%' || $1 || '%'"]);
    assert.equal(lintWithRule(ID, "DELETE FROM t WHERE a LIKE '%abc' ESCAPE '!';").length, 1);
    assert.equal(lintWithRule(ID, "UPDATE t SET b = 1 WHERE a LIKE '%abc'::text;").length, 1);
  });
  it('is quiet for prefixes, NOT LIKE, non-columns, patterns too short for trigrams, catalogs and trigram-indexed columns', () => {
    for (const sql of [
      "SELECT 1 FROM t WHERE a LIKE 'abc%';",
      "SELECT 1 FROM t WHERE a NOT LIKE '%abc';",
      "SELECT 1 FROM t WHERE lower(a) LIKE '%abc';",
      "SELECT 1 FROM t WHERE NOT (a LIKE '%abc');",
      "SELECT 1 FROM t WHERE a LIKE '%ab%';",
      "SELECT 1 FROM t WHERE a LIKE '%a_b%';",
      "SELECT 'abc' LIKE '%bc';",
      "SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE relname LIKE '%lock%';",
      "SELECT 1 FROM information_schema.tables WHERE table_name LIKE '%audit%';",
      "CREATE INDEX t_a_trgm ON t USING gist (a gist_trgm_ops);\nSELECT 1 FROM t WHERE a ILIKE '%abc%';",
      "SELECT 1 FROM t WHERE a ILIKE '%abc%';\nCREATE INDEX ON t USING gin (a gin_trgm_ops);",
      "CREATE TABLE t (a text CHECK (a LIKE '%abc'));",
    ]) {
      assert.deepEqual(lintWithRule(ID, sql), [], sql);
    }
    assert.equal(lintWithRule(ID, "SELECT 1 FROM t WHERE a LIKE '%a\\%bc';").length, 1, 'an escaped wildcard is a literal character');
  });
  it('reads queries inside PL/pgSQL bodies, with document positions', () => {
    const sql = "CREATE FUNCTION f(p text) RETURNS bigint LANGUAGE plpgsql AS $$\nBEGIN\n  RETURN (SELECT count(*) FROM t WHERE é_name LIKE '%' || p);\nEND $$;";
    assert.deepEqual(reported(sql, lintWithRule(ID, sql)), ["é_name LIKE '%' || p"]);
  });
  it('is not reported by non-sargable-predicate as well', () => {
    const ids = rulesReporting("SELECT 1 FROM t WHERE name LIKE '%son';");
    assert.ok(ids.includes(ID) && !ids.includes('non-sargable-predicate'));
  });
});

describe('plpgsql-unused-parameter', () => {
  const ID = 'plpgsql-unused-parameter';
  const fn = (params: string, body: string, returns = 'RETURNS int'): string => `CREATE FUNCTION f(${params}) ${returns} LANGUAGE plpgsql AS $$\nBEGIN\n${body}\nEND $$;`;
  it('reports an unused input parameter at its name in the header', () => {
    const sql = fn('a int, "Bé" text, VARIADIC rest int[]', '  RETURN 1;');
    assert.deepEqual(reported(sql, lintWithRule(ID, sql)), ['a', '"Bé"', 'rest']);
  });
  it('counts $n, function-qualified names, USING, ALIAS FOR, cursor arguments, defaults and loop bounds as uses', () => {
    for (const [params, body] of [
      ['a int', '  RETURN $1;'],
      ['a int', '  RETURN f.a;'],
      ['a int', "  EXECUTE 'SELECT $1' USING a;\n  RETURN 0;"],
      ['a int', '  DECLARE x ALIAS FOR $1;\n  BEGIN\n    RETURN x;\n  END;'],
      ['a int', '  FOR i IN 1..a LOOP\n    NULL;\n  END LOOP;\n  RETURN 0;'],
      ['a int', '  DECLARE x int := a;\n  BEGIN\n    RETURN x;\n  END;'],
      ['a int', '  DECLARE c CURSOR (k int) FOR SELECT k;\n  BEGIN\n    OPEN c(a);\n    RETURN 0;\n  END;'],
      ['a text', '  RAISE NOTICE USING MESSAGE = a;\n  RETURN 0;'],
      ['int, b int', '  RETURN b;'],
    ] as const) {
      assert.deepEqual(lintWithRule(ID, fn(params, body)), [], `${params}: ${body}`);
    }
  });
  it('does not take a name inside a string or comment for a use', () => {
    const sql = fn('a int', "  -- a is unused\n  EXECUTE 'SELECT a';\n  RETURN 0;");
    assert.deepEqual(reported(sql, lintWithRule(ID, sql)), ['a']);
  });
  it('reports OUT and TABLE parameters never assigned, unless RETURN QUERY fills them; never INOUT', () => {
    const out = fn('a int, OUT total int, OUT n int', '  total := a;', '');
    const findings = lintWithRule(ID, out);
    assert.deepEqual(reported(out, findings), ['n']);
    assert.match(findings[0].message, /OUT parameter n is never assigned: it is always returned as NULL/);
    assert.deepEqual(lintWithRule(ID, fn('a int', '  RETURN QUERY SELECT a, a;', 'RETURNS TABLE (x int, y int)')), []);
    const table = fn('a int', '  x := a;\n  RETURN NEXT;', 'RETURNS TABLE (x int, y int)');
    assert.deepEqual(reported(table, lintWithRule(ID, table)), ['y']);
    assert.deepEqual(lintWithRule(ID, fn('INOUT a int', '  RETURN;', '')), []);
  });
  it('skips trigger functions, DO blocks, SQL functions and aggregate, operator and cast support functions', () => {
    assert.deepEqual(lintWithRule(ID, 'CREATE FUNCTION t() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;'), []);
    assert.deepEqual(lintWithRule(ID, 'DO $$ BEGIN PERFORM 1; END $$;'), []);
    assert.deepEqual(lintWithRule(ID, 'CREATE FUNCTION s(a int) RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;'), []);
    const aggregate = fn('state int, value int', '  RETURN state + 1;') + '\nCREATE AGGREGATE cnt(int) (sfunc = f, stype = int);';
    assert.deepEqual(lintWithRule(ID, aggregate), []);
    const operator = 'CREATE OPERATOR === (leftarg = int, rightarg = int, function = public.f);\n' + fn('a int, b int', '  RETURN a;');
    assert.deepEqual(lintWithRule(ID, operator), []);
    assert.deepEqual(lintWithRule(ID, fn('a int', '  RETURN 1;') + '\nCREATE CAST (int AS x) WITH FUNCTION f(int);'), []);
  });
  it('places findings in UTF-16 columns after non-ASCII text', () => {
    const sql = `-- prüfen 🐘\n${fn('é int, unused_p int', '  RETURN é;')}`;
    const [f] = lintWithRule(ID, sql);
    const lines = new LineIndex(sql);
    const start = lines.positionAt(f.range.start);
    assert.equal(sql.slice(f.range.start, f.range.end), 'unused_p');
    assert.deepEqual(start, { line: 1, character: 'CREATE FUNCTION f(é int, '.length });
  });
});
