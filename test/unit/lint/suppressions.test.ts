import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';

const CREATE = 'CREATE INDEX i ON orders (customer_id);';

function ids(text: string, fileName?: string): string[] {
  return lintText(text, fileName ? { fileName } : {}).findings.map((f) => f.ruleId);
}

describe('suppression comments', () => {
  it('ignores a rule for the next statement only', () => {
    const text = `-- pg-architect-ignore require-concurrent-index-creation -- table is tiny\n${CREATE}\n${CREATE}`;
    const findings = lintText(text).findings.filter((f) => f.ruleId === 'require-concurrent-index-creation');
    assert.equal(findings.length, 1);
    assert.ok(findings[0].range.start > text.indexOf(CREATE) + CREATE.length);
  });

  it('ignores a rule inside the statement that contains the comment', () => {
    const text = `CREATE INDEX i -- pg-architect-ignore require-concurrent-index-creation\n  ON orders (customer_id);`;
    assert.deepEqual(ids(text), []);
  });

  it('ignores a rule for the whole file', () => {
    // As a migration (prefer-robust-stmts judges migrations only).
    assert.deepEqual(ids(`${CREATE}\n-- pg-architect-ignore-file require-concurrent-index-creation, prefer-robust-stmts\n${CREATE}`, 'migrations/001_index.sql'), []);
  });

  it('ignores every rule without ids, but never syntax errors', () => {
    assert.deepEqual(ids(`-- pg-architect-ignore\n${CREATE}`), []);
    assert.deepEqual(ids(`-- pg-architect-ignore\nselect * fro t where;`), ['unused-ignore', 'syntax-error']);
  });

  it('reports an ignore that suppresses nothing, with a fix removing it', () => {
    const result = lintText(`-- pg-architect-ignore require-concurrent-index-creation\nCREATE INDEX CONCURRENTLY i ON orders (customer_id);`);
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['unused-ignore']);
    assert.equal(result.findings[0].fixes[0].edits[0].newText, '');
  });

  it('reports unknown rule ids', () => {
    const result = lintText(`-- pg-architect-ignore no-such-rule\nselect 1;`);
    assert.match(result.findings[0].message, /Unknown rule "no-such-rule"/);
  });

  it("honours squawk's and postgres-language-server's comments, and never reports them as unused", () => {
    const other = 'ALTER TABLE orders DROP COLUMN note;';
    // squawk: same ids, statement and file scope.
    assert.deepEqual(ids(`-- squawk-ignore require-concurrent-index-creation\n${CREATE}`), []);
    assert.deepEqual(ids(`-- squawk-ignore-file require-concurrent-index-creation\nSELECT 1;\n${CREATE}`), []);
    // postgres-language-server (and its former name): category/camelCase names, a reason after ":".
    assert.ok(ids(other).includes('ban-drop-column'));
    assert.deepEqual(ids(`-- pgls-ignore lint/safety/banDropColumn: the column is unused since v2\n${other}`), ids(other).filter((id) => id !== 'ban-drop-column'));
    assert.deepEqual(ids(`-- pgt-ignore lint/safety/banDropColumn\n${other}`), ids(other).filter((id) => id !== 'ban-drop-column'));
    // Only what they name: the next statement's other findings stay.
    assert.deepEqual(ids(`-- squawk-ignore ban-drop-column\n${CREATE}`), ['require-concurrent-index-creation']);
    // A rule we do not have, or one that finds nothing here: silent (squawk may still need the comment).
    assert.deepEqual(ids(`-- squawk-ignore prefer-text-field, ban-drop-column\nSELECT 1;`), []);
  });
});
