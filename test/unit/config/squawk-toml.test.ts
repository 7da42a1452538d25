// A project moving from squawk keeps its .squawk.toml: excluded rules off, its PostgreSQL version, its
// transaction assumption and excluded paths, when there is no pg-architect.json.
import { strict as assert } from 'node:assert';
import { configFromSquawkToml, parseTopLevelToml } from '../../../core/config/squawk-toml';
import { KNOWN_FINDINGS } from '../../../core/rules/catalog';
import { folder, runCli } from '../cli/run-cli';

const TOML = `# squawk's settings
excluded_rules = [
  "require-concurrent-index-creation", # tiny tables
  'prefer-robust-stmts',
  "not-a-rule-we-have",
]
pg_version = "13.4"
assume_in_transaction = true
excluded_paths = ["legacy/**"]

[upload_to_github]
fail_on_violations = true
`;

describe('.squawk.toml', () => {
  it('reads the top-level keys squawk uses (arrays over lines, comments, both quotes), not those of tables', () => {
    const { values, problems } = parseTopLevelToml(TOML);
    assert.deepEqual(problems, []);
    assert.deepEqual(values.get('excluded_rules'), ['require-concurrent-index-creation', 'prefer-robust-stmts', 'not-a-rule-we-have']);
    assert.equal(values.get('pg_version'), '13.4');
    assert.equal(values.get('assume_in_transaction'), true);
    assert.equal(values.has('fail_on_violations'), false);
  });

  it('becomes a configuration, saying what it cannot use', () => {
    const { config, notes } = configFromSquawkToml(TOML, (id) => KNOWN_FINDINGS.has(id));
    assert.deepEqual(config.rules, { 'require-concurrent-index-creation': 'off', 'prefer-robust-stmts': 'off' });
    assert.equal(config.postgresVersion, 13);
    assert.equal(config.assumeInTransaction, true);
    assert.ok(config.exclude.includes('legacy/**'));
    assert.deepEqual(notes, ['excluded_rules: "not-a-rule-we-have" is not a pg-architect rule (skipped)']);
  });

  it('is what lint uses when there is no pg-architect.json, and never stops the run', () => {
    const index = 'CREATE INDEX i ON orders (status);\n';
    const dir = folder({ '.squawk.toml': TOML, 'm.sql': index, 'legacy/old.sql': index });
    const r = runCli(['lint', '--format', 'json', '.'], dir);
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { file: string; ruleId: string }[]).map((f) => `${f.file} ${f.ruleId}`);
    assert.ok(!files.some((f) => f.includes('require-concurrent-index-creation')), files.join());
    assert.ok(!files.some((f) => f.startsWith('legacy/')), 'excluded_paths');
    assert.match(r.stderr, /read squawk's \.squawk\.toml/);
    const own = folder({ '.squawk.toml': TOML, 'pg-architect.json': '{}', 'm.sql': index });
    assert.ok((JSON.parse(runCli(['lint', '--format', 'json', '.'], own).stdout) as { ruleId: string }[]).some((f) => f.ruleId === 'require-concurrent-index-creation'), 'pg-architect.json wins');
  });
});
