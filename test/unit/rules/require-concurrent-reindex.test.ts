import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';
import { analyseInProject } from './project-helpers';

const ID = 'require-concurrent-reindex';

describe(ID, () => {
  it('adds CONCURRENTLY where PostgreSQL accepts it, and not for SYSTEM or before 12', () => {
    const reindex = 'REINDEX (VERBOSE) TABLE orders;';
    assert.equal(fixed(reindex, lintWithRule(ID, reindex)), 'REINDEX (VERBOSE) TABLE CONCURRENTLY orders;');
    assert.deepEqual(lintWithRule(ID, 'REINDEX (CONCURRENTLY) TABLE orders;'), []);
    assert.deepEqual(lintWithRule(ID, 'REINDEX SYSTEM;'), []);
    assert.deepEqual(lintWithRule(ID, 'REINDEX TABLE t;', { postgresVersion: 11 }), []);
  });

  it('names the table it blocks', () => {
    assert.match(lintWithRule(ID, 'REINDEX TABLE app."Orders";')[0].message, /^Rebuilding the indexes of app\."Orders" blocks writes to app\."Orders"/);
    assert.match(lintWithRule(ID, 'REINDEX INDEX orders_idx;')[0].message, /^Rebuilding index orders_idx blocks writes to its table/);
  });

  it('Prisma: a migration folder of its own', () => {
    const files = {
      'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY);\n',
      'prisma/migrations/20240102000000_reindex/migration.sql': 'ALTER TABLE orders ADD COLUMN note text;\nREINDEX TABLE orders;\n',
    };
    const [finding] = analyseInProject(files, 'prisma/migrations/20240102000000_reindex/migration.sql').filter((f) => f.ruleId === ID);
    assert.match(finding.message, /in a migration folder of its own whose migration\.sql holds only that statement/);
    assert.deepEqual(finding.fixes[0].newFiles, [{ path: '../20240102000001_reindex_orders_concurrently/migration.sql', text: 'REINDEX TABLE CONCURRENTLY orders;\n' }]);
  });
});
