// Every rule's documentation examples are its tests: the bad example must be reported, the good one not,
// and applying the fixes must give the documented result, parse, and satisfy the rule.
import { strict as assert } from 'node:assert';
import { ALL_RULES } from '../../core/rules/registry';
import { lintText } from '../../core/lint';
import { applyEdits } from '../../core/fixes';
import { DEFAULT_CONFIG, type Config } from '../../core/config/config';
import { RULE_CATEGORIES, SEVERITIES } from '../../core/rules/types';
import type { Rule } from '../../core/rules/types';
import { analyzeFile } from '../../core/project/analyze';
import { Project } from '../../core/project/project';
import { databaseCatalogFrom } from '../helpers/database-catalog';

function lintWith(rule: Rule, sql: string) {
  const settings = rule.meta.docs.exampleSettings ?? {};
  // Opt-in rules (meta.optIn) are off by default: their examples are linted with the rule turned on.
  const config: Config = { ...DEFAULT_CONFIG, ...settings, rules: { [rule.meta.id]: rule.meta.defaultSeverity } };
  const { exampleSchema, exampleDatabase } = rule.meta.docs;
  if (exampleSchema === undefined && exampleDatabase === undefined) return lintText(sql, { rules: [rule], config, fileName: rule.meta.docs.exampleFile ?? 'migrations/001_example.sql' });
  // A schema rule: the example is a query file of a project whose migration creates the example schema (or that
  // is connected to a database with it), analysed by the engine as the editor and the CLI do.
  const project = new Project('/example', { config });
  if (exampleSchema !== undefined) project.setFile('db/V1__schema.sql', 'db/V1__schema.sql', exampleSchema);
  if (exampleDatabase) {
    const catalog = databaseCatalogFrom(exampleDatabase.ddl, exampleDatabase.rowEstimates);
    project.setDatabase({ name: 'example', serverVersion: 16, readAt: '2026-01-01T00:00:00Z', catalog, problems: [] });
  }
  project.buildCatalog();
  return analyzeFile(project, 'queries/example.sql', { text: sql, config: { ...config, rules: Object.fromEntries(ALL_RULES.map((r) => [r.meta.id, r === rule ? rule.meta.defaultSeverity : 'off'])) } });
}

describe('rule examples', () => {
  it('has rules', () => assert.ok(ALL_RULES.length > 0));

  for (const rule of ALL_RULES) {
    const { meta } = rule;
    describe(meta.id, () => {
      it('has complete metadata', () => {
        assert.match(meta.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
        assert.ok(RULE_CATEGORIES.includes(meta.category));
        assert.ok(SEVERITIES.includes(meta.defaultSeverity));
        for (const key of ['summary', 'why', 'instead', 'bad', 'good'] as const) assert.ok(meta.docs[key].trim().length > 0, `docs.${key} is empty`);
      });

      it('reports the bad example', () => {
        const result = lintWith(rule, meta.docs.bad);
        assert.deepEqual(result.ruleFailures, []);
        assert.deepEqual(result.findings.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message), [], 'bad example must parse');
        assert.ok(result.findings.some((f) => f.ruleId === meta.id), `${meta.id} did not report its bad example`);
      });

      it('stays silent on the good example', () => {
        const result = lintWith(rule, meta.docs.good);
        assert.deepEqual(result.ruleFailures, []);
        assert.deepEqual(result.findings.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message), [], 'good example must parse');
        assert.deepEqual(result.findings.filter((f) => f.ruleId === meta.id).map((f) => f.message), []);
      });

      it(meta.fixable ? 'fixes the bad example' : 'offers no fix', () => {
        const result = lintWith(rule, meta.docs.bad);
        const own = result.findings.filter((f) => f.ruleId === meta.id);
        const withFix = own.filter((f) => f.fixes.length > 0);
        if (!meta.fixable) {
          assert.equal(withFix.length, 0, 'fixable is false but a fix was offered');
          return;
        }
        assert.ok(withFix.length > 0, 'fixable is true but no fix was offered on the bad example');
        const fixed = applyEdits(meta.docs.bad, withFix.flatMap((f) => f.fixes[0].edits)).text;
        if (meta.docs.fixed !== undefined) assert.equal(fixed, meta.docs.fixed);
        const after = lintWith(rule, fixed);
        assert.deepEqual(after.findings.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message), [], 'fixed text must parse');
        // What the fixes addressed is gone; findings the bad example had no fix for may stay.
        const unfixable = new Set(own.filter((f) => f.fixes.length === 0).map((f) => f.message));
        assert.deepEqual(after.findings.filter((f) => f.ruleId === meta.id && !unfixable.has(f.message)).map((f) => f.message), [], 'fixed text must satisfy the rule');
      });
    });
  }
});
