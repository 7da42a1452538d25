// plpgsql-select-into-without-strict: where it reports, and the code that already handles "no row" or
// "several rows": FOUND / ROW_COUNT / IS NULL checks, one-row queries, lookups by a key of a table the file creates.
import { strict as assert } from 'node:assert';
import { lintWithRule, reported } from './migration-safety-helpers';

const ID = 'plpgsql-select-into-without-strict';
const fn = (declare: string, body: string): string =>
  `CREATE FUNCTION f(p_id bigint, p_code text) RETURNS text LANGUAGE plpgsql AS $$\nDECLARE\n${declare}\nBEGIN\n${body}\nEND $$;`;
const SCHEMA =
  'CREATE TABLE customers (id bigint PRIMARY KEY, email text UNIQUE, tenant_id bigint, code text, referrer_id bigint, UNIQUE (tenant_id, code));\n' +
  'CREATE TABLE app.accounts (id bigint NOT NULL, name text, handle text);\n' +
  'CREATE UNIQUE INDEX ON app.accounts (handle) WHERE handle IS NOT NULL;\n';
const lint = (sql: string) => reported(sql, lintWithRule(ID, sql));

describe(ID, () => {
  it('is reported on INTO; one-row queries (LIMIT, aggregate, no FROM, RETURNING) are quiet', () => {
    const text = fn('  v int;', '  SELECT id INTO v FROM t WHERE k = p_id;\n  SELECT id INTO v FROM t LIMIT 1;\n  SELECT max(id) INTO v FROM t;\n  SELECT 1 INTO v;\n  INSERT INTO t (k) VALUES (1) RETURNING id INTO v;\n  RETURN v;');
    const findings = lintWithRule(ID, text);
    assert.deepEqual(reported(text, findings), ['INTO']);
    assert.equal(findings[0].range.start, text.indexOf('INTO v FROM t WHERE'));
  });

  it('aggregates without GROUP BY return one row; with GROUP BY they may return several', () => {
    assert.deepEqual(lint(fn('  n bigint;', '  SELECT count(*) INTO n FROM orders WHERE customer_id = p_id;\n  RETURN n;')), []);
    assert.deepEqual(lint(fn('  n bigint;', '  SELECT count(*) INTO n FROM orders GROUP BY customer_id;\n  RETURN n;')), ['INTO']);
  });

  it('FOUND, GET DIAGNOSTICS ... ROW_COUNT right after handle it', () => {
    assert.deepEqual(lint(fn('  v text;', '  SELECT email INTO v FROM users WHERE referrer_id = p_id;\n  IF NOT FOUND THEN RETURN NULL; END IF;\n  RETURN v;')), []);
    assert.deepEqual(lint(fn('  v text;\n  n bigint;', '  SELECT email INTO v FROM users WHERE referrer_id = p_id;\n  GET DIAGNOSTICS n = ROW_COUNT;\n  RETURN v || n;')), []);
    // FOUND is reset by every statement: a check two statements later is about the other one.
    assert.deepEqual(lint(fn('  v text;', '  SELECT email INTO v FROM users WHERE referrer_id = p_id;\n  PERFORM pg_notify(\'x\', \'y\');\n  IF NOT FOUND THEN RETURN NULL; END IF;\n  RETURN v;')), ['INTO']);
  });

  it('an IS NULL / IS NOT NULL test of the target where it is next read handles it', () => {
    assert.deepEqual(lint(fn('  v text;', "  SELECT email INTO v FROM users WHERE referrer_id = p_id;\n  IF v IS NULL THEN\n    RAISE EXCEPTION 'no user';\n  END IF;\n  RETURN v;")), []);
    assert.deepEqual(lint(fn('  v text;', '  SELECT email INTO v FROM users WHERE referrer_id = p_id;\n  IF v IS NOT NULL THEN RETURN v; END IF;\n  RETURN \'\';')), []);
    assert.deepEqual(lint(fn('  r record;', '  SELECT * INTO r FROM users WHERE referrer_id = p_id;\n  PERFORM pg_notify(\'x\', \'y\');\n  IF r.id IS NULL THEN RETURN NULL; END IF;\n  RETURN r.email;')), []);
    assert.deepEqual(lint(fn('  a text;\n  b text;', '  SELECT email, name INTO a, b FROM users WHERE referrer_id = p_id;\n  ASSERT b ISNULL;\n  RETURN a;')), []);
    assert.deepEqual(lint(fn('  r jsonb;', "  SELECT to_jsonb(u) INTO r FROM users u WHERE referrer_id = p_id;\n  IF r ->> 'role' IS NULL THEN\n    RAISE EXCEPTION 'Not found';\n  END IF;\n  RETURN r;")), []);
    // Filled again before the test: the test is about the second value.
    assert.deepEqual(lint(fn('  v text;', '  SELECT email INTO v FROM users WHERE referrer_id = p_id;\n  SELECT email INTO STRICT v FROM users WHERE id = p_id;\n  IF v IS NULL THEN RETURN NULL; END IF;\n  RETURN v;')), ['INTO']);
    // Read first without a test: the NULL has already been used.
    assert.deepEqual(lint(fn('  v text;', '  SELECT email INTO v FROM users WHERE referrer_id = p_id;\n  PERFORM log_email(v);\n  IF v IS NULL THEN RETURN NULL; END IF;\n  RETURN v;')), ['INTO']);
    assert.deepEqual(lint(fn('  v text;\n  w text;', '  SELECT email INTO v FROM users WHERE referrer_id = p_id;\n  IF w IS NULL THEN RETURN v; END IF;\n  RETURN v;')), ['INTO']);
  });

  it('an equality lookup on every column of a primary key or unique constraint of a table the file creates returns at most one row', () => {
    const quiet = [
      'SELECT email INTO v FROM customers WHERE id = p_id',
      'SELECT email INTO v FROM public.customers c WHERE c.id = p_id AND c.referrer_id IS NOT NULL',
      "SELECT code INTO v FROM customers WHERE email = lower(p_code)",
      'SELECT email INTO v FROM customers WHERE p_code = code AND tenant_id = p_id',
    ];
    for (const q of quiet) assert.deepEqual(lint(SCHEMA + fn('  v text;', `  ${q};\n  RETURN v;`)), [], q);
    const reportedLookups = [
      'SELECT email INTO v FROM customers WHERE tenant_id = p_id', // part of a composite key
      'SELECT email INTO v FROM customers WHERE id = p_id OR email = p_code',
      'SELECT email INTO v FROM customers WHERE id = referrer_id', // another column: any number of rows
      'SELECT c.email INTO v FROM customers c JOIN orders o ON o.customer_id = c.id WHERE c.id = p_id', // a join can fan out
      'SELECT name INTO v FROM app.accounts WHERE id = p_id', // no key declared
      'SELECT name INTO v FROM app.accounts WHERE handle = p_code', // partial unique index
      'SELECT name INTO v FROM accounts WHERE id = p_id', // another table (public.accounts)
      'SELECT email INTO v FROM users WHERE id = p_id', // a table this file does not create: keys unknown
    ];
    for (const q of reportedLookups) assert.deepEqual(lint(SCHEMA + fn('  v text;', `  ${q};\n  RETURN v;`)), ['INTO'], q);
  });

  it('keys declared later in the file count (pg_dump adds them after the functions)', () => {
    const sql = 'CREATE TABLE customers (id bigint NOT NULL, email text);\n' + fn('  v text;', '  SELECT email INTO v FROM customers WHERE id = p_id;\n  RETURN v;') + '\nALTER TABLE ONLY customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);';
    assert.deepEqual(lint(sql), []);
  });
});
