// Hardening, item 10: input nested deeper than the analysis takes (2,000 nested IFs in a PL/pgSQL body, 5,000
// nested parentheses, CASE or subqueries, a chain of 10,000 operators) is a notice on that statement, never a
// crash: the rest of the file and the other files are linted and reported, by the CLI (in process and in worker
// threads) and by the language server, which keeps answering every request on such a document. A chain the
// parser itself cannot take is refused before it reaches the parser, which a native stack overflow would leave
// broken for every later statement.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { lintText } from '../../core/lint';
import { ensureServerBuilt, LspClient, ROOT } from '../helpers/lsp-client';

const RULE = 'require-concurrent-index-creation';
const INDEX = 'CREATE INDEX orders_status_idx ON orders (status);\n';
const NOTICE = /nested too deeply to analyse \((about )?[\d,]+ levels; the limit is 1,000\); it was not checked\.$/;

function nestedIfs(n: number): string {
  let body = '';
  for (let i = 0; i < n; i++) body += `IF x > ${i} THEN\n`;
  body += 'x := x + 1;\n';
  for (let i = 0; i < n; i++) body += 'END IF;\n';
  return `CREATE FUNCTION deep(x int) RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n${body}RETURN x;\nEND;\n$$;\n`;
}

const DEEP: Readonly<Record<string, string>> = {
  'ifs-2000.sql': nestedIfs(2000),
  'ifs-10000.sql': nestedIfs(10_000),
  'parentheses-5000.sql': `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)};\n`,
  'case-5000.sql': `SELECT ${'CASE WHEN status = 1 THEN '.repeat(5000)}1${' END'.repeat(5000)} FROM orders;\n`,
  'subqueries-5000.sql': `SELECT * FROM orders WHERE id IN (${'SELECT id FROM orders WHERE id IN ('.repeat(5000)}1${')'.repeat(5001)};\n`,
  // Parses (PostgreSQL's parser stack holds it), but 1,500 levels deep: past what the analysis walks.
  'subqueries-1500.sql': `SELECT * FROM orders WHERE id IN (${'SELECT id FROM orders WHERE id IN ('.repeat(1500)}1${')'.repeat(1501)};\n`,
  // Left-deep: nothing stops it in PostgreSQL's grammar, and the parser's native stack overflows on it.
  'operators-10000.sql': `SELECT ${Array(10_000).fill('total').join(' + ')} FROM orders;\n`,
};

function workspace(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pga-deep-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

interface JsonFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly message: string;
  readonly line: number;
}

/** The built CLI (dist/cli.js), as users run it. */
function lint(dir: string, ...args: string[]): { status: number | null; findings: JsonFinding[]; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'lint', '--format', 'json', ...args, '.'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  let findings: JsonFinding[] = [];
  try {
    findings = JSON.parse(r.stdout) as JsonFinding[];
  } catch {
    assert.fail(`not JSON (exit ${r.status}): ${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 2000)}`);
  }
  return { status: r.status, findings, stderr: r.stderr };
}

function assertDeepReported(findings: readonly JsonFinding[], stderr: string): void {
  for (const file of Object.keys(DEEP)) {
    const own = findings.filter((f) => f.file === file);
    assert.deepEqual(own.map((f) => [f.ruleId, f.severity]), [['syntax-error', 'info']], `${file}: ${JSON.stringify(own)}`);
    assert.match(own[0].message, NOTICE, file);
  }
  assert.deepEqual(findings.filter((f) => f.file === 'other.sql').map((f) => f.ruleId), [RULE], 'the file beside them is linted');
  assert.doesNotMatch(stderr, /failed|internal error|stack|\n\s+at /i, 'no rule failure, internal error or stack trace');
}

