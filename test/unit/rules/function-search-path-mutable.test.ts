// function-search-path-mutable: bodies it reads, what stays quiet, and its split with
// security-definer-without-search-path (on by default) — this rule is opt-in.
import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { lintWithRule, reported } from './migration-safety-helpers';

const ID = 'function-search-path-mutable';

describe(ID, () => {
  it('SQL and PL/pgSQL bodies; BEGIN ATOMIC and qualified names are quiet', () => {
    const sql = "CREATE FUNCTION app.n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders';";
    assert.deepEqual(reported(sql, lintWithRule(ID, sql)), ['FUNCTION app.n']);
    assert.deepEqual(lintWithRule(ID, 'CREATE FUNCTION n() RETURNS bigint LANGUAGE sql BEGIN ATOMIC SELECT count(*) FROM orders; END;'), []);
    assert.deepEqual(lintWithRule(ID, "CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'WITH o AS (SELECT 1) SELECT count(*) FROM o';"), []);
  });

  it('transition tables of the triggers that run it are not relations on the search_path', () => {
    const fn = (body: string) => `CREATE FUNCTION app.record_totals() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n${body}\n  RETURN NULL;\nEND $$;\n`;
    const trigger =
      'CREATE TRIGGER totals_i AFTER INSERT ON app.orders REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION app.record_totals();\n' +
      'CREATE TRIGGER totals_u AFTER UPDATE ON app.orders REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_totals();\n';
    const body = '  INSERT INTO app.totals (n) SELECT count(*) FROM inserted_rows;\n  INSERT INTO app.totals (n) SELECT count(*) FROM new_rows n JOIN old_rows o ON o.id = n.id;';
    assert.deepEqual(lintWithRule(ID, fn(body) + trigger), []);
    assert.deepEqual(lintWithRule(ID, trigger + fn(body)), [], 'the trigger may come first');
    // Other unqualified tables are still reported, and named without the transition tables.
    const messages = lintWithRule(ID, fn(`${body}\n  DELETE FROM staging;`) + trigger).map((f) => f.message);
    assert.equal(messages.length, 1);
    assert.match(messages[0], /uses staging unqualified/);
    // Another function's transition tables do not count.
    assert.equal(lintWithRule(ID, fn(body) + trigger.replace(/record_totals/g, 'other_totals')).length, 1);
  });

  it('is opt-in; a SECURITY DEFINER function is still reported by default, by security-definer-without-search-path', () => {
    const plain = "CREATE FUNCTION n() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM orders';";
    const definer = "CREATE FUNCTION d() RETURNS bigint LANGUAGE sql SECURITY DEFINER AS 'SELECT count(*) FROM orders';";
    const ids = (sql: string, config = DEFAULT_CONFIG) => lintText(sql, { fileName: 'migrations/002.sql', config }).findings.map((f) => f.ruleId);
    assert.ok(!ids(plain).includes(ID));
    assert.ok(ids(plain, { ...DEFAULT_CONFIG, rules: { [ID]: 'hint' } }).includes(ID));
    assert.ok(ids(definer).includes('security-definer-without-search-path'));
    assert.ok(!ids(definer, { ...DEFAULT_CONFIG, rules: { [ID]: 'hint' } }).includes(ID), 'one finding per problem: the definer rule covers it');
  });
});
