import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';
import { analyseInProject, applyFix, projectFindings } from './project-helpers';

const ID = 'ban-concurrent-index-creation-in-transaction';

describe(ID, () => {
  it('reports CONCURRENTLY when the file is assumed to run in a transaction, without a fix when linted alone', () => {
    const findings = lintWithRule(ID, 'CREATE INDEX CONCURRENTLY i ON t (a);', { assumeInTransaction: true });
    assert.equal(findings.length, 1);
    assert.equal(
      findings[0].message,
      'CREATE INDEX CONCURRENTLY cannot run inside a transaction block, and the configuration says every file runs in one transaction (assumeInTransaction): it fails. Run it in a migration your tool runs without a transaction.',
    );
    assert.deepEqual(findings[0].fixes, []);
  });

  it('reports DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY in a BEGIN block', () => {
    const sql = 'BEGIN;\nDROP INDEX CONCURRENTLY i;\nREINDEX INDEX CONCURRENTLY j;\nCOMMIT;\n';
    const findings = lintWithRule(ID, sql);
    assert.deepEqual(findings.map((f) => f.message.split(' cannot')[0]), ['DROP INDEX CONCURRENTLY', 'REINDEX CONCURRENTLY']);
    assert.equal(fixed(sql, findings), 'DROP INDEX CONCURRENTLY i;\nREINDEX INDEX CONCURRENTLY j;\n');
  });

  it('moves it after the COMMIT when the block holds other work', () => {
    const sql = 'BEGIN;\nALTER TABLE t ADD COLUMN b int;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;';
    const findings = lintWithRule(ID, sql);
    assert.equal(findings.length, 1);
    assert.equal(fixed(sql, findings), 'BEGIN;\nALTER TABLE t ADD COLUMN b int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);');
    assert.deepEqual(lintWithRule(ID, fixed(sql, findings)), []);
  });

  it('DETACH PARTITION CONCURRENTLY in a transaction fails too', () => {
    assert.match(lintWithRule(ID, 'BEGIN;\nALTER TABLE m DETACH PARTITION m_2020 CONCURRENTLY;\nCOMMIT;')[0].message, /^DETACH PARTITION CONCURRENTLY cannot run inside a transaction block/);
  });

  it('in a tool\'s transaction: says how for the tool, and moves it to a migration of its own', () => {
    const files = {
      'db/migrations/20240101000000_orders.sql': '-- migrate:up\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
      'db/migrations/20240102000000_index.sql': '-- migrate:up\nALTER TABLE orders ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n',
    };
    const target = 'db/migrations/20240102000000_index.sql';
    const [finding] = analyseInProject(files, target).filter((f) => f.ruleId === ID);
    assert.match(finding.message, /and dbmate runs each section in a transaction: it fails\. Run it in a migration of its own, alone in a -- migrate:up transaction:false section\.$/);
    const after = applyFix(files, target, finding.fixes[0]);
    assert.equal(after[target], '-- migrate:up\nALTER TABLE orders ADD COLUMN note text;\n');
    assert.equal(
      after['db/migrations/20240102000001_create_index_orders_status_idx.sql'],
      '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n\n-- migrate:down transaction:false\nDROP INDEX CONCURRENTLY IF EXISTS orders_status_idx;\n',
    );
    assert.deepEqual(projectFindings(after).filter((f) => f.endsWith(ID)), []);
  });

  it('is quiet outside transactions, after COMMIT, and in dbmate sections with transaction:false', () => {
    assert.deepEqual(lintWithRule(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);'), []);
    assert.deepEqual(lintWithRule(ID, '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;'), []);
    assert.equal(lintWithRule(ID, '-- migrate:up\nCREATE INDEX CONCURRENTLY i ON t (a);').length, 1);
    assert.deepEqual(lintWithRule(ID, 'BEGIN;\nCREATE INDEX i ON t (a);\nCOMMIT;'), []);
  });
});
