import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';
import { analyseInProject, applyFix } from './project-helpers';

const ID = 'require-concurrent-index-deletion';

describe(ID, () => {
  it('fixes one index, reports several without a fix, and is quiet for new indexes and down migrations', () => {
    const sql = 'DROP INDEX IF EXISTS app.orders_idx;';
    assert.equal(fixed(sql, lintWithRule(ID, sql)), 'DROP INDEX CONCURRENTLY IF EXISTS app.orders_idx;');
    const many = lintWithRule(ID, 'DROP INDEX a_idx, b_idx;');
    assert.equal(many.length, 1);
    assert.equal(many[0].fixes.length, 0);
    assert.match(many[0].message, /one index per statement\.$/);
    const cascade = lintWithRule(ID, 'DROP INDEX a_idx CASCADE;');
    assert.equal(cascade[0].fixes.length, 0);
    assert.match(cascade[0].message, /without CASCADE/);
    assert.deepEqual(lintWithRule(ID, 'CREATE INDEX a_idx ON t (a);\nDROP INDEX a_idx;'), []);
    assert.deepEqual(lintWithRule(ID, 'DROP INDEX a_idx;', { fileName: '3_idx.down.sql' }), []);
  });

  it('names the index with its quotes', () => {
    assert.match(lintWithRule(ID, 'DROP INDEX app."Orders_idx";')[0].message, /^Dropping index app\."Orders_idx" locks its table ACCESS EXCLUSIVE/);
  });

  it('inside BEGIN ... COMMIT: moves it, with CONCURRENTLY, after the COMMIT (not preferred)', () => {
    const sql = 'BEGIN;\nDROP INDEX a_idx;\nALTER TABLE t ADD COLUMN b int;\nCOMMIT;';
    const [f] = lintWithRule(ID, sql);
    assert.notEqual(f.fixes[0].preferred, true);
    assert.equal(fixed(sql, [f]), 'BEGIN;\nALTER TABLE t ADD COLUMN b int;\nCOMMIT;\nDROP INDEX CONCURRENTLY a_idx;');
  });

  it('goose: a migration of its own with NO TRANSACTION', () => {
    const files = {
      'db/00001_init.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_status_idx ON orders (status);\n',
      'db/00002_drop.sql': '-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\nDROP INDEX orders_status_idx;\n',
    };
    const [finding] = analyseInProject(files, 'db/00002_drop.sql').filter((f) => f.ruleId === ID);
    const after = applyFix(files, 'db/00002_drop.sql', finding.fixes[0]);
    assert.equal(after['db/00003_drop_index_orders_status_idx_concurrently.sql'], '-- +goose NO TRANSACTION\n-- +goose Up\nDROP INDEX CONCURRENTLY orders_status_idx;\n\n-- +goose Down\n-- Undo the up migration here.\n');
    assert.deepEqual(analyseInProject(after, 'db/00003_drop_index_orders_status_idx_concurrently.sql').map((f) => f.ruleId), []);
  });

  it('offers no move when the file re-creates the index after dropping it', () => {
    const files = {
      'db/00001_init.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\nCREATE INDEX orders_status_idx ON orders (status);\n',
      'db/00002_rebuild.sql': '-- +goose Up\nDROP INDEX orders_status_idx;\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (lower(status));\n',
    };
    const [finding] = analyseInProject(files, 'db/00002_rebuild.sql').filter((f) => f.ruleId === ID);
    assert.deepEqual(finding.fixes, []);
  });
});
