import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONFIG, isIncluded, parseConfig, ruleSetting } from '../../../core/config/config';
import { loadConfig } from '../../../core/config/discover';

const known = new Set(['require-concurrent-index-creation', 'syntax-error']);

describe('pg-architect.json', () => {
  it('reads rule severities, version, transaction assumption and globs', () => {
    const { config, problems } = parseConfig(
      JSON.stringify({ rules: { 'require-concurrent-index-creation': 'error', 'syntax-error': 'off' }, postgresVersion: 12, assumeInTransaction: true, include: ['db/**/*.sql'], exclude: ['db/seed/**'] }),
      known,
    );
    assert.deepEqual(problems, []);
    assert.equal(ruleSetting(config, 'require-concurrent-index-creation', 'warning'), 'error');
    assert.equal(ruleSetting(config, 'syntax-error', 'error'), 'off');
    assert.equal(config.postgresVersion, 12);
    assert.equal(config.assumeInTransaction, true);
    assert.ok(isIncluded(config, 'db/migrations/001.sql'));
    assert.ok(!isIncluded(config, 'db/seed/data.sql'));
    assert.ok(!isIncluded(config, 'other/x.sql'));
  });

  it('accepts comments like VS Code settings files', () => {
    const { config, problems } = parseConfig('{\n  // target\n  "postgresVersion": 15, /* why */ "rules": {}\n}', known);
    assert.deepEqual(problems, []);
    assert.equal(config.postgresVersion, 15);
  });

  it('reports problems as values and keeps what is valid', () => {
    const { config, problems } = parseConfig(JSON.stringify({ rules: { 'no-such-rule': 'error', 'require-concurrent-index-creation': 'loud' }, postgresVersion: 42, colour: 'red' }), known);
    assert.deepEqual(problems.map((p) => p.message).sort(), [
      '"postgresVersion" must be a major version from 9 to 18',
      'Rule "require-concurrent-index-creation": expected "off", "error", "warning", "info" or "hint", got "loud"',
      'Unknown rule "no-such-rule"',
      'Unknown setting "colour"',
    ]);
    assert.equal(config.postgresVersion, DEFAULT_CONFIG.postgresVersion);
  });

  it('survives invalid JSON with a clear message', () => {
    const { config, problems } = parseConfig('{ "rules": ', known);
    assert.equal(config, DEFAULT_CONFIG);
    assert.match(problems[0].message, /not valid JSON/);
  });

  it('excludes node_modules by default', () => {
    assert.ok(!isIncluded(DEFAULT_CONFIG, 'node_modules/pkg/x.sql'));
    assert.ok(isIncluded(DEFAULT_CONFIG, 'migrations/001.sql'));
    assert.ok(isIncluded(DEFAULT_CONFIG, 'a/b.pgsql'));
  });

  it('finds the nearest configuration file upwards', () => {
    const root = mkdtempSync(join(tmpdir(), 'pga-config-'));
    mkdirSync(join(root, 'db', 'migrations'), { recursive: true });
    writeFileSync(join(root, 'pg-architect.json'), JSON.stringify({ postgresVersion: 13 }));
    const loaded = loadConfig(join(root, 'db', 'migrations'));
    assert.equal(loaded.path, join(root, 'pg-architect.json'));
    assert.equal(loaded.root, root);
    assert.equal(loaded.config.postgresVersion, 13);
  });
});
