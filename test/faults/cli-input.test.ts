// Hardening, items 5, 6 and 11: what a user types (or a broken file holds) reaches the CLI's messages.
// A broken pg-architect.json is exit 2 with its place, never a silently dropped configuration; a connection
// string typed in the wrong place is echoed without its password; a bad `%` escape in --db, a string
// "Execution Time" and a plan nested thousands of levels deep give a clear message, not a stack trace or NaN.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { deepPlanJson } from '../helpers/deep-plan';
import { LspClient } from '../helpers/lsp-client';

const ROOT = join(__dirname, '..', '..');
const INDEX = 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n';
const AS_ERROR = '"rules": { "require-concurrent-index-creation": "error" }';

function cli(args: readonly string[], cwd = ROOT): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), join(ROOT, 'cli', 'main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', PGPASSWORD: '', PGSERVICEFILE: '/nonexistent' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pga-faults-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('faults: a broken pg-architect.json is exit 2 with its place, never ignored', function () {
  this.timeout(120_000);

  it('accepts a trailing comma and comments (jsonc, as VS Code edits the file) and applies the rules', () => {
    const dir = folder({ 'pg-architect.json': `{\n  // why: CI blocks on locks\n  ${AS_ERROR},\n}\n`, 'm.sql': INDEX });
    const r = cli(['lint', 'm.sql'], dir);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /error\[require-concurrent-index-creation\]/);
  });

  it('stops with exit 2, the file, line and column when the file is not JSON', () => {
    const dir = folder({ 'pg-architect.json': `{\n  ${AS_ERROR}\n  "postgresVersion": 15\n}\n`, 'm.sql': INDEX });
    const r = cli(['lint', 'm.sql'], dir);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /pg-architect\.json:3:3: pg-architect\.json is not valid JSON: expected "," or "}" after the value of "rules", found "\\"" \(comments and trailing commas are accepted\)/);
    assert.equal(r.stdout, '', 'nothing is linted under a configuration that was not read');
  });

  it('stops with exit 2 for a file that is not an object, empty, or nested without end', () => {
    for (const text of ['[1, 2]', '', '  // nothing\n', '['.repeat(100_000)]) {
      const dir = folder({ 'pg-architect.json': text, 'm.sql': INDEX });
      const r = cli(['lint', 'm.sql'], dir);
      assert.equal(r.status, 2, `${JSON.stringify(text.slice(0, 20))}: ${r.stderr}`);
      assert.match(r.stderr, /pg-architect\.json:\d+:\d+: pg-architect\.json (must contain a JSON object|is not valid JSON)/);
      assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    }
  });

  it('stops with exit 2 on an unknown rule, a bad value or a setting given twice, each with its place', () => {
    const text = `{\n  "rules": {\n    "require-concurrent-index-creaton": "error"\n  },\n  "postgresVersion": "15",\n  "assumeInTransaction": true, "assumeInTransaction": false\n}\n`;
    const dir = folder({ 'pg-architect.json': text, 'm.sql': INDEX });
    const r = cli(['lint', 'm.sql'], dir);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /pg-architect\.json:3:5: Unknown rule "require-concurrent-index-creaton"/);
    assert.match(r.stderr, /pg-architect\.json:5:3: "postgresVersion" must be a major version/);
    assert.match(r.stderr, /pg-architect\.json:6:32: "assumeInTransaction" is set twice/);
  });

  it('stops with exit 2 when the file found cannot be read (a folder of that name, a file without permission)', () => {
    const dir = folder({ 'm.sql': INDEX });
    mkdirSync(join(dir, 'pg-architect.json'));
    const r = cli(['lint', 'm.sql'], dir);
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /pg-architect\.json: Cannot read .*not a regular file/);
    if (userInfo().uid === 0) return; // root reads any file
    const locked = folder({ 'pg-architect.json': `{ ${AS_ERROR} }`, 'm.sql': INDEX });
    chmodSync(join(locked, 'pg-architect.json'), 0o000);
    const denied = cli(['lint', 'm.sql'], locked);
    assert.equal(denied.status, 2, denied.stdout + denied.stderr);
    assert.match(denied.stderr, /pg-architect\.json: Cannot read .*EACCES/);
  });

  it('explain says so too (the configuration chooses its schema files)', () => {
    const dir = folder({ 'pg-architect.json': '{ "include": "db/*.sql" }', 'q.sql': 'SELECT 1;\n' });
    const r = cli(['explain', 'q.sql'], dir);
    assert.match(r.stderr, /pg-architect explain: .*pg-architect\.json:1:3: "include" must be an array of glob strings/);
  });

  it('shows the language server the same: an error placed where the file stops being JSON', async () => {
    const dir = folder({ 'pg-architect.json': `{\n  ${AS_ERROR}\n  "postgresVersion": 15\n}\n` });
    const client = await LspClient.start({ workspaceFolders: [dir] });
    try {
      const [problem, ...rest] = await client.waitForDiagnostics(pathToFileURL(join(dir, 'pg-architect.json')).href);
      assert.deepEqual(rest, []);
      assert.match(problem.message, /not valid JSON: expected "," or "}"/);
      assert.equal(problem.severity, DiagnosticSeverity.Error);
      assert.deepEqual(problem.range.start, { line: 2, character: 2 });
    } finally {
      await client.kill();
    }
  });
});

