// The server answers every input and keeps answering: binary files, huge files and statements, malformed SQL,
// requests with bad parameters, and it ends cleanly on shutdown/exit.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Hover } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';
import { codes, ours, RULE } from './known';
import { tempWorkspace } from './workspace';

describe('lsp: robustness', function () {
  this.timeout(120_000);
  let client: LspClient;
  let dir: string;
  let n = 0;
  const freshUri = (ext = 'sql'): string => pathToFileURL(join(dir, `input-${++n}.${ext}`)).href;

  before(async () => {
    dir = tempWorkspace();
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  /** After any input: a new document still gets its finding and a hover request still gets an answer. */
  async function stillAnswers(): Promise<void> {
    assert.ok(client.running, `the server exited: ${client.stderr}`);
    const uri = freshUri();
    client.open(uri, 'CREATE INDEX i ON t (a);');
    assert.deepEqual(codes(await client.waitForDiagnostics(uri)), [RULE]);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
    assert.ok(hover, 'hover answered');
  }

  const notAnalysed = async (text: string, code: string, message: RegExp): Promise<void> => {
    const uri = freshUri();
    client.open(uri, text);
    const diagnostics = await client.waitForDiagnostics(uri);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [[code, DiagnosticSeverity.Information]]);
    assert.match(diagnostics[0].message, message);
  };

  it('answers a file with NUL bytes with one "binary file" notice', async () => {
    await notAnalysed('SELECT 1;\0\0\x01CREATE INDEX i ON t (a);', 'binary-file', /^binary file: not analysed$/);
    await stillAnswers();
  });

  it('answers a file of mostly control characters (and undecodable bytes) with the same notice', async () => {
    let junk = '';
    for (let i = 0; i < 4000; i++) junk += String.fromCharCode(i % 3 === 0 ? 0xfffd : 1 + (i % 26));
    await notAnalysed(junk, 'binary-file', /^binary file: not analysed$/);
    await stillAnswers();
  });

  it('skips a 6 MB file with a notice saying why, and analyses it once it is small again', async () => {
    const line = 'INSERT INTO t (a, b) VALUES (1, \'some text to make the line longer\');\n';
    const big = line.repeat(Math.ceil((6 * 1024 * 1024) / line.length));
    const uri = freshUri();
    client.open(uri, big);
    const [notice, ...rest] = await client.waitForDiagnostics(uri);
    assert.equal(rest.length, 0);
    assert.equal(notice.code, 'file-too-large');
    assert.match(notice.message, /6\.0 MB is larger than 5 MB: not analysed/);
    client.setText(uri, 'CREATE INDEX i ON t (a);\n');
    assert.deepEqual(codes(await client.waitForDiagnostics(uri)), [RULE]);
    await stillAnswers();
  });

  it('reports an oversized statement without parsing it', async () => {
    const uri = freshUri();
    client.open(uri, `SELECT ${'1 + '.repeat(300_000)}1;\nCREATE INDEX i ON t (a);\n`);
    const diagnostics = ours(await client.waitForDiagnostics(uri));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [
      ['syntax-error', DiagnosticSeverity.Information],
      [RULE, DiagnosticSeverity.Warning],
    ]);
    assert.match(diagnostics[0].message, /too large to analyse/);
    await stillAnswers();
  });

  it('answers malformed SQL: unterminated dollar quote, quote and comment, deep nesting, stray bytes', async () => {
    const inputs: [string, string[]][] = [
      ['CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1;\nCREATE INDEX i ON t (a);', ['syntax-error', RULE]],
      ["SELECT 'unterminated;\nSELECT 1;", ['syntax-error']],
      ['/* never closed\nSELECT 1;', ['syntax-error']],
      [`SELECT ${'('.repeat(20_000)}1${')'.repeat(20_000)};`, ['syntax-error']],
      [`SELECT ${'ARRAY['.repeat(5_000)};`, ['syntax-error']],
      ['COPY t FROM STDIN;\n1\t2\n', []],
      ['\\set x 1\nSELECT :x, :\'x\', :"x";\n\\gexec', []],
      ['\uFEFF\uD800SELECT 1;\uDFFF', ['syntax-error', 'syntax-error']],
      [';;;;', []],
      ['', []],
    ];
    for (const [text, expected] of inputs) {
      const uri = freshUri();
      client.open(uri, text);
      const diagnostics = await client.waitForDiagnostics(uri);
      assert.deepEqual(codes(diagnostics), expected, JSON.stringify(text.slice(0, 60)));
      const end = client.document(uri).positionAt(text.length);
      for (const d of diagnostics) assert.ok(d.range.end.line <= end.line, `range inside the document: ${JSON.stringify(d.range)}`);
    }
    await stillAnswers();
  });

  it('answers requests with unknown documents, positions out of range and bad parameters', async () => {
    const unknown = { textDocument: { uri: freshUri() }, position: { line: 0, character: 0 } };
    assert.equal(await client.request('textDocument/hover', unknown), null);
    assert.deepEqual(await client.request('textDocument/codeAction', { ...unknown, range: { start: unknown.position, end: unknown.position }, context: { diagnostics: [] } }), []);

    const uri = freshUri();
    client.open(uri, 'CREATE INDEX i ON t (a);');
    await client.waitForDiagnostics(uri);
    // Past the end: clamped to the end of the document, as LSP clamps characters past the end of a line.
    const end = client.document(uri).positionAt(Infinity);
    const beyond = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 999, character: 999 } });
    assert.deepEqual(beyond, await client.request('textDocument/hover', { textDocument: { uri }, position: end }));
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 5, character: 0 }, end: { line: 9, character: 0 } }, context: { diagnostics: [] } }), []);
    // No `context`: the handler throws inside; the answer is empty and the error is logged.
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }), []);
    assert.ok(client.logs.some((l) => l.message.startsWith('codeAction failed')), 'the failure is logged');
    await stillAnswers();
  });

  it('survives changes to documents it never opened and edits with ranges past the end', async () => {
    await client.notify('textDocument/didChange', { textDocument: { uri: freshUri(), version: 2 }, contentChanges: [{ text: 'SELECT 1;' }] });
    await client.notify('textDocument/didClose', { textDocument: { uri: freshUri() } });
    const uri = freshUri();
    client.open(uri, 'SELECT 1;');
    await client.waitForDiagnostics(uri);
    client.change(uri, [{ range: { start: { line: 50, character: 3 }, end: { line: 60, character: 0 } }, text: '\nCREATE INDEX i ON t (a);' }]);
    assert.equal(client.document(uri).getText(), 'SELECT 1;\nCREATE INDEX i ON t (a);');
    assert.deepEqual(ours(await client.waitForDiagnostics(uri)).map((d) => [d.code, d.range.start.line]), [[RULE, 1]]);
    await stillAnswers();
  });

  it('never sends telemetry', () => {
    assert.deepEqual(client.telemetry, []);
  });

  it('exits with code 0 on shutdown + exit, and 1 on exit without shutdown', async () => {
    const a = await LspClient.start({ workspaceFolders: [dir] });
    assert.equal(await a.stop(), 0);
    const b = await LspClient.start({ workspaceFolders: [dir] });
    await b.notify('exit', null);
    assert.equal(await b.exited, 1);
    await b.kill();
  });
});
