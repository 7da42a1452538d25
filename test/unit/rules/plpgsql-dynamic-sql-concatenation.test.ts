// plpgsql-dynamic-sql-concatenation: unquoted variables glued into EXECUTE are reported; pieces that cannot carry
// SQL (safe types, quote_ident/quote_literal/format('%I'/'%L'), variables only ever set from those or from a CASE
// of literals) are not.
import { strict as assert } from 'node:assert';
import { fixed, lintWithRule, reported } from './migration-safety-helpers';

const ID = 'plpgsql-dynamic-sql-concatenation';
const fn = (body: string, head = 'CREATE FUNCTION f(t text, n int, id uuid, s text, p_desc boolean) RETURNS void LANGUAGE plpgsql AS $$\n'): string => `${head}${body}\n$$;`;
const marked = (sql: string) => reported(sql, lintWithRule(ID, sql));

describe(ID, () => {
  it('unsafe pieces, safe types, quoting functions and the format() fix', () => {
    assert.deepEqual(marked(fn("BEGIN\n  EXECUTE 'SELECT * FROM ' || t;\nEND")), ['t']);
    const a = fn("BEGIN\n  EXECUTE 'SELECT * FROM ' || t || ' WHERE n > ' || n;\nEND");
    assert.equal(fixed(a, lintWithRule(ID, a)), fn("BEGIN\n  EXECUTE format('SELECT * FROM %I WHERE n > %s', t, n);\nEND"));
    const b = fn("BEGIN\n  EXECUTE 'UPDATE x SET a = ' || quote_literal(s) || ' WHERE b = ''' || s || '''';\nEND");
    assert.equal(fixed(b, lintWithRule(ID, b)), fn("BEGIN\n  EXECUTE format('UPDATE x SET a = %L WHERE b = %L', s, s);\nEND"));
    assert.deepEqual(marked(fn("BEGIN\n  EXECUTE 'DELETE FROM x WHERE id = ''' || id || '''' ;\n  EXECUTE 'SELECT ' || n;\nEND")), []);
    const head = 'CREATE FUNCTION f(t text, s text) RETURNS SETOF record LANGUAGE plpgsql AS $$\n';
    const advice = lintWithRule(ID, fn("BEGIN\n  EXECUTE 'SELECT ' || s || ' FROM x';\n  RETURN QUERY EXECUTE 'SELECT * FROM ' || t;\nEND", head));
    assert.equal(advice.length, 2);
    assert.equal(advice[0].fixes.length, 0, 'a piece of unknown role: advice only');
    assert.equal(advice[1].fixes.length, 1);
  });

  it('a CASE of literals, inline or in a variable, is not injection', () => {
    assert.deepEqual(marked(fn("BEGIN\n  EXECUTE 'SELECT * FROM x ORDER BY id ' || CASE WHEN p_desc THEN 'DESC' ELSE 'ASC' END;\nEND")), []);
    const viaVariable = fn("DECLARE\n  v_dir text;\nBEGIN\n  v_dir := CASE WHEN p_desc THEN 'DESC' ELSE 'ASC' END;\n  EXECUTE 'SELECT * FROM x ORDER BY id ' || v_dir || ' LIMIT ' || n;\nEND");
    assert.deepEqual(marked(viaVariable), []);
    const simpleCase = fn("DECLARE\n  v_op text := '=';\nBEGIN\n  IF n > 0 THEN\n    v_op := CASE n WHEN 1 THEN '<' WHEN 2 THEN '>' END;\n  END IF;\n  EXECUTE 'SELECT * FROM x WHERE a ' || v_op || ' 0';\nEND");
    assert.deepEqual(marked(simpleCase), []);
  });

  it('variables built only from quote_ident/quote_literal/quote_nullable/format(%I, %L) are not injection', () => {
    const built = fn(
      "DECLARE\n  v_table text := quote_ident(t);\n  v_where text;\n  v_sql text;\nBEGIN\n" +
        "  v_where := ' WHERE s = ' || quote_nullable(s);\n  v_sql := format('DELETE FROM %I.%I', 'app', t) || v_where;\n" +
        "  EXECUTE 'TRUNCATE ' || v_table;\n  EXECUTE v_sql || ' AND id = ' || quote_literal(id);\n  EXECUTE 'SELECT 1 FROM ' || v_table || v_where;\nEND",
    );
    assert.deepEqual(marked(built), []);
    // Columns listed in a loop: v_cols := v_cols || ', ' || quote_ident(...) is built from itself and quoted pieces.
    const loop = fn("DECLARE\n  v_cols text := 'id';\n  c text;\nBEGIN\n  FOREACH c IN ARRAY ARRAY['a', 'b'] LOOP\n    v_cols := v_cols || ', ' || quote_ident(c);\n  END LOOP;\n  EXECUTE 'SELECT ' || v_cols || ' FROM x';\nEND");
    assert.deepEqual(marked(loop), []);
  });

  it('a variable that is also set from elsewhere (a parameter, SELECT INTO, FETCH, %s) is still reported', () => {
    assert.deepEqual(marked(fn("DECLARE\n  v_dir text;\nBEGIN\n  v_dir := CASE WHEN p_desc THEN 'DESC' ELSE s END;\n  EXECUTE 'SELECT * FROM x ORDER BY id ' || v_dir;\nEND")), ['v_dir']);
    assert.deepEqual(marked(fn("DECLARE\n  v_table text := quote_ident(t);\nBEGIN\n  SELECT name INTO v_table FROM tables_to_purge LIMIT 1;\n  EXECUTE 'TRUNCATE ' || v_table;\nEND")), ['v_table']);
    assert.deepEqual(marked(fn("DECLARE\n  v_table text := quote_ident(t);\nBEGIN\n  v_table := t;\n  EXECUTE 'TRUNCATE ' || v_table;\nEND")), ['v_table']);
    assert.deepEqual(marked(fn("DECLARE\n  v_sql text;\nBEGIN\n  v_sql := format('DELETE FROM x WHERE s = %s', s);\n  EXECUTE v_sql || ' AND true';\nEND")), ['v_sql']);
    assert.deepEqual(marked(fn("DECLARE\n  v_sql text;\nBEGIN\n  v_sql := 'DELETE FROM ' || t;\n  EXECUTE v_sql || ' WHERE true';\nEND")), ['v_sql']);
  });
});
