import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { folder, git, runCli } from './run-cli';

const INDEX = 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n';
const SYNTAX = 'SELECT * FRM orders;\n';

describe('pg-architect lint', function () {
  this.timeout(60_000);

  it('exits 0 on clean files and 0 with warnings only', () => {
    const dir = folder({ 'a.sql': 'SELECT 1;\n', 'b.sql': INDEX });
    const r = runCli(['lint', '.'], dir);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /warning\[require-concurrent-index-creation\]/);
    assert.match(r.stdout, /1 problem \(0 errors, 1 warning\) in 1 of 2 files\./);
  });

  it('exits 1 on error-severity findings and shows a code frame', () => {
    const dir = folder({ 'q.sql': SYNTAX });
    const r = runCli(['lint', 'q.sql'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /error\[syntax-error\]: syntax error at or near "FRM"\n  --> q\.sql:1:10\n  \|\n1 \| SELECT \* FRM orders;\n  \|          \^{3}\n/);
  });

  it('lines carets up under wide characters and tabs in the code frame', () => {
    const dir = folder({ 'w.sql': "SELECT\t'漢字', * FRM t;\n" });
    const r = runCli(['lint', 'w.sql'], dir);
    // tab = 4 columns, each CJK character = 2 columns: "SELECT" 6 + 4 + "'漢字', * " 9 = 19 columns before FRM.
    assert.match(r.stdout, /\n1 \| SELECT    '漢字', \* FRM t;\n  \| {21}\^\^\^\n/);
  });

  it('exits 2 for a missing path, an unknown option, a bad value', () => {
    const dir = folder({ 'a.sql': 'SELECT 1;' });
    const missing = runCli(['lint', 'nope.sql', 'a.sql'], dir);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /nope\.sql: no such file or directory/);
    assert.match(missing.stdout, /No problems found in 1 file\./, 'the readable file is still linted');
    assert.equal(runCli(['lint', '--colour'], dir).status, 2);
    assert.match(runCli(['lint', '--format', 'xml'], dir).stderr, /--format must be one of text, json, sarif, github/);
    assert.equal(runCli(['lint', '--postgres-version', '42'], dir).status, 2);
    assert.equal(runCli(['frobnicate'], dir).status, 2);
  });

  it('gives 1-based UTF-16 columns in JSON, after emoji and CJK on the same line', () => {
    const dir = folder({ 'u.sql': "SELECT '😀漢字', * FRM t;\n" });
    const r = runCli(['lint', '--format', 'json', 'u.sql'], dir);
    const findings = JSON.parse(r.stdout) as { file: string; ruleId: string; line: number; column: number; endLine: number; endColumn: number; severity: string }[];
    // "SELECT '😀漢字', * FRM t;": 😀 is two UTF-16 units, so "FRM" starts at unit 17 (0-based), column 18.
    assert.deepEqual(findings.map((f) => [f.file, f.ruleId, f.severity, f.line, f.column, f.endLine, f.endColumn]), [['u.sql', 'syntax-error', 'error', 1, 18, 1, 21]]);
  });

  it('includes the first fix as 1-based edits in JSON', () => {
    const dir = folder({ 'm.sql': INDEX });
    const [f] = JSON.parse(runCli(['lint', '--format', 'json', 'm.sql'], dir).stdout) as { fix: { title: string; edits: { line: number; column: number; endLine: number; endColumn: number; newText: string }[] } }[];
    assert.deepEqual(f.fix, { title: 'Add CONCURRENTLY', edits: [{ line: 1, column: 13, endLine: 1, endColumn: 13, newText: ' CONCURRENTLY' }] });
  });

  it('lists the files a fix creates in JSON: a migration of its own for CONCURRENTLY under goose\'s transaction', () => {
    const dir = folder({ 'db/00001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);\n', 'db/00002_index.sql': `-- +goose Up\nALTER TABLE orders ADD COLUMN note text;\n${INDEX}` });
    const findings = JSON.parse(runCli(['lint', '--format', 'json', 'db'], dir).stdout) as { ruleId: string; fix?: { title: string; edits: unknown[]; newFiles?: { path: string; text: string }[] } }[];
    const f = findings.find((x) => x.ruleId === 'require-concurrent-index-creation');
    assert.equal(f?.fix?.title, 'Move it, with CONCURRENTLY, to a new migration 00003_create_index_orders_customer_idx_concurrently.sql');
    assert.deepEqual(f?.fix?.newFiles?.map((n) => n.path), ['00003_create_index_orders_customer_idx_concurrently.sql']);
    assert.match(f?.fix?.newFiles?.[0].text ?? '', /^-- \+goose NO TRANSACTION\n-- \+goose Up\nCREATE INDEX CONCURRENTLY orders_customer_idx ON orders \(customer_id\);\n/);
  });

  it('writes SARIF 2.1.0 with rules and 1-based regions', () => {
    const dir = folder({ 'db/m.sql': `-- header\n${INDEX}` });
    const r = runCli(['lint', '--format', 'sarif', 'db'], dir);
    assert.equal(r.status, 0);
    const log = JSON.parse(r.stdout);
    assert.equal(log.version, '2.1.0');
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'pg-architect');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    const result = run.results[0];
    assert.equal(result.ruleId, 'require-concurrent-index-creation');
    assert.equal(result.level, 'warning');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.match(run.tool.driver.rules[result.ruleIndex].help.markdown, /CONCURRENTLY/);
    assert.deepEqual(result.locations[0].physicalLocation, { artifactLocation: { uri: 'db/m.sql', uriBaseId: '%SRCROOT%' }, region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 13 } });
  });

  it('writes GitHub annotations with escaped properties and messages', () => {
    const dir = folder({ 'a,b:c.sql': SYNTAX });
    const r = runCli(['lint', '--format', 'github', '.'], dir);
    assert.equal(r.stdout, '::error file=a%2Cb%3Ac.sql,line=1,col=10,endLine=1,endColumn=13,title=syntax-error::syntax error at or near "FRM"\n');
  });

  it('follows pg-architect.json: a rule off, a rule as error, the target version', () => {
    const dir = folder({
      'pg-architect.json': JSON.stringify({ rules: { 'require-concurrent-index-creation': 'error' }, postgresVersion: 10 }),
      'm.sql': `${INDEX}ALTER TABLE orders ADD COLUMN flag boolean DEFAULT false;\n`,
    });
    const r = runCli(['lint', '--format', 'json', '.'], dir);
    const ids = (JSON.parse(r.stdout) as { ruleId: string; severity: string }[]).map((f) => `${f.ruleId}:${f.severity}`);
    assert.ok(ids.includes('require-concurrent-index-creation:error'), ids.join());
    assert.ok(ids.includes('adding-field-with-default:warning'), 'a default rewrites the table before PostgreSQL 11');
    assert.equal(r.status, 1);
    const v16 = runCli(['lint', '--format', 'json', '--postgres-version', '16', '.'], dir);
    assert.ok(!(JSON.parse(v16.stdout) as { ruleId: string }[]).some((f) => f.ruleId === 'adding-field-with-default'));
    const off = folder({ 'pg-architect.json': JSON.stringify({ rules: { 'require-concurrent-index-creation': 'off' } }), 'm.sql': INDEX });
    assert.match(runCli(['lint', '.'], off).stdout, /No problems found/);
  });

  it('fails with exit 2 for a --config that cannot be read', () => {
    const dir = folder({ 'm.sql': INDEX });
    const r = runCli(['lint', '--config', 'missing.json', '.'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /Cannot read/);
  });

  it('honours suppression comments', () => {
    const dir = folder({ 'm.sql': `-- pg-architect-ignore require-concurrent-index-creation -- small table\n${INDEX}` });
    assert.match(runCli(['lint', '.'], dir).stdout, /No problems found/);
  });

  it('skips binary files with a warning and reads invalid UTF-8 with replacement', () => {
    const dir = folder({ 'bin.sql': Buffer.from([0x00, 0x01, 0x02, 0xff]), 'latin1.sql': Buffer.from("SELECT 'caf\xe9' FRM t;\n", 'latin1') });
    const r = runCli(['lint', '.'], dir);
    assert.match(r.stderr, /bin\.sql: binary file: not linted/);
    assert.match(r.stderr, /latin1\.sql: not valid UTF-8/);
    assert.match(r.stdout, /latin1\.sql:1:/);
  });

  it('gives the same findings through worker threads as in-process', () => {
    const files: Record<string, string> = {};
    const big = `${INDEX}${'SELECT a, b, c FROM t WHERE x = NULL;\n'.repeat(4000)}`;
    for (let i = 0; i < 6; i++) files[`m${i}.sql`] = i % 2 === 0 ? big : `${SYNTAX}${big}`;
    const dir = folder(files);
    const pooled = runCli(['lint', '--format', 'json', '--jobs', '2', '.'], dir);
    const inProcess = runCli(['lint', '--format', 'json', '--jobs', '1', '.'], dir);
    assert.equal(pooled.status, inProcess.status);
    assert.ok(JSON.parse(inProcess.stdout).length > 6);
    assert.equal(pooled.stdout, inProcess.stdout);
  });

  it('walks folders for .sql, .psql and .pgsql files, skipping node_modules, and matches globs', () => {
    const dir = folder({ 'a.sql': SYNTAX, 'b.psql': SYNTAX, 'c.pgsql': SYNTAX, 'd.txt': SYNTAX, 'node_modules/x/e.sql': SYNTAX, 'sub/f.sql': SYNTAX });
    const all = (JSON.parse(runCli(['lint', '--format', 'json', '.'], dir).stdout) as { file: string }[]).map((f) => f.file);
    assert.deepEqual(all, ['a.sql', 'b.psql', 'c.pgsql', 'sub/f.sql']);
    const globbed = (JSON.parse(runCli(['lint', '--format', 'json', 'sub/*.sql'], dir).stdout) as { file: string }[]).map((f) => f.file);
    assert.deepEqual(globbed, ['sub/f.sql']);
  });

  it('lints standard input (-), named and placed by --stdin-filename (its migration layout)', () => {
    const sql = 'CREATE INDEX orders_status_idx ON orders (status);\n';
    const dir = folder({ 'db/00001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\n' });
    const anonymous = runCli(['lint', '--format', 'json', '-'], dir, {}, sql);
    assert.equal(anonymous.status, 0, anonymous.stderr);
    const findings = JSON.parse(anonymous.stdout) as { file: string; ruleId: string; message: string }[];
    assert.ok(findings.some((f) => f.file === '<stdin>' && f.ruleId === 'require-concurrent-index-creation'), anonymous.stdout);
    // Named as a goose migration of the project: judged as one (goose runs it in a transaction).
    const named = runCli(['lint', '--format', 'json', '--stdin-filename', 'db/00002_index.sql', '-'], dir, {}, `-- +goose Up\n${sql}`);
    const placed = (JSON.parse(named.stdout) as { file: string; ruleId: string; message: string }[]).find((f) => f.ruleId === 'require-concurrent-index-creation');
    assert.equal(placed?.file, 'db/00002_index.sql');
    assert.match(placed?.message ?? '', /goose/);
    assert.equal(runCli(['lint', '-', 'a.sql'], dir, {}, sql).status, 2, '- with paths is bad usage');
    assert.equal(runCli(['lint', '--stdin-filename', 'x.sql', 'a.sql'], dir).status, 2, '--stdin-filename without - is bad usage');
  });

  it('writes GitLab Code Quality JSON: severities, locations, fingerprints that survive lines added above', () => {
    const body = 'CREATE INDEX orders_status_idx ON orders (status);\nCREATE INDEX orders_status_idx2 ON orders (status);\n';
    const issuesOf = (text: string): { check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } }[] =>
      JSON.parse(runCli(['lint', '--format', 'gitlab', 'm.sql'], folder({ 'm.sql': text })).stdout);
    const before = issuesOf(body).filter((i) => i.check_name === 'require-concurrent-index-creation');
    assert.deepEqual(before.map((i) => [i.severity, i.location.path, i.location.lines.begin]), [['major', 'm.sql', 1], ['major', 'm.sql', 2]]);
    assert.notEqual(before[0].fingerprint, before[1].fingerprint);
    const after = issuesOf(`-- a comment added above\n${body}`).filter((i) => i.check_name === 'require-concurrent-index-creation');
    assert.deepEqual(after.map((i) => i.location.lines.begin), [2, 3]);
    assert.deepEqual(after.map((i) => i.fingerprint), before.map((i) => i.fingerprint), 'same findings, same fingerprints');
  });

  it('writes JUnit XML: a failing case per error or warning, escaped; a passing case for a clean file', () => {
    const dir = folder({ 'bad.sql': "CREATE INDEX i ON orders (status);\nSELECT '<&>' FORM t;\n", 'good.sql': 'SELECT 1;\n' });
    const xml = runCli(['lint', '--format', 'junit', '.'], dir).stdout;
    assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="pg-architect [^"]+" tests="\d+" failures="[1-9]\d*" errors="0">/);
    assert.match(xml, /<testsuite name="bad\.sql" tests="\d+" failures="[1-9]\d*"/);
    assert.match(xml, /<failure type="require-concurrent-index-creation" message="[^"<>]*">warning: /);
    assert.match(xml, /<testsuite name="good\.sql" tests="1" failures="0" errors="0">\n {4}<testcase name="lint" classname="good\.sql" file="good\.sql"\/>/);
    assert.doesNotMatch(xml.replace(/<\/?[a-z?][^>]*>/g, ''), /[<>]/, 'no raw markup outside the tags');
  });

  it('--fix applies the safe fixes to the files, says what it changed and reports what remains', () => {
    const dir = folder({ 'q.sql': 'SELECT * FROM t WHERE a = NULL;\nSELECT * FROM t WHERE b <> NULL;\n', 'clean.sql': 'SELECT 1;\n' });
    const before = JSON.parse(runCli(['lint', '--format', 'json', '.'], dir).stdout) as { ruleId: string }[];
    assert.equal(before.filter((f) => f.ruleId === 'null-comparison').length, 2);
    const r = runCli(['lint', '--fix', '--format', 'json', '.'], dir);
    assert.match(r.stderr, /fixed q\.sql: null-comparison \(Use IS NULL\), null-comparison \(Use IS NOT NULL\)/);
    assert.equal(readFileSync(join(dir, 'q.sql'), 'utf8'), 'SELECT * FROM t WHERE a IS NULL;\nSELECT * FROM t WHERE b IS NOT NULL;\n');
    assert.equal(readFileSync(join(dir, 'clean.sql'), 'utf8'), 'SELECT 1;\n', 'files without fixes are not written');
    assert.deepEqual((JSON.parse(r.stdout) as { ruleId: string }[]).filter((f) => f.ruleId === 'null-comparison'), []);
    assert.equal(runCli(['lint', '--fix', '-'], dir, {}, 'SELECT 1;').status, 2, 'standard input cannot be fixed');
  });

  it('--changed-since lints only what changed since a git revision (and untracked files), against the whole project', () => {
    const dir = folder({
      'db/00001_orders.sql': '-- +goose Up\nCREATE TABLE orders (id bigint PRIMARY KEY, status text);\n',
      'db/00002_old_index.sql': '-- +goose Up\nCREATE INDEX orders_id_status ON orders (status);\n',
    });
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    writeFileSync(join(dir, 'db/00003_new_index.sql'), '-- +goose Up\nCREATE INDEX orders_status_idx ON orders (status);\n');
    const r = runCli(['lint', '--format', 'json', '--changed-since', 'HEAD', '.'], dir);
    assert.equal(r.status, 0, r.stderr);
    const files = [...new Set((JSON.parse(r.stdout) as { file: string }[]).map((f) => f.file))];
    assert.deepEqual(files, ['db/00003_new_index.sql'], 'the old migration is not reported');
    assert.match(r.stderr, /1 of 3 SQL files changed since HEAD/);
    assert.equal(runCli(['lint', '--changed-since', 'no-such-ref', '.'], dir).status, 2, 'a bad revision is bad usage');
  });

  it('--write-baseline records today\'s findings; --baseline then reports only new ones, even after lines are added above', () => {
    const old = 'CREATE INDEX orders_status_idx ON orders (status);\n';
    const dir = folder({ 'm.sql': old });
    const written = runCli(['lint', '--write-baseline', 'baseline.json', '.'], dir);
    assert.equal(written.status, 0, written.stderr);
    assert.match(written.stderr, /wrote 1 finding to the baseline baseline\.json/);
    const clean = runCli(['lint', '--format', 'json', '--baseline', 'baseline.json', '--max-warnings', '0', '.'], dir);
    assert.equal(clean.status, 0, clean.stderr);
    assert.deepEqual(JSON.parse(clean.stdout), []);
    assert.match(clean.stderr, /1 finding is in the baseline and not reported/);
    writeFileSync(join(dir, 'm.sql'), `-- a note added above\n${old}CREATE INDEX orders_total_idx ON orders (total);\n`);
    const next = runCli(['lint', '--format', 'json', '--baseline', 'baseline.json', '.'], dir);
    const reported = JSON.parse(next.stdout) as { ruleId: string; line: number }[];
    assert.deepEqual(reported.map((f) => [f.ruleId, f.line]), [['require-concurrent-index-creation', 3]], 'only the new index');
    writeFileSync(join(dir, 'not-a-baseline.json'), '{}');
    assert.equal(runCli(['lint', '--baseline', 'not-a-baseline.json', '.'], dir).status, 2);
  });

  it('prints help and version', () => {
    const dir = folder({});
    assert.match(runCli(['--help'], dir).stdout, /Commands:\n {2}lint/);
    assert.match(runCli(['lint', '--help'], dir).stdout, /Exit codes: 0/);
    assert.match(runCli(['--version'], dir).stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe('pg-architect lint --timing', function () {
  this.timeout(60_000);

  it('says on stderr where the time went (phases, the parser, the schema pass, the rules) and leaves the report as it is', () => {
    const dir = folder({
      'migrations/001_shop.sql': 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL);\n',
      'migrations/002_index.sql': INDEX,
      'queries/report.sql': 'SELECT id FROM orders WHERE customer_id = 42;\n',
    });
    const plain = runCli(['lint', '.', '--format', 'json'], dir);
    const timed = runCli(['lint', '.', '--format', 'json', '--timing'], dir);
    assert.equal(timed.status, plain.status, timed.stderr);
    assert.equal(timed.stdout, plain.stdout);
    assert.doesNotMatch(plain.stderr, /where the time went/);
    const lines = timed.stderr.split('\n');
    const total = Number(/where the time went \(--timing\), ([\d,]+) ms in all/.exec(timed.stderr)?.[1].replace(/,/g, ''));
    assert.ok(total > 0, timed.stderr);
    for (const phase of ['start-up (Node.js, loading pg-architect', 'building the schema in migration order', 'analysing the files', 'writing the report']) {
      assert.ok(lines.some((l) => l.trimStart().startsWith(phase) && /\d ms +\d+ %$/.test(l)), `${phase} in\n${timed.stderr}`);
    }
    // Three files' statements went through PostgreSQL's parser; the schema checks ran once per file as one pass.
    assert.match(timed.stderr, /PostgreSQL's parser \([1-9]\d* statement texts\)/);
    assert.match(timed.stderr, /schema checks \(one pass for every schema rule\)/);
    assert.match(timed.stderr, /rules \([\d,]+ ms\), slowest first/);
  });
});
