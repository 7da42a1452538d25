// Edge cases of the security and PL/pgSQL rules (their documented examples run in rule-examples): positions
// inside bodies, control flow, quoting, and what stays quiet.
import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { applyEdits } from '../../../core/fixes';
import { ALL_RULES } from '../../../core/rules/registry';
import { DEFAULT_CONFIG } from '../../../core/config/config';

function findings(id: string, text: string, fileName = 'migrations/002.sql', postgresVersion = DEFAULT_CONFIG.postgresVersion) {
  const rule = ALL_RULES.find((r) => r.meta.id === id);
  assert.ok(rule, id);
  const result = lintText(text, { rules: [rule], fileName, config: { ...DEFAULT_CONFIG, postgresVersion } });
  assert.deepEqual(result.ruleFailures, []);
  return result.findings.filter((f) => f.ruleId === id);
}

function marked(id: string, text: string): string[] {
  return findings(id, text).map((f) => text.slice(f.range.start, f.range.end));
}

function fixed(id: string, text: string): string {
  return applyEdits(text, findings(id, text).flatMap((f) => f.fixes[0]?.edits ?? [])).text;
}

const fn = (body: string, head = 'CREATE FUNCTION f(p_id bigint) RETURNS int LANGUAGE plpgsql AS $$\n'): string => `${head}${body}\n$$;`;

describe('PL/pgSQL rules', () => {
  it('plpgsql-unreachable-code marks the first dead statement, on its own line or after RETURN on the same line', () => {
    assert.deepEqual(marked('plpgsql-unreachable-code', fn('BEGIN\n  RETURN 1;\n  PERFORM pg_sleep(1);\n  RETURN 2;\nEND')), ['PERFORM pg_sleep(1);']);
    assert.deepEqual(marked('plpgsql-unreachable-code', fn('BEGIN\n  IF p_id > 0 THEN RETURN 1; p_id := 2; END IF;\n  RETURN 0;\nEND')).length, 1);
    assert.deepEqual(marked('plpgsql-unreachable-code', fn('BEGIN\n  IF p_id > 0 THEN RETURN 1; ELSE RAISE EXCEPTION \'no\'; END IF;\n  RETURN 0;\nEND')), ['RETURN 0;']);
    assert.equal(marked('plpgsql-unreachable-code', fn('BEGIN\n  LOOP\n    EXIT WHEN p_id > 3;\n  END LOOP;\n  RETURN 0;\nEND')).length, 0);
    assert.equal(marked('plpgsql-unreachable-code', fn('BEGIN\n  IF p_id > 0 THEN RETURN 1; END IF;\n  RAISE NOTICE \'x\';\n  RETURN 0;\nEND')).length, 0);
    assert.equal(marked('plpgsql-unreachable-code', fn('BEGIN\n  FOR i IN 1..3 LOOP\n    CONTINUE WHEN i = 2;\n    RAISE NOTICE \'%\', i;\n  END LOOP;\n  RETURN 0;\nEND')).length, 0);
  });

  it('plpgsql-swallowed-exception marks the handler, not specific conditions or handlers that act', () => {
    const text = fn('BEGIN\n  RETURN 1;\nEXCEPTION\n  WHEN unique_violation THEN NULL;\n  WHEN others THEN null;\nEND');
    assert.deepEqual(marked('plpgsql-swallowed-exception', text), ['WHEN others THEN null;']);
    assert.equal(marked('plpgsql-swallowed-exception', fn('BEGIN\n  RETURN 1;\nEXCEPTION WHEN OTHERS THEN\n  RAISE WARNING \'%\', SQLERRM;\n  RETURN 0;\nEND')).length, 0);
  });

  it('plpgsql-unused-variable: declaration position, reads in any expression, loop variables, cursors', () => {
    const text = fn('DECLARE\n  a int := 1;\n  "B" text;\n  c int;\n  cur CURSOR FOR SELECT 1;\n  r record;\nBEGIN\n  c := 2;\n  OPEN cur; FETCH cur INTO r;\n  RAISE NOTICE \'%\', r;\n  RETURN 0;\nEND');
    const found = findings('plpgsql-unused-variable', text);
    assert.deepEqual(found.map((f) => text.slice(f.range.start, f.range.end)), ['a', '"B"', 'c']);
    assert.match(found[2].message, /assigned but never read/);
    assert.match(found[0].message, /declared but never used/);
    assert.equal(findings('plpgsql-unused-variable', 'DO $$\nDECLARE\n  n int := 0;\nBEGIN\n  EXECUTE \'SELECT $1\' USING n;\nEND $$;').length, 0);
  });

  it('plpgsql-unused-variable positions in a single-quoted body', () => {
    const text = "CREATE FUNCTION g() RETURNS text LANGUAGE plpgsql AS '\nDECLARE\n  unused_v text := ''x'';\nBEGIN\n  RETURN ''ok'';\nEND';";
    assert.deepEqual(marked('plpgsql-unused-variable', text), ['unused_v']);
  });

  it('plpgsql-variable-shadows-column: parameters and declarations, only for known tables and unqualified columns', () => {
    const table = 'CREATE TABLE accounts (id bigint PRIMARY KEY, email text, status text);\n';
    const text = table + fn('DECLARE\n  status text;\nBEGIN\n  SELECT a.status INTO status FROM accounts a WHERE a.email = \'x\';\n  UPDATE accounts SET status = \'y\' WHERE email = \'z\' AND status = status;\n  RETURN 0;\nEND', 'CREATE FUNCTION f(email text) RETURNS int LANGUAGE plpgsql AS $$\n');
    assert.deepEqual(marked('plpgsql-variable-shadows-column', text), ['email', 'status']);
    assert.equal(findings('plpgsql-variable-shadows-column', fn('BEGIN\n  DELETE FROM unknown_table WHERE p_id = p_id;\n  RETURN 0;\nEND')).length, 0);
    assert.equal(findings('plpgsql-variable-shadows-column', table + fn('#variable_conflict use_column\nBEGIN\n  DELETE FROM accounts WHERE email = email;\n  RETURN 0;\nEND', 'CREATE FUNCTION f(email text) RETURNS int LANGUAGE plpgsql AS $$\n')).length, 0);
  });
});

