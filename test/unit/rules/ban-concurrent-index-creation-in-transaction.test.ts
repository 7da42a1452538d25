import { strict as assert } from 'node:assert';
import { fixed, lintWithRule } from './migration-safety-helpers';

const ID = 'ban-concurrent-index-creation-in-transaction';

describe(ID, () => {
  it('reports CONCURRENTLY when the file is assumed to run in a transaction, without a fix', () => {
    const findings = lintWithRule(ID, 'CREATE INDEX CONCURRENTLY i ON t (a);', { assumeInTransaction: true });
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /in a file that runs inside a transaction/);
    assert.deepEqual(findings[0].fixes, []);
  });

  it('reports DROP INDEX CONCURRENTLY and REINDEX CONCURRENTLY in a BEGIN block', () => {
    const sql = 'BEGIN;\nDROP INDEX CONCURRENTLY i;\nREINDEX INDEX CONCURRENTLY j;\nCOMMIT;\n';
    const findings = lintWithRule(ID, sql);
    assert.deepEqual(findings.map((f) => f.message.split(' cannot')[0]), ['DROP INDEX CONCURRENTLY', 'REINDEX CONCURRENTLY']);
    assert.equal(fixed(sql, findings), 'DROP INDEX CONCURRENTLY i;\nREINDEX INDEX CONCURRENTLY j;\n');
  });

  it('offers no fix when the block holds other work', () => {
    const findings = lintWithRule(ID, 'BEGIN;\nALTER TABLE t ADD COLUMN b int;\nCREATE INDEX CONCURRENTLY i ON t (a);\nCOMMIT;');
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].fixes, []);
  });

  it('is quiet outside transactions, after COMMIT, and in dbmate sections with transaction:false', () => {
    assert.deepEqual(lintWithRule(ID, 'BEGIN;\nSELECT 1;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON t (a);'), []);
    assert.deepEqual(lintWithRule(ID, '-- migrate:up transaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n-- migrate:down\nDROP INDEX i;'), []);
    assert.equal(lintWithRule(ID, '-- migrate:up\nCREATE INDEX CONCURRENTLY i ON t (a);').length, 1);
    assert.deepEqual(lintWithRule(ID, 'BEGIN;\nCREATE INDEX i ON t (a);\nCOMMIT;'), []);
  });
});
