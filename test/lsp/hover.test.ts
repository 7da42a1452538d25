// Hover over LSP: on a finding, the rule's explanation from its meta docs and its page; elsewhere, what the
// statement under the cursor locks (core's statement hover).
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MarkupKind, type Hover, type MarkupContent, type Position } from 'vscode-languageserver-protocol/node';
import { ALL_RULES } from '../../core/rules/registry';
import { LspClient, ROOT } from '../helpers/lsp-client';
import { tempWorkspace } from './workspace';

const RULE = 'require-concurrent-index-creation';

describe('lsp: hover', function () {
  let client: LspClient;
  let dir: string;
  let n = 0;
  const freshUri = (): string => pathToFileURL(join(dir, `hover-${++n}.sql`)).href;

  before(async function () {
    this.timeout(120_000);
    dir = tempWorkspace();
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  const hoverAt = (uri: string, position: Position): Promise<Hover | null> =>
    client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });

  it("explains the rule on a finding's range: summary, why, instead and the rule page", async () => {
    const uri = freshUri();
    client.open(uri, 'SELECT 1;\n  CREATE INDEX i ON t (a);\n');
    const [diagnostic] = await client.waitForDiagnostics(uri);
    const hover = await hoverAt(uri, { line: 1, character: 9 });
    assert.ok(hover);
    const contents = hover.contents as MarkupContent;
    assert.equal(contents.kind, MarkupKind.Markdown);
    const docs = ALL_RULES.find((r) => r.meta.id === RULE)?.meta.docs;
    assert.ok(docs);
    assert.ok(contents.value.includes(docs.summary), 'summary');
    assert.ok(contents.value.includes(docs.why), 'why');
    assert.ok(contents.value.includes(docs.instead), 'instead');
    assert.ok(contents.value.includes(pathToFileURL(join(ROOT, 'docs', 'rules', `${RULE}.md`)).href), 'page link');
    assert.deepEqual(hover.range, diagnostic.range);
  });

  it('gives no rule explanation next to the finding', async () => {
    const uri = freshUri();
    client.open(uri, 'CREATE INDEX i ON t (a);\n');
    await client.waitForDiagnostics(uri);
    const hover = await hoverAt(uri, { line: 0, character: 14 }); // on "i", after the reported CREATE INDEX
    assert.ok(!hover || !(hover.contents as MarkupContent).value.includes(RULE));
  });
});