describe('security rules', () => {
  it('ban-grant-all and ban-grant-to-public split the work', () => {
    assert.deepEqual(marked('ban-grant-to-public', 'GRANT ALL ON TABLE a TO PUBLIC, bob;'), ['PUBLIC']);
    assert.deepEqual(marked('ban-grant-all', 'GRANT ALL ON TABLE a TO PUBLIC, bob;'), ['GRANT ALL']);
    assert.equal(findings('ban-grant-all', 'GRANT ALL ON TABLE a TO PUBLIC;').length, 0);
    assert.equal(findings('ban-grant-to-public', 'GRANT USAGE ON SCHEMA s TO PUBLIC; GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA s TO PUBLIC; GRANT CONNECT ON DATABASE d TO PUBLIC;').length, 0);
    assert.equal(findings('ban-grant-to-public', 'GRANT CREATE ON SCHEMA public TO PUBLIC;').length, 1);
    assert.equal(findings('ban-grant-to-public', 'ALTER DEFAULT PRIVILEGES IN SCHEMA s GRANT SELECT ON TABLES TO PUBLIC;').length, 1);
  });

  it('security-definer-without-search-path: ALTER FUNCTION forms and embedded statements', () => {
    assert.equal(findings('security-definer-without-search-path', 'ALTER FUNCTION f(int) SECURITY DEFINER;').length, 1);
    assert.equal(fixed('security-definer-without-search-path', 'ALTER FUNCTION f(int) SECURITY DEFINER;'), 'ALTER FUNCTION f(int) SECURITY DEFINER SET search_path = pg_catalog, pg_temp;');
    assert.equal(findings('security-definer-without-search-path', 'CREATE FUNCTION f() RETURNS int LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT AS \'SELECT 1\';').length, 0);
    assert.equal(findings('security-definer-without-search-path', 'CREATE FUNCTION public.f() RETURNS int LANGUAGE sql SECURITY DEFINER AS \'SELECT 1\';\nALTER FUNCTION f() SET search_path = pg_catalog;').length, 0);
  });

  it('RLS rules judge only tables the file creates', () => {
    assert.equal(findings('policy-exists-rls-disabled', 'CREATE POLICY p ON old_table USING (true);').length, 0);
    assert.equal(findings('rls-enabled-no-policy', 'ALTER TABLE old_table ENABLE ROW LEVEL SECURITY;').length, 0);
    assert.equal(findings('rls-enabled-no-policy', 'CREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;\nALTER TABLE t FORCE ROW LEVEL SECURITY;', 'x.sql').length, 1);
    assert.equal(findings('rls-enabled-no-policy', '-- migrate:up\nSELECT 1;\n-- migrate:down\nCREATE TABLE t (id int);\nALTER TABLE t ENABLE ROW LEVEL SECURITY;', 'x.sql').length, 0);
  });

  it('view-bypasses-rls applies from PostgreSQL 15 and knows security_invoker spellings', () => {
    const setup = 'CREATE TABLE n (id int);\nALTER TABLE n ENABLE ROW LEVEL SECURITY;\n';
    assert.equal(findings('view-bypasses-rls', setup + 'CREATE VIEW v AS SELECT * FROM n;', 'x.sql', 14).length, 0);
    assert.equal(findings('view-bypasses-rls', setup + 'CREATE VIEW v WITH (security_invoker) AS SELECT * FROM n;', 'x.sql', 16).length, 0);
    assert.equal(findings('view-bypasses-rls', setup + 'CREATE VIEW v WITH (security_invoker = off) AS SELECT * FROM n;', 'x.sql', 16).length, 1);
  });

  it('hardcoded-password: literals, not NULL or psql variables; user mappings too', () => {
    assert.deepEqual(marked('hardcoded-password', "ALTER USER bob WITH ENCRYPTED PASSWORD 'md5abc';"), ["'md5abc'"]);
    assert.deepEqual(marked('hardcoded-password', "CREATE USER MAPPING FOR bob SERVER s OPTIONS (user 'bob', password 'secret');"), ["'secret'"]);
    assert.equal(findings('hardcoded-password', 'CREATE ROLE r PASSWORD NULL;').length, 0);
  });

  it('extension-in-public: explicit public too; own schema is quiet', () => {
    assert.equal(findings('extension-in-public', 'CREATE EXTENSION citext WITH SCHEMA public;').length, 1);
    assert.equal(findings('extension-in-public', 'CREATE EXTENSION citext WITH SCHEMA ext;').length, 0);
  });
});
