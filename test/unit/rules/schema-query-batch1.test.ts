// Edge cases of the first schema-design and query rules (their documented examples run in rule-examples).
import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { applyEdits } from '../../../core/fixes';
import { ALL_RULES } from '../../../core/rules/registry';

function findings(id: string, text: string, fileName = 'migrations/002.sql') {
  const rule = ALL_RULES.find((r) => r.meta.id === id);
  assert.ok(rule, id);
  return lintText(text, { rules: [rule], fileName }).findings.filter((f) => f.ruleId === id);
}

function fixed(id: string, text: string): string {
  return applyEdits(text, findings(id, text).flatMap((f) => f.fixes[0]?.edits ?? [])).text;
}

describe('schema-design and query rules: edge cases', () => {

  it('null-comparison inside a PL/pgSQL body points into the body and fixes there', () => {
    const text = 'CREATE FUNCTION f(v int) RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  IF v = NULL THEN RETURN 0; END IF;\n  RETURN v;\nEND $$;';
    const [f] = findings('null-comparison', text);
    assert.ok(f);
    assert.equal(text.slice(f.range.start, f.range.end), '= NULL');
    assert.equal(fixed('null-comparison', text), text.replace('v = NULL', 'v IS NULL'));
    assert.equal(findings('null-comparison', 'SELECT * FROM t WHERE NULL <> a;')[0].fixes.length, 0, 'NULL on the left: reported, not rewritten');
    assert.equal(findings('null-comparison', 'UPDATE t SET a = NULL WHERE id = 1;').length, 0);
  });

  it('not-in-subquery offers the rewrite only when names are qualified', () => {
    const unqualified = findings('not-in-subquery', 'SELECT * FROM c WHERE id NOT IN (SELECT customer_id FROM orders);');
    assert.equal(unqualified.length, 1);
    assert.equal(unqualified[0].fixes.length, 0);
    assert.equal(
      fixed('not-in-subquery', 'SELECT * FROM customers c WHERE c.id NOT IN (SELECT o.customer_id FROM orders o WHERE o.total > 0) ORDER BY 1;'),
      'SELECT * FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE (o.total > 0) AND o.customer_id = c.id) ORDER BY 1;',
    );
    assert.equal(findings('not-in-subquery', 'SELECT * FROM t WHERE a NOT IN (1, 2);').length, 0);
  });

  it('DELETE/UPDATE without WHERE: not on tables created in the file, not in down migrations', () => {
    assert.equal(findings('ban-update-without-where', "CREATE TABLE t (a int);\nINSERT INTO t VALUES (1);\nUPDATE t SET a = 2;").length, 0);
    assert.equal(findings('ban-delete-without-where', 'DELETE FROM t;', 'db/20240101_x.down.sql').length, 0);
    assert.equal(findings('ban-delete-without-where', 'DELETE FROM t WHERE CURRENT OF c;').length, 0);
    assert.equal(findings('ban-update-without-where', "WITH x AS (SELECT 1) UPDATE t SET a = 1;").length, 1);
  });
});
