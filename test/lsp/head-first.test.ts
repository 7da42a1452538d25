// A large document's first analysis: the findings of its head (the part it opens at) come first, without a version,
// then the whole analysis for the document's version. Every head finding is one the whole analysis gives too.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';
import { tempWorkspace } from './workspace';

const key = (d: Diagnostic): string => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`;

describe('lsp: a large document answers for its head first', function () {
  this.timeout(120_000);
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = tempWorkspace();
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  it('publishes the head, then the whole, and the head holds nothing the whole does not', async () => {
    // ~280 KB: a migration-like script whose every block has findings (a blocking index, a table without a key, a
    // new NOT NULL column), and row-level security enabled on the first table with its policy at the very end.
    const blocks = Array.from({ length: 2500 }, (_, i) => `CREATE TABLE t${i} (a int, b text);\nCREATE INDEX t${i}_a ON t${i} (a);\nALTER TABLE t${i} ADD COLUMN c int NOT NULL;\n`);
    const text = `ALTER TABLE t0 ENABLE ROW LEVEL SECURITY;\n${blocks.join('')}CREATE POLICY p ON t0 USING (true);\n`;
    assert.ok(text.length > 200_000);
    const uri = pathToFileURL(join(dir, 'big.sql')).href;
    client.open(uri, text);
    const whole = await client.waitForDiagnostics(uri, 1);
    const published = client.published.get(uri) ?? [];
    const versioned = published.findIndex((p) => p.version === 1);
    const heads = published.slice(0, versioned).filter((p) => p.version === undefined);
    assert.equal(heads.length, 1, `one head before the whole: ${published.map((p) => p.version ?? '-').join(', ')}`);
    const head = heads[0].diagnostics;
    assert.ok(head.length > 0, 'the head has findings');
    assert.ok(whole.length > head.length * 10, `the whole has far more: ${whole.length} against ${head.length}`);
    const lastHeadLine = Math.max(...head.map((d) => d.range.end.line));
    assert.ok(lastHeadLine < 1000, `the head is the top of the file (to line ${lastHeadLine})`);
    const wholeKeys = new Set(whole.map(key));
    for (const d of head) assert.ok(wholeKeys.has(key(d)), `${key(d)} is in the whole analysis`);
    // And the head misses nothing on its lines: no finding of this script needs the end of the file.
    const missing = whole.filter((d) => d.range.end.line <= lastHeadLine && !head.some((h) => key(h) === key(d)));
    assert.deepEqual([...new Set(missing.map((d) => String(d.code)))], []);
  });

  it('sends a small document\'s findings once, with its version', async () => {
    const uri = pathToFileURL(join(dir, 'small.sql')).href;
    client.open(uri, 'CREATE INDEX i ON t (a);\n');
    await client.waitForDiagnostics(uri, 1);
    assert.deepEqual((client.published.get(uri) ?? []).map((p) => p.version), [1]);
  });
});