describe('faults: a connection string typed in the wrong place is echoed without its password', function () {
  this.timeout(300_000);
  const PW = 'S3cretPW';
  const URL_ = `postgres://app:${PW}@db.example.invalid/prod`;
  const SHOWN = 'postgres://app:***@db.example.invalid/prod';
  const dir = folder({ 'q.sql': 'SELECT 1;\n' });

  /** Runs the CLI; the password never shows; exit 2 with a message that still says what was wrong. */
  function refused(args: readonly string[], says: RegExp): string {
    const r = cli(args, dir);
    const out = r.stdout + r.stderr;
    assert.ok(!out.includes(PW), `${args.join(' ')} printed the password:\n${out}`);
    assert.equal(r.status, 2, `${args.join(' ')}: ${out}`);
    assert.match(r.stderr, says, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    return r.stderr;
  }

  it('as a stray positional (forgot --db), for every command', () => {
    for (const command of ['db-check', 'tune']) assert.ok(refused([command, URL_], /unexpected argument/).includes(SHOWN));
    for (const command of ['explain', 'advise-indexes', 'plan']) assert.ok(refused([command, URL_], /cannot read/).includes(SHOWN));
    assert.ok(refused(['lint', URL_], /no such file/).includes(SHOWN));
    refused([URL_], /unknown command "postgres:\/\/app:\*\*\*@/);
  });

  it('as a key=value connection string, with its password quoted or not', () => {
    for (const text of [`host=h password=${PW} dbname=x`, `host=h password = '${PW} x' dbname=x`]) {
      refused(['db-check', text], /unexpected argument "host=h password ?= ?\*\*\*/);
      refused(['plan', text], /cannot read host=h password ?= ?\*\*\*/);
    }
  });

  it('as the value of an option with choices, a number or a path', () => {
    for (const command of ['db-check', 'explain', 'advise-indexes', 'plan', 'lint', 'tune']) {
      assert.ok(refused([command, '--format', URL_], /--format must be one of/).includes(SHOWN), command);
      refused([command, `--format=${URL_}`], /--format must be one of/);
    }
    refused(['tune', '--ram', URL_], /--ram/);
    refused(['db-check', '--db', 'postgres://localhost/x', '--timeout', URL_], /--timeout/);
    refused(['lint', '--config', URL_, 'q.sql'], /Cannot read/);
    refused([`--${URL_}`], /unknown command/);
    refused(['lint', `--${URL_}`], /unknown option/);
  });

  it('a password with "@" or spaces in it is hidden whole', () => {
    for (const pw of [`${PW}@x`, `x@${PW}`, `${PW} x@y`]) {
      const r = cli(['db-check', `postgres://app:${pw}@h/db`], dir);
      assert.ok(!(r.stdout + r.stderr).includes(PW), r.stderr);
      assert.match(r.stderr, /unexpected argument "postgres:\/\/app:\*\*\*@h\/db"/);
    }
  });
});

describe('faults: a bad % escape in --db is a clear message, not a stack trace', function () {
  this.timeout(300_000);

  it('for every command that connects, without the password', () => {
    const dir = folder({ 'q.sql': 'SELECT 1;\n' });
    const bad = 'postgres://u:S3cret%zz@h/db';
    for (const args of [['db-check', '--db', bad], ['explain', '--db', bad, 'q.sql'], ['advise-indexes', '--db', bad, 'q.sql'], ['tune', '--db', bad], ['advise-indexes', '--import-stats-from', bad, 'q.sql']]) {
      const r = cli(args, dir);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /invalid % escape/, args.join(' '));
      assert.doesNotMatch(r.stderr, /\n\s+at |internal error/, 'no stack trace');
      assert.ok(!(r.stdout + r.stderr).includes('S3cret'), r.stderr);
    }
  });
});

describe('faults: a saved plan that is deep or mistyped is analysed, not a stack trace or NaN', function () {
  this.timeout(300_000);

  for (const depth of [2_000, 10_000]) {
    it(`pg-architect plan with a plan ${depth.toLocaleString('en-US')} levels deep, as text and as JSON`, () => {
      const dir = folder({ 'deep.json': deepPlanJson(depth) });
      const text = cli(['plan', 'deep.json'], dir);
      assert.equal(text.status, 0, text.stderr.slice(0, 2000));
      assert.match(text.stdout, /Seq Scan on t/);
      assert.equal(text.stderr, '');
      const json = cli(['plan', '--format', 'json', 'deep.json'], dir);
      assert.equal(json.status, 0, json.stderr.slice(0, 2000));
      assert.equal((JSON.parse(json.stdout) as { nodes: unknown[] }).nodes.length, depth);
    });
  }

  it('pg-architect plan with a string "Execution Time": no NaN, the time is absent', () => {
    const plan = [{ Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 't', 'Total Cost': 1, 'Plan Rows': 1, 'Actual Total Time': 2, 'Actual Loops': 1, 'Actual Rows': 1 }, 'Execution Time': '12 ms', 'Planning Time': '1.5' }];
    const dir = folder({ 'p.json': JSON.stringify(plan) });
    for (const format of ['text', 'json']) {
      const r = cli(['plan', '--format', format, 'p.json'], dir);
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stdout + r.stderr, /NaN|internal error/);
    }
    const json = JSON.parse(cli(['plan', '--format', 'json', 'p.json'], dir).stdout) as { executionTime: unknown; totalTime: unknown };
    assert.equal(json.executionTime, null);
    assert.equal(json.totalTime, 2);
  });
});

