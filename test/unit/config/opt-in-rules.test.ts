// Opt-in rules (meta.optIn): off unless pg-architect.json gives them a severity, and documented as such.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { lintText } from '../../../core/lint';
import { DEFAULT_CONFIG, defaultSetting, parseConfig, ruleSetting } from '../../../core/config/config';
import { knownRuleIds } from '../../../core/config/discover';
import { ALL_RULES } from '../../../core/rules/registry';
import { docsInput } from '../../../scripts/docs/docs-input';
import { sarifRules } from '../../../cli/formats/sarif';

const optIn = ALL_RULES.filter((r) => r.meta.optIn);
const lint = (sql: string, fileName: string | undefined, rules: Record<string, 'warning' | 'off'> = {}) =>
  lintText(sql, { fileName: fileName ?? 'migrations/001_example.sql', config: { ...DEFAULT_CONFIG, ...{ rules } } });

describe('opt-in rules', () => {
  it('exist: the rules measured as mostly noise', () => {
    for (const id of ['trigger-on-existing-table', 'prefer-lookup-table-over-enum', 'function-search-path-mutable']) assert.ok(optIn.some((r) => r.meta.id === id), id);
  });

  for (const { meta } of optIn) {
    describe(meta.id, () => {
      it('is off by default and on once the configuration names it', () => {
        const file = meta.docs.exampleFile;
        assert.equal(defaultSetting(meta), 'off');
        assert.deepEqual(lint(meta.docs.bad, file).findings.filter((f) => f.ruleId === meta.id), []);
        const { config, problems } = parseConfig(JSON.stringify({ rules: { [meta.id]: 'warning' } }), knownRuleIds());
        assert.deepEqual(problems, []);
        assert.equal(ruleSetting(config, meta.id, defaultSetting(meta)), 'warning');
        assert.ok(lint(meta.docs.bad, file, { [meta.id]: 'warning' }).findings.some((f) => f.ruleId === meta.id && f.severity === 'warning'));
      });

      it('an ignore comment naming it while it is off is not "unused"', () => {
        const sql = `-- pg-architect-ignore-file ${meta.id}\n${meta.docs.bad}`;
        assert.deepEqual(lint(sql, meta.docs.exampleFile).findings.filter((f) => f.ruleId === 'unused-ignore'), []);
      });

      it('says so in the README table, its page, the configuration schema and SARIF', async () => {
        const { ruleDocFiles } = await import('../../../scripts/gen-docs.mjs');
        const { configSchema } = await import('../../../scripts/gen-config-schema.mjs');
        const input = docsInput();
        assert.match(readFileSync('README.md', 'utf8'), new RegExp(`\\[${meta.id}\\]\\(docs/rules/${meta.id}\\.md\\) \\| [^|]+ \\| off \\(opt-in\\) \\|`));
        assert.match(ruleDocFiles(input).get(`${meta.id}.md`) ?? '', /This rule is \*\*opt-in\*\*/);
        const rules = (configSchema(input).properties as { rules: { properties: Record<string, { description: string }> } }).rules.properties;
        assert.match(rules[meta.id].description, /Default: off \(opt-in/);
        assert.equal(sarifRules().find((r) => r.id === meta.id)?.defaultConfiguration.enabled, false);
      });
    });
  }

  it('every other rule is on by default at its severity', () => {
    for (const { meta } of ALL_RULES.filter((r) => !r.meta.optIn)) assert.equal(defaultSetting(meta), meta.defaultSeverity);
  });
});
