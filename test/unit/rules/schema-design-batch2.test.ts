// Edge cases of the second batch of schema-design rules (their documented examples run in rule-examples).
import { strict as assert } from 'node:assert';
import { fixed, lintWithRule, reported } from './migration-safety-helpers';

describe('schema-design rules, batch 2', () => {
  it('prefer-bigint-over-smallint reports keys only, also keys pg_dump adds later', () => {
    const dump = 'CREATE TABLE t (id smallint NOT NULL, rank smallint);\nALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id);';
    assert.equal(lintWithRule('prefer-bigint-over-smallint', dump).length, 1);
    // From PostgreSQL 10 a smallserial column is prefer-identity's (with bigint); before, this rule's.
    assert.deepEqual(lintWithRule('prefer-bigint-over-smallint', 'CREATE TABLE t (id smallserial PRIMARY KEY);'), []);
    assert.equal(fixed('CREATE TABLE t (id smallserial PRIMARY KEY);', lintWithRule('prefer-bigint-over-smallint', 'CREATE TABLE t (id smallserial PRIMARY KEY);', { postgresVersion: 9.6 })), 'CREATE TABLE t (id bigserial PRIMARY KEY);');
  });
  it('ban-char-field: char(n), character, bpchar arrays; not "char" or varchar', () => {
    const sql = 'CREATE TABLE t (a character(3)[], b char, c "char", d varchar(3));';
    assert.deepEqual(reported(sql, lintWithRule('ban-char-field', sql)), ['character(3)[]', 'char']);
    assert.equal(fixed(sql, lintWithRule('ban-char-field', sql)), 'CREATE TABLE t (a text[], b text, c "char", d varchar(3));');
    assert.equal(lintWithRule('ban-char-field', sql)[0].fixes[1].edits[0].newText, 'varchar(3)[]');
  });
  it('prefer-jsonb, ban-money-type and ban-reg-type-column cover ADD COLUMN, not ALTER TYPE', () => {
    assert.equal(lintWithRule('prefer-jsonb', 'ALTER TABLE t ADD COLUMN p json;').length, 1);
    assert.deepEqual(lintWithRule('prefer-jsonb', 'ALTER TABLE t ALTER COLUMN p TYPE json;'), []);
    assert.equal(lintWithRule('ban-money-type', 'ALTER TABLE t ADD COLUMN p pg_catalog.money;').length, 1);
    assert.match(lintWithRule('ban-reg-type-column', 'CREATE TABLE t (f regprocedure);')[0].message, /pg_upgrade/);
    assert.doesNotMatch(lintWithRule('ban-reg-type-column', 'CREATE TABLE t (f regclass);')[0].message, /pg_upgrade/);
  });
  it('btree-index-on-boolean-or-array: arrays in any position, booleans alone and without WHERE', () => {
    const table = 'CREATE TABLE t (id bigint, flag boolean, tags text[]);\n';
    assert.equal(lintWithRule('btree-index-on-boolean-or-array', `${table}CREATE INDEX ON t (id, tags);`).length, 1);
    assert.deepEqual(lintWithRule('btree-index-on-boolean-or-array', `${table}CREATE INDEX ON t (flag) WHERE flag;`), []);
    assert.deepEqual(lintWithRule('btree-index-on-boolean-or-array', 'CREATE INDEX ON other (flag);'), []);
  });
  it('nullable-multi-column-foreign-key follows SET NOT NULL and keys added later', () => {
    const sql = 'CREATE TABLE t (a int, b int);\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\nALTER TABLE t ADD FOREIGN KEY (a, b) REFERENCES p (x, y);';
    assert.match(lintWithRule('nullable-multi-column-foreign-key', sql)[0].message, /when b is NULL/);
    assert.deepEqual(lintWithRule('nullable-multi-column-foreign-key', 'CREATE TABLE t (a int, b int, PRIMARY KEY (a, b), FOREIGN KEY (a, b) REFERENCES p (x, y));'), []);
    assert.deepEqual(lintWithRule('nullable-multi-column-foreign-key', 'ALTER TABLE t ADD FOREIGN KEY (a, b) REFERENCES p (x, y);'), []);
  });
  it('ban-table-inheritance leaves partitions alone and does not apply before PostgreSQL 10', () => {
    assert.deepEqual(lintWithRule('ban-table-inheritance', 'CREATE TABLE c () INHERITS (p);', { postgresVersion: 9 }), []);
    assert.deepEqual(lintWithRule('ban-table-inheritance', "CREATE TABLE c PARTITION OF p FOR VALUES IN (1);"), []);
  });
  it('repeating-column-group needs a run of three with a real prefix', () => {
    assert.deepEqual(lintWithRule('repeating-column-group', 'CREATE TABLE t (c1 int, c2 int, c3 int, phone1 text, phone3 text, phone4 text);'), []);
    assert.equal(lintWithRule('repeating-column-group', 'CREATE TABLE t (tag_0 text, tag_1 text, tag_2 text);').length, 1);
  });
  it('identifier-too-long counts UTF-8 bytes, keeps quotes, and ignores long references', () => {
    const name = 'ä'.repeat(32); // 64 bytes, 32 characters
    const sql = `CREATE TABLE "${name}" (id int);`;
    const [f] = lintWithRule('identifier-too-long', sql);
    assert.ok(f);
    assert.equal(fixed(sql, [f]), `CREATE TABLE "${'ä'.repeat(31)}" (id int);`);
    assert.deepEqual(lintWithRule('identifier-too-long', `SELECT * FROM ${'x'.repeat(70)};`), []);
  });
});
