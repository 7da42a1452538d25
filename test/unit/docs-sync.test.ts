// The generated documentation (docs/rules/, the README rule table) and the configuration schema must match the
// rules as they are now. They are regenerated in memory and compared; `npm run docs` writes them.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { docsInput } from '../../scripts/docs/docs-input';
import { lintText } from '../../core/lint';
import { applyEdits } from '../../core/fixes';
import { parseConfig } from '../../core/config/config';
import { knownRuleIds } from '../../core/config/discover';

const STALE = 'is stale: run npm run docs';

describe('generated docs and schema', () => {
  const input = docsInput();

  it('docs/rules has exactly one current page per rule, schema-aware check and built-in finding, plus the index', async () => {
    const { ruleDocFiles, RULE_DOCS_DIR } = await import('../../scripts/gen-docs.mjs');
    const expected = ruleDocFiles(input);
    assert.equal(expected.size, input.rules.length + input.schemaChecks.length + input.builtins.length + 1);
    const actual = existsSync(RULE_DOCS_DIR) ? readdirSync(RULE_DOCS_DIR).filter((n) => n.endsWith('.md')).sort() : [];
    assert.deepEqual(actual, [...expected.keys()].sort(), `docs/rules ${STALE}`);
    for (const [name, text] of expected) assert.ok(readFileSync(join(RULE_DOCS_DIR, name), 'utf8') === text, `docs/rules/${name} ${STALE}`);
  });

  it("README.md's rule table is current", async () => {
    const { README_FILE, readmeRulesBlock, withRulesBlock } = await import('../../scripts/gen-docs.mjs');
    const readme = readFileSync(README_FILE, 'utf8');
    assert.ok(withRulesBlock(readme, readmeRulesBlock(input)) === readme, `the rule table in README.md ${STALE}`);
    for (const r of [...input.rules, ...input.schemaChecks]) assert.ok(readme.includes(`[${r.id}](docs/rules/${r.id}.md)`), `README.md does not list ${r.id}`);
  });

  it('docs/findings.json is current: one entry per finding id, as the catalogue has it', async () => {
    const { FINDINGS_FILE, findingsText } = await import('../../scripts/gen-docs.mjs');
    assert.ok(readFileSync(FINDINGS_FILE, 'utf8') === findingsText(input), `docs/findings.json ${STALE}`);
    const ids = input.findings.map((f) => f.id);
    assert.equal(new Set(ids).size, ids.length, 'an id is listed twice');
    for (const r of [...input.rules, ...input.schemaChecks, ...input.builtins]) assert.ok(ids.includes(r.id), `docs/findings.json lacks ${r.id}`);
  });

  it('schemas/pg-architect.schema.json is current and names every id the configuration accepts', async () => {
    const { SCHEMA_FILE, configSchema, schemaText } = await import('../../scripts/gen-config-schema.mjs');
    assert.ok(readFileSync(SCHEMA_FILE, 'utf8') === schemaText(input), `schemas/pg-architect.schema.json ${STALE}`);
    const rules = (configSchema(input).properties as { rules: { properties: Record<string, unknown> } }).rules.properties;
    // Every id in the schema is one pg-architect.json accepts without a problem.
    const config = parseConfig(JSON.stringify({ rules: Object.fromEntries(Object.keys(rules).map((id) => [id, 'off'])) }), knownRuleIds());
    assert.deepEqual(config.problems, []);
    for (const r of [...input.rules, ...input.schemaChecks]) assert.ok(r.id in rules, `schema lacks ${r.id}`);
    // A check with options: the schema offers the object form with exactly those options, and the parser takes it.
    for (const [id, options] of Object.entries(input.ruleOptions)) {
      const property = rules[id] as { anyOf?: { properties?: Record<string, unknown> }[] };
      assert.deepEqual(Object.keys(property.anyOf?.[1]?.properties ?? {}).sort(), ['severity', ...Object.keys(options)].sort(), `schema of ${id}`);
      const setting = { severity: 'info', ...Object.fromEntries(Object.entries(options).map(([name, o]) => [name, o.default])) };
      assert.deepEqual(parseConfig(JSON.stringify({ rules: { [id]: setting } }), knownRuleIds()).problems, []);
    }
  });

  describe('built-in findings: the documented examples are what the linter does', () => {
    for (const b of input.builtins.filter((x) => !(x as { observed?: boolean }).observed)) {
      it(b.id, () => {
        const bad = lintText(b.docs.bad).findings.filter((f) => f.ruleId === b.id);
        assert.ok(bad.length > 0, `${b.id} is not reported on its bad example`);
        assert.ok(bad.every((f) => f.severity === b.defaultSeverity), `default severity is not ${b.defaultSeverity}`);
        assert.equal(bad.some((f) => f.fixes.length > 0), b.fixable, `fixable is ${b.fixable}`);
        assert.deepEqual(lintText(b.docs.good).findings.filter((f) => f.ruleId === b.id).map((f) => f.message), []);
        if (b.docs.fixed !== undefined) assert.equal(applyEdits(b.docs.bad, bad.flatMap((f) => f.fixes[0].edits)).text, b.docs.fixed);
      });
    }
  });
});
