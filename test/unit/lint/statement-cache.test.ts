// The editor's lint keeps statement-scoped rules' findings per statement (core/analysis/statement-cache.ts): an
// edit re-runs them only on the statements it changed, and what it reuses must equal a fresh lint: positions moved
// with the statement, and answers that depend on the rest of the file (a table created earlier, a lock_timeout set
// earlier) asked again.
import { strict as assert } from 'node:assert';
import { DEFAULT_CONFIG, type Config } from '../../../core/config/config';
import { lintText, type LintResult } from '../../../core/lint';
import { ALL_RULES } from '../../../core/rules/registry';
import { defineRule, type Rule } from '../../../core/rules/types';

const CONFIG: Config = { ...DEFAULT_CONFIG, rules: { 'trigger-on-existing-table': 'warning' } };

const seen = (r: LintResult): string[] => r.findings.map((f) => JSON.stringify([f.ruleId, f.range, f.message, f.fixes.map((x) => x.edits)]));

/** Lints each text in turn as the editor does, and checks each result against a lint from scratch. */
function edits(texts: readonly string[], options: { rules?: readonly Rule[] } = {}): LintResult[] {
  return texts.map((text, i) => {
    const incremental = lintText(text, { config: CONFIG, fileName: 'db/migrate/001_x.sql', incremental: true, ...options });
    const fresh = lintText(text, { config: CONFIG, fileName: 'db/migrate/001_x.sql', ...options });
    assert.deepEqual(seen(incremental), seen(fresh), `after edit ${i}`);
    return incremental;
  });
}

let judged: string[] = [];
/** A statement-scoped rule that says which statements it judged. */
const counting = defineRule({
  meta: { id: 'counting', category: 'query', defaultSeverity: 'info', fixable: true, scope: 'statement', docs: { summary: 's', why: 'w', instead: 'i', bad: 'select 1;', good: 'values (1);' } },
  create: (context) => ({
    SelectStmt(_node, { statement }) {
      judged.push(statement.text.trim());
      const range = statement.headRange();
      context.report({ range, message: 'a select', fixes: [{ title: 'Say it', edits: [{ range, newText: 'SELECT' }] }] });
    },
  }),
});

describe('lint engine: statement-scoped findings kept across edits', () => {
  it('judges only the statements an edit changed, and moves the others\' findings and fixes', () => {
    judged = [];
    const [first, second] = edits(['select 1;\nselect 2;\nselect 3;\n', '-- note\nselect 1;\nselect 22;\nselect 3;\n'], { rules: [counting] });
    assert.equal(first.findings.length, 3);
    // Each text is linted twice (editor, fresh): the editor's second lint judged only `select 22`.
    assert.deepEqual(judged, ['select 1;', 'select 2;', 'select 3;', 'select 1;', 'select 2;', 'select 3;', 'select 22;', 'select 1;', 'select 22;', 'select 3;']);
    assert.equal(second.findings[0].range.start, '-- note\n'.length);
    assert.equal(second.findings[0].fixes[0].edits[0].range.start, '-- note\n'.length);
  });

  it('asks again whether a relation was created earlier in the file', () => {
    const truncate = ALL_RULES.filter((r) => r.meta.id === 'ban-truncate');
    const results = edits(['TRUNCATE sessions;\n', 'CREATE TABLE sessions (id bigint);\nTRUNCATE sessions;\n', 'TRUNCATE sessions;\n'], { rules: truncate });
    assert.deepEqual(results.map((r) => r.findings.length), [1, 0, 1]);
  });

  it('keys on the statement\'s facts: a lock_timeout set above changes them', () => {
    const trigger = ALL_RULES.filter((r) => r.meta.id === 'trigger-on-existing-table');
    const create = 'CREATE TRIGGER audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION audit_row();\n';
    const results = edits([create, `SET lock_timeout = '2s';\n${create}`, create], { rules: trigger });
    assert.deepEqual(results.map((r) => r.findings.length), [1, 0, 1]);
  });

  it('keys on what a rule reads of the whole file (Rule.fileInputs): a column added to a table elsewhere', () => {
    const shadows = ALL_RULES.filter((r) => r.meta.id === 'plpgsql-variable-shadows-column');
    const fn = "CREATE FUNCTION f(p bigint) RETURNS bigint LANGUAGE plpgsql AS $$\nDECLARE\n  name text;\nBEGIN\n  SELECT id INTO p FROM t WHERE name = 'x';\n  RETURN p;\nEND $$;\n";
    const results = edits([`CREATE TABLE t (id bigint);\n${fn}`, `CREATE TABLE t (id bigint, name text);\n${fn}`, `CREATE TABLE t (id bigint);\n${fn}`], { rules: shadows });
    assert.deepEqual(results.map((r) => r.findings.length), [0, 1, 0]);
  });

  it('gives every rule the same findings as a fresh lint over a sequence of edits', () => {
    edits([
      'ALTER TABLE orders RENAME TO purchases;\nSELECT * FROM a, b;\nDROP DATABASE x;\n',
      'BEGIN;\nALTER TABLE orders RENAME TO purchases;\nSELECT * FROM a, b;\nDROP DATABASE x;\nCOMMIT;\n',
      'CREATE TABLE orders (id int);\nALTER TABLE orders RENAME TO purchases;\nSELECT * FROM a, b;\n',
      'SELECT * FROM a, b;\nALTER TABLE orders RENAME TO purchases;\n',
    ]);
  });

  it('refuses a statement-scoped rule the file\'s schema', () => {
    const greedy = defineRule({ ...counting, meta: { ...counting.meta, id: 'greedy' }, create: (context) => ({ SelectStmt: () => void context.fileSchema() }) });
    const result = lintText('select 1;', { rules: [greedy] });
    assert.equal(result.ruleFailures[0]?.ruleId, 'greedy');
    assert.match(result.ruleFailures[0].message, /statement-scoped/);
  });
});
