import { strict as assert } from 'node:assert';
import { lintText } from '../../../core/lint';
import { DEFAULT_CONFIG } from '../../../core/config/config';
import { defineRule, type Rule } from '../../../core/rules/types';

const throwing: Rule = defineRule({
  meta: { id: 'always-throws', category: 'query', defaultSeverity: 'warning', fixable: false, docs: { summary: 's', why: 'w', instead: 'i', bad: 'select 1;', good: 'select 1;' } },
  create: () => ({
    SelectStmt() {
      throw new Error('boom');
    },
  }),
});

const versioned: Rule = defineRule({
  meta: { id: 'old-versions-only', category: 'query', defaultSeverity: 'info', fixable: false, postgresVersions: { max: 10 }, docs: { summary: 's', why: 'w', instead: 'i', bad: 'select 1;', good: 'select 1;' } },
  create: (context) => ({
    SelectStmt(_node, info) {
      context.report({ range: info.statement.headRange(), message: 'old' });
    },
  }),
});

describe('lint engine', () => {
  it('turns a throwing rule into a rule failure and keeps linting', () => {
    const result = lintText('select 1; select * fro t where;', { rules: [throwing] });
    assert.equal(result.ruleFailures.length, 1);
    assert.equal(result.ruleFailures[0].ruleId, 'always-throws');
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['syntax-error']);
  });

  it('runs a rule only on the PostgreSQL versions it applies to', () => {
    assert.equal(lintText('select 1;', { rules: [versioned], config: { ...DEFAULT_CONFIG, postgresVersion: 10 } }).findings.length, 1);
    assert.equal(lintText('select 1;', { rules: [versioned], config: { ...DEFAULT_CONFIG, postgresVersion: 16 } }).findings.length, 0);
  });

  it('applies configured severities and turns rules off', () => {
    const text = 'CREATE INDEX i ON orders (customer_id);';
    const error = lintText(text, { config: { ...DEFAULT_CONFIG, rules: { 'require-concurrent-index-creation': 'error' } } });
    assert.equal(error.findings[0].severity, 'error');
    const off = lintText(text, { config: { ...DEFAULT_CONFIG, rules: { 'require-concurrent-index-creation': 'off' } } });
    assert.equal(off.findings.length, 0);
  });

  it('reports a statement too large to analyse instead of parsing it for seconds', () => {
    const huge = 'select ' + '1,'.repeat(600_000) + '1;';
    const result = lintText(huge);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].severity, 'info');
    assert.match(result.findings[0].message, /too large to analyse/);
  });

  it('reports syntax errors inside PL/pgSQL bodies', () => {
    const result = lintText('do $$ begin retrun; end $$;');
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.message]), [['syntax-error', 'syntax error at or near "retrun"']]);
  });
});
