// Diagnostics over LSP from the real server: codes, severities, links and UTF-16 ranges on open, new ones
// after incremental changes.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { LspClient, ROOT } from '../helpers/lsp-client';
import { codes, ours, RULE } from './known';
import { tempWorkspace } from './workspace';

describe('lsp: diagnostics', function () {
  let client: LspClient;
  let dir: string;
  const uri = (name: string): string => pathToFileURL(join(dir, name)).href;

  before(async function () {
    this.timeout(120_000); // may build the bundles first
    dir = tempWorkspace();
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  it('publishes a rule finding with its code, severity, range, source and page', async () => {
    const u = uri('index.sql');
    client.open(u, 'SELECT 1;\nCREATE INDEX orders_customer_idx ON orders (customer_id);\n');
    const diagnostics = ours(await client.waitForDiagnostics(u));
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d.code, RULE);
    assert.equal(d.severity, DiagnosticSeverity.Warning);
    assert.equal(d.source, 'pg-architect');
    assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 12 } });
    assert.match(d.message, /^Building index orders_customer_idx on orders blocks writes to orders/);
    assert.equal(d.codeDescription?.href, pathToFileURL(join(ROOT, 'docs', 'rules', `${RULE}.md`)).href);
  });

  it('reports syntax errors as errors with code syntax-error', async () => {
    const u = uri('syntax.sql');
    client.open(u, 'SELECT 1;\nSELEC 2;\n');
    const [d, ...rest] = ours(await client.waitForDiagnostics(u));
    assert.equal(rest.length, 0);
    assert.equal(d.code, 'syntax-error');
    assert.equal(d.severity, DiagnosticSeverity.Error);
    assert.deepEqual(d.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } });
    assert.match(d.message, /syntax error at or near "SELEC"/);
  });

  it('places findings after emoji and CJK text on the same line at UTF-16 characters', async () => {
    const u = uri('unicode.sql');
    // '😀' is two UTF-16 units (one code point, four UTF-8 bytes); each CJK character is one unit (three bytes).
    client.open(u, `-- 注释 😀\nSELECT '😀漢字' AS x; CREATE INDEX i ON t (a);\nSELECT '😀漢字' AS "名前" FORM t;\n`);
    const diagnostics = await client.waitForDiagnostics(u);
    const index = diagnostics.find((d) => d.code === RULE);
    const syntax = diagnostics.find((d) => d.code === 'syntax-error');
    // "SELECT '😀漢字' AS x; " is 20 UTF-16 units (19 code points, 26 bytes).
    assert.deepEqual(index?.range, { start: { line: 1, character: 20 }, end: { line: 1, character: 32 } });
    // "SELECT '😀漢字' AS "名前" " is 22 UTF-16 units; FORM follows.
    assert.deepEqual(syntax?.range, { start: { line: 2, character: 22 }, end: { line: 2, character: 26 } });
    assert.match(syntax?.message ?? '', /"FORM"/);
  });

  it('re-lints after incremental changes and publishes for the new version', async () => {
    const u = uri('edit.sql');
    client.open(u, 'SELECT 1;\n');
    assert.deepEqual(codes(await client.waitForDiagnostics(u, 1)), []);

    client.change(u, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'CREATE INDEX i ON t (a);\n' }]);
    const added = ours(await client.waitForDiagnostics(u, 2));
    assert.deepEqual(added.map((d) => [d.code, d.range.start.line]), [[RULE, 1]]);

    // Two edits in one notification: add CONCURRENTLY, then break the first statement.
    client.change(u, [
      { range: { start: { line: 1, character: 12 }, end: { line: 1, character: 12 } }, text: ' CONCURRENTLY' },
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } }, text: 'SELEC' },
    ]);
    assert.equal(client.document(u).getText(), 'SELEC 1;\nCREATE INDEX CONCURRENTLY i ON t (a);\n');
    const after = ours(await client.waitForDiagnostics(u, 3));
    assert.deepEqual(after.map((d) => [d.code, d.range.start.line]), [['syntax-error', 0]]);
  });

  it('clears diagnostics when a document closes', async () => {
    const u = uri('closing.sql');
    client.open(u, 'CREATE INDEX i ON t (a);');
    assert.deepEqual(codes(await client.waitForDiagnostics(u)), [RULE]);
    const cleared = client.nextDiagnostics(u);
    client.close(u);
    assert.deepEqual(await cleared, []);
  });
});
