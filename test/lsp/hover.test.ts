// Hover over LSP: on a finding, the rule's explanation from its meta docs and its page; elsewhere, what the
// statement under the cursor locks (core's statement hover).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MarkupKind, type Hover, type MarkupContent, type Position } from 'vscode-languageserver-protocol/node';
import { ALL_RULES } from '../../core/rules/registry';
import { LspClient, ROOT } from '../helpers/lsp-client';
import { codes, onlyRuleConfig, RULE } from './known';
import { tempWorkspace } from './workspace';

describe('lsp: hover', function () {
  let client: LspClient;
  let dir: string;
  let n = 0;
  const freshUri = (): string => pathToFileURL(join(dir, `hover-${++n}.sql`)).href;

  before(async function () {
    this.timeout(120_000);
    // Only RULE reports, so a statement hover is never replaced by another rule's finding under the cursor.
    dir = tempWorkspace({ 'pg-architect.json': onlyRuleConfig() });
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  const hoverAt = (uri: string, position: Position): Promise<Hover | null> =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });

  it("names the rule on a finding's range in one line: its summary and a link to its page (the why is on the page)", async () => {
    const uri = freshUri();
    client.open(uri, 'SELECT 1;\n  CREATE INDEX i ON t (a);\n');
    const diagnostic = (await client.waitForDiagnostics(uri)).find((d) => d.code === RULE);
    assert.ok(diagnostic);
    const hover = await hoverAt(uri, { line: 1, character: 9 });
    assert.ok(hover);
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, MarkupKind.Markdown);
    const docs = ALL_RULES.find((r) => r.meta.id === RULE)?.meta.docs;
    assert.ok(docs);
    assert.ok(contents.value.includes(`**${RULE}** — ${docs.summary}`), 'summary');
    assert.ok(!contents.value.includes(docs.why), 'the why is on the page, not in the hover');
    assert.ok(contents.value.length < 1200, `a short hover: ${contents.value.length} characters`);
    assert.ok(contents.value.includes(pathToFileURL(join(ROOT, 'docs', 'rules', `${RULE}.md`)).href), 'page link');
    assert.deepEqual(hover.range, diagnostic.range);
  });

  it('shows what the statement under the cursor locks beside the finding (a plain CREATE INDEX)', async () => {
    const uri = freshUri();
    client.open(uri, 'CREATE INDEX i ON orders (a);\n');
    await client.waitForDiagnostics(uri);
    const hover = await hoverAt(uri, { line: 0, character: 19 }); // on "orders", after the reported CREATE INDEX
    const value = (hover?.contents as MarkupContent | undefined)?.value ?? '';
    assert.ok(!value.includes(RULE), value);
    assert.match(value, /\*\*SHARE\*\* on `orders`: blocks writes/);
  });

  it('shows the locks of CREATE INDEX CONCURRENTLY and that it cannot run in a transaction block, over the statement', async () => {
    const uri = freshUri();
    client.open(uri, 'SELECT 1;\nCREATE INDEX CONCURRENTLY i\n  ON orders (a);\n');
    assert.deepEqual(codes(await client.waitForDiagnostics(uri)), []);
    const hover = await hoverAt(uri, { line: 2, character: 6 });
    assert.ok(hover);
    const value = (hover.contents as MarkupContent).value;
    assert.match(value, /SHARE UPDATE EXCLUSIVE\*\* on `orders`/);
    assert.match(value, /Cannot run inside a transaction block/);
    assert.deepEqual(hover.range, { start: { line: 1, character: 0 }, end: { line: 2, character: 16 } });
  });

  it('shows that ALTER TABLE ... TYPE rewrites the table under ACCESS EXCLUSIVE until commit in a transaction', async () => {
    const uri = freshUri();
    client.open(uri, 'BEGIN;\nALTER TABLE orders ALTER COLUMN id TYPE bigint;\nCOMMIT;\n');
    await client.waitForDiagnostics(uri);
    const value = ((await hoverAt(uri, { line: 1, character: 3 }))?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(value, /ACCESS EXCLUSIVE\*\* on `orders`: blocks reads and writes until commit; rewrites the table/);
  });

  it('has no hover between statements', async () => {
    const uri = freshUri();
    client.open(uri, 'SELECT 1;\n\n\nSELECT 2;\n');
    await client.waitForDiagnostics(uri);
    assert.equal(await hoverAt(uri, { line: 1, character: 0 }), null);
  });

  it('uses the PostgreSQL version from the editor settings, unless pg-architect.json sets one', async () => {
    const docsVersion = async (files: Record<string, string>): Promise<string | undefined> => {
      const folder = tempWorkspace(files);
      const other = await LspClient.start({ workspaceFolders: [folder], settings: { postgresVersion: 11 } });
      try {
        const uri = pathToFileURL(join(folder, 'v.sql')).href;
        other.open(uri, 'ALTER TABLE orders ADD COLUMN note text;');
        await other.waitForDiagnostics(uri);
        const hover = await other.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 2 } });
        return /postgresql\.org\/docs\/(\d+)\//.exec((hover?.contents as MarkupContent | undefined)?.value ?? '')?.[1];
      } finally {
        await other.kill();
      }
    };
    assert.equal(await docsVersion({ 'pg-architect.json': onlyRuleConfig() }), '11');
    assert.equal(await docsVersion({ 'pg-architect.json': onlyRuleConfig({ postgresVersion: 15 }) }), '15');
  });
});
