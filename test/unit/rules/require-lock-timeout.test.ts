import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';

const ID = 'require-lock-timeout';

describe(ID, () => {
  it('reports the first uncovered ACCESS EXCLUSIVE statement once, with an indented SET before it', () => {
    const sql = 'BEGIN;\n  ALTER TABLE a ADD COLUMN x int;\n  ALTER TABLE b DROP COLUMN y;\nCOMMIT;';
    const findings = lintWithRule(ID, sql);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /ACCESS EXCLUSIVE lock on a /);
    assert.equal(fixed(sql, findings), "BEGIN;\n  SET LOCAL lock_timeout = '5s';\n  ALTER TABLE a ADD COLUMN x int;\n  ALTER TABLE b DROP COLUMN y;\nCOMMIT;");
  });

  it('reports again after the timeout is reset', () => {
    const sql = "SET lock_timeout = '2s';\nALTER TABLE a ADD COLUMN x int;\nSET lock_timeout = 0;\nALTER TABLE b ADD COLUMN y int;\nALTER TABLE c ADD COLUMN z int;";
    assert.deepEqual(lintWithRule(ID, sql).map((f) => /on (\w+)/.exec(f.message)?.[1]), ['b']);
    const local = "BEGIN;\nSET LOCAL lock_timeout = '2s';\nALTER TABLE a ADD COLUMN x int;\nCOMMIT;\nALTER TABLE b ADD COLUMN y int;";
    assert.deepEqual(lintWithRule(ID, local).map((f) => /on (\w+)/.exec(f.message)?.[1]), ['b']);
  });

  it('ignores locks that block no traffic, new relations, down migrations and pg_dump output', () => {
    // SHARE UPDATE EXCLUSIVE blocks only DDL and VACUUM; CREATE INDEX (SHARE) is held for the whole build,
    // which a timeout does not shorten (require-concurrent-index-creation reports it).
    assert.deepEqual(lintWithRule(ID, 'CREATE INDEX i ON a (x);\nALTER TABLE a ALTER COLUMN x SET STATISTICS 100;\nALTER TABLE a VALIDATE CONSTRAINT a_x_fkey;\nCOMMENT ON TABLE a IS \'x\';'), []);
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN x int;\nCREATE SEQUENCE s;\nALTER SEQUENCE s OWNED BY t.id;\nALTER TABLE s OWNER TO app;'), []);
    assert.deepEqual(lintWithRule(ID, 'ALTER TABLE a DROP COLUMN x;', { fileName: '001.down.sql' }), []);
    assert.deepEqual(lintWithRule(ID, '--\n-- Name: a; Type: TABLE; Schema: public; Owner: app\n--\nALTER TABLE public.a OWNER TO app;'), []);
  });

  it('statements that take no lock on an existing relation are not reported', () => {
    const sql = [
      'CREATE SCHEMA app;',
      'CREATE EXTENSION IF NOT EXISTS pgcrypto;',
      "CREATE TYPE app.status AS ENUM ('new', 'done');",
      'CREATE DOMAIN app.positive AS int CHECK (VALUE > 0);',
      'CREATE SEQUENCE app.ticket_seq;',
      "CREATE FUNCTION app.f() RETURNS int LANGUAGE sql AS 'SELECT 1';",
      "CREATE OR REPLACE FUNCTION app.g() RETURNS int LANGUAGE sql AS 'SELECT 2';",
      "CREATE PROCEDURE app.p() LANGUAGE sql AS 'SELECT 1';",
      'CREATE TABLE app.tickets (id bigint PRIMARY KEY, status app.status, parent_id bigint REFERENCES app.tickets (id));',
      'CREATE VIEW app.open_tickets AS SELECT * FROM app.tickets;',
      'CREATE INDEX ON app.tickets (status);',
      "COMMENT ON TABLE app.tickets IS 'support tickets';",
      "COMMENT ON FUNCTION app.f() IS 'one';",
      'GRANT SELECT ON app.tickets TO reporting;',
      'GRANT USAGE ON SCHEMA app TO reporting;',
      'ALTER FUNCTION app.f() OWNER TO app;',
      "ALTER TYPE app.status ADD VALUE 'closed';",
    ].join('\n');
    assert.deepEqual(lintWithRule(ID, sql), []);
  });

  it('locks that make writes queue: a new table referencing an existing one, ADD FOREIGN KEY, CREATE TRIGGER', () => {
    const create = 'CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers (id));';
    const [f] = lintWithRule(ID, create);
    assert.match(f.message, /SHARE ROW EXCLUSIVE lock on customers \(referenced table\)/);
    assert.match(f.message, /writes to customers queue behind it/);
    assert.equal(fixed(create, [f]), `SET lock_timeout = '5s';\n${create}`);
    assert.equal(lintWithRule(ID, 'ALTER TABLE a ADD FOREIGN KEY (x) REFERENCES b;').length, 1);
    assert.equal(lintWithRule(ID, 'CREATE TRIGGER t AFTER INSERT ON a FOR EACH ROW EXECUTE FUNCTION f();').length, 1);
    assert.deepEqual(lintWithRule(ID, "SET lock_timeout = '5s';\n" + create), []);
    // Referencing a table created earlier in the file blocks nobody.
    assert.deepEqual(lintWithRule(ID, 'CREATE TABLE customers (id bigint PRIMARY KEY);\n' + create), []);
  });

  it('counts the version: ATTACH PARTITION takes ACCESS EXCLUSIVE on the parent before 12', () => {
    const sql = 'ALTER TABLE m ATTACH PARTITION m_1 FOR VALUES IN (1);';
    assert.match(lintWithRule(ID, sql, { postgresVersion: 11 })[0].message, /on m, m_1/);
    assert.match(lintWithRule(ID, sql, { postgresVersion: 12 })[0].message, /on m_1 /);
  });
});

describe('require-lock-timeout: the fix inside a transaction', () => {
  it('writes SET LOCAL in a transaction (it ends with it), plain SET outside', () => {
    const inBlock = 'BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;';
    assert.equal(fixed(inBlock, lintWithRule('require-lock-timeout', inBlock)), "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;");
    const alone = 'ALTER TABLE orders ADD COLUMN note text;';
    assert.equal(fixed(alone, lintWithRule('require-lock-timeout', alone)), "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;");
  });
});