describe('faults: deeply nested input is a notice, and everything else is still linted', function () {
  this.timeout(300_000);
  let dir: string;

  before(() => {
    ensureServerBuilt();
    dir = workspace({ ...DEEP, 'other.sql': INDEX });
  });

  it('the CLI in one process: a notice per deep file, the finding of the file beside them, exit 0', () => {
    const r = lint(dir, '--jobs', '1');
    assertDeepReported(r.findings, r.stderr);
    assert.equal(r.status, 0);
  });

  it('the CLI in worker threads: the same report', () => {
    const pooled = lint(dir, '--jobs', '2');
    assertDeepReported(pooled.findings, pooled.stderr);
    assert.equal(pooled.status, 0);
    assert.deepEqual(pooled.findings, lint(dir, '--jobs', '1').findings);
  });

  it('checks the statements around a deep one, and the rest of a PL/pgSQL body around deep SQL', () => {
    const routine = `CREATE FUNCTION f(x int) RETURNS int LANGUAGE plpgsql AS $$\nBEGIN\n  SELECT id INTO x FROM orders;\n  x := ${Array(10_000).fill('x').join(' + ')};\n  RETURN x;\nEND;\n$$;\n`;
    const r = lintText(`${INDEX}${DEEP['ifs-2000.sql']}${routine}${DEEP['operators-10000.sql']}${INDEX}`);
    assert.deepEqual(r.ruleFailures, []);
    const shown = new Set([RULE, 'syntax-error', 'plpgsql-select-into-without-strict']);
    const seen = r.findings.filter((f) => shown.has(f.ruleId)).map((f) => [f.ruleId, f.severity, r.document.lines.positionAt(f.range.start).line]);
    const lines = r.document.text.split('\n');
    const routineLine = lines.findIndex((l) => l.startsWith('CREATE FUNCTION f('));
    assert.deepEqual(seen, [
      [RULE, 'warning', 0],
      ['syntax-error', 'info', 1],
      ['plpgsql-select-into-without-strict', 'hint', routineLine + 2],
      ['syntax-error', 'info', routineLine + 3],
      ['syntax-error', 'info', routineLine + 7],
      [RULE, 'warning', routineLine + 8],
    ]);
    const notices = r.findings.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message);
    assert.match(notices[0], /^PL\/pgSQL body is nested too deeply to analyse \(2,004 levels; the limit is 1,000\)/);
    assert.match(notices[1], /^SQL is nested too deeply to analyse \(about 10,000 levels/);
    assert.match(notices[2], /^Statement is nested too deeply to analyse \(about 10,000 levels/);
  });

  it('keeps the parser sound after many statements it could not have taken', () => {
    // Each would overflow the parser's native stack, leaving its own stack pointer behind: a few dozen of them
    // used to break every later parse ("table index is out of bounds").
    const chains = Array.from({ length: 60 }, (_, i) => `SELECT ${Array(12_000).fill('total').join(' * ')} + ${i} FROM orders;\n`).join('');
    const r = lintText(`${chains}SELEC 1;\n${INDEX}`);
    assert.deepEqual(r.ruleFailures, []);
    const tail = r.findings.slice(-2).map((f) => [f.ruleId, f.severity, f.message]);
    assert.deepEqual(tail, [
      ['syntax-error', 'error', 'syntax error at or near "SELEC"'],
      [RULE, 'warning', r.findings.at(-1)!.message],
    ]);
    assert.equal(r.findings.filter((f) => NOTICE.test(f.message)).length, 60);
  });

  it('analyses nesting up to the limit with no rule failing', () => {
    // Just under 1,000 levels in each shape the analysis recurses over: every rule runs on them.
    const shapes = [
      `SELECT ${Array(990).fill('total').join(' || ')} FROM orders;`,
      `${Array(990).fill('SELECT id FROM orders').join(' UNION ')};`,
      `SELECT * FROM orders o0${Array.from({ length: 990 }, (_, i) => ` JOIN orders o${i + 1} ON o${i + 1}.id = o${i}.id`).join('')};`,
      `SELECT ${'CASE WHEN total > 1 THEN '.repeat(490)}1${' END'.repeat(490)} FROM orders;`,
      `SELECT * FROM orders WHERE id IN (${'SELECT id FROM orders WHERE id IN ('.repeat(490)}1${')'.repeat(491)};`,
      nestedIfs(990),
    ];
    for (const text of shapes) {
      const r = lintText(text);
      assert.deepEqual(r.ruleFailures, [], text.slice(0, 60));
      assert.ok(!r.findings.some((f) => NOTICE.test(f.message)), `analysed: ${text.slice(0, 60)}`);
    }
  });

  describe('the language server', () => {
    let client: LspClient;
    const uri = (name: string): string => pathToFileURL(join(dir, name)).href;

    before(async () => {
      client = await LspClient.start({ workspaceFolders: [dir] });
    });
    after(async () => client?.kill());

    it('publishes a notice for each deep document and the finding of the one beside them', async () => {
      for (const [name, text] of Object.entries(DEEP)) client.open(uri(name), text);
      client.open(uri('other.sql'), INDEX);
      for (const name of Object.keys(DEEP)) {
        const diagnostics: Diagnostic[] = await client.waitForDiagnostics(uri(name));
        assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['syntax-error', DiagnosticSeverity.Information]], name);
        assert.match(diagnostics[0].message, NOTICE);
      }
      assert.deepEqual((await client.waitForDiagnostics(uri('other.sql'))).map((d) => d.code), [RULE]);
    });

    it('answers every request on a deep document, without a failure in its log', async () => {
      for (const name of Object.keys(DEEP)) {
        const textDocument = { uri: uri(name) };
        const end = client.document(uri(name)).positionAt(DEEP[name].length - 3);
        const position = { line: Math.floor(end.line / 2), character: 5 };
        await client.request('textDocument/documentSymbol', { textDocument });
        await client.request('textDocument/foldingRange', { textDocument });
        await client.request('textDocument/semanticTokens/full', { textDocument });
        await client.request('textDocument/semanticTokens/range', { textDocument, range: { start: { line: 0, character: 0 }, end } });
        for (const at of [{ line: 0, character: 3 }, position, end]) {
          await client.request('textDocument/hover', { textDocument, position: at });
          await client.request('textDocument/completion', { textDocument, position: at });
          await client.request('textDocument/definition', { textDocument, position: at });
          await client.request('textDocument/references', { textDocument, position: at, context: { includeDeclaration: true } });
          await client.request('textDocument/signatureHelp', { textDocument, position: at });
          await client.request('textDocument/codeAction', { textDocument, range: { start: at, end: at }, context: { diagnostics: [] } });
        }
      }
      assert.ok(client.running, client.stderr);
      const failures = client.logs.filter((l) => / failed|exception|rejection/i.test(l.message));
      assert.deepEqual(failures, []);
    });
  });
});