describe('faults: terminal controls in a file are printed as visible escapes', function () {
  this.timeout(120_000);

  it('lint: in the code frame and in names from the SQL', () => {
    const dir = folder({ 'm.sql': '-- \x1b]0;owned\x07\n/*\x1b[2J*/ CREATE INDEX i ON "t\x1b" (a); -- \x1b[31mred\u202e\n' });
    const r = cli(['lint', 'm.sql'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(!/[\x1b\x07\u202e]/.test(r.stdout + r.stderr), r.stdout);
    // The carets stay under the statement: escapes are measured as printed.
    assert.ok(r.stdout.includes('2 | /*\\x1b[2J*/ CREATE INDEX i ON "t\\x1b" (a); -- \\x1b[31mred\\u202e\n  | ' + ' '.repeat(12) + '^'.repeat(30) + '\n'), r.stdout);
  });

  it('plan: in node names, conditions and the error that quotes a line', () => {
    const dir = folder({ 'p.json': JSON.stringify({ Plan: { 'Node Type': 'Seq Scan', 'Relation Name': 't\x1b[2J', Filter: '(a = \x1b]0;x\x07)' } }), 'bad.txt': '\x1b[2J\x1b]0;x\x07 not a plan\n' });
    const ok = cli(['plan', 'p.json'], dir);
    assert.equal(ok.status, 0, ok.stderr);
    assert.ok(!/[\x1b\x07]/.test(ok.stdout), ok.stdout);
    assert.match(ok.stdout, /Seq Scan on t\\x1b\[2J/);
    const bad = cli(['plan', 'bad.txt'], dir);
    assert.equal(bad.status, 2);
    assert.ok(!/[\x1b\x07]/.test(bad.stderr), bad.stderr);
    assert.match(bad.stderr, /not EXPLAIN output: its first line \("\\x1b\[2J/);
  });
});
