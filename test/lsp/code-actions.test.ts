// Code actions over LSP: a rule's fix and the two ignore actions, applied to the client's copy of the document
// and sent back, must change the text as intended and make the diagnostic go away on the re-lint.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';
import { codes, oursActions, RULE } from './known';
import { tempWorkspace } from './workspace';

describe('lsp: code actions', function () {
  let client: LspClient;
  let dir: string;
  let n = 0;
  const freshUri = (): string => pathToFileURL(join(dir, `actions-${++n}.sql`)).href;

  before(async function () {
    this.timeout(120_000);
    dir = tempWorkspace();
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  async function actionsFor(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return oursActions(await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], triggerKind: 1 },
    }));
  }

  /** Opens `text`, finds the one finding of RULE, and returns its actions. */
  async function open(text: string): Promise<{ uri: string; diagnostic: Diagnostic; actions: CodeAction[] }> {
    const uri = freshUri();
    client.open(uri, text);
    const diagnostic = (await client.waitForDiagnostics(uri)).find((d) => d.code === RULE);
    assert.ok(diagnostic, `expected a ${RULE} finding`);
    return { uri, diagnostic, actions: await actionsFor(uri, diagnostic) };
  }

  /** Applies an action's edit and sends it; returns the known codes published for the new version. */
  async function apply(uri: string, action: CodeAction | undefined): Promise<{ text: string; remaining: string[] }> {
    assert.ok(action?.edit, 'expected an action with an edit');
    const text = client.editedText(uri, action.edit);
    client.setText(uri, text);
    return { text, remaining: codes(await client.waitForDiagnostics(uri)) };
  }

  it("offers the rule's fix as the preferred quick fix, with the diagnostic attached", async () => {
    const { uri, diagnostic, actions } = await open('CREATE INDEX orders_customer_idx ON orders (customer_id);\n');
    assert.deepEqual(actions.filter((a) => a.diagnostics?.[0].code === RULE).map((a) => a.title), ['Add CONCURRENTLY', `Ignore ${RULE} for this statement`, `Ignore ${RULE} for this file`]);
    const fix = actions[0];
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.diagnostics, [diagnostic]);
    const after = await apply(uri, fix);
    assert.equal(after.text, 'CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n');
    assert.deepEqual(after.remaining, []);
  });

  it('does not prefer a fix that needs review (moving the statement out of its transaction block)', async () => {
    const { actions } = await open('BEGIN;\nCREATE INDEX i ON t (a);\nCOMMIT;\n');
    assert.equal(actions[0].title, 'Move it, with CONCURRENTLY, after the COMMIT');
    assert.equal(actions[0].isPreferred, false);
  });

  it('"Ignore for this statement" adds an indented comment above the statement and suppresses it', async () => {
    const before = 'SELECT 1;\n\n    CREATE INDEX i ON t (a);\nCREATE INDEX j ON t (b);\n';
    const { uri, actions } = await open(before);
    const { text, remaining } = await apply(uri, actions.find((a) => a.title === `Ignore ${RULE} for this statement`));
    assert.equal(text, `SELECT 1;\n\n    -- pg-architect-ignore ${RULE}\n    CREATE INDEX i ON t (a);\nCREATE INDEX j ON t (b);\n`);
    // Only the statement is covered: the second index is still reported, on its (moved) line.
    assert.deepEqual(remaining, [RULE]);
    assert.equal((await client.waitForDiagnostics(uri)).find((d) => d.code === RULE)?.range.start.line, 4);
  });

  it('"Ignore for this statement" adds the rule to an existing ignore comment', async () => {
    const { uri, actions } = await open('-- pg-architect-ignore not-a-rule -- reason\nCREATE INDEX i ON t (a);\n');
    const { text, remaining } = await apply(uri, actions.find((a) => a.title === `Ignore ${RULE} for this statement`));
    assert.equal(text, `-- pg-architect-ignore not-a-rule, ${RULE} -- reason\nCREATE INDEX i ON t (a);\n`);
    // The index is suppressed; the unknown id is still reported.
    assert.deepEqual(remaining, ['unused-ignore']);
  });

  it('"Ignore for this file" goes after a header comment block and suppresses every finding of the rule', async () => {
    const before = '-- Migration 42: indexes\n-- Author: someone\n\nCREATE INDEX i ON t (a);\nCREATE INDEX j ON t (b);\n';
    const { uri, actions } = await open(before);
    const { text, remaining } = await apply(uri, actions.find((a) => a.title === `Ignore ${RULE} for this file`));
    assert.equal(text, `-- Migration 42: indexes\n-- Author: someone\n-- pg-architect-ignore-file ${RULE}\n\nCREATE INDEX i ON t (a);\nCREATE INDEX j ON t (b);\n`);
    assert.deepEqual(remaining, []);
  });

  it('"Ignore for this file" goes on the first line when the file starts with a statement, keeping CRLF', async () => {
    const { uri, actions } = await open('CREATE INDEX i ON t (a);\r\n');
    const { text, remaining } = await apply(uri, actions.find((a) => a.title === `Ignore ${RULE} for this file`));
    assert.equal(text, `-- pg-architect-ignore-file ${RULE}\r\nCREATE INDEX i ON t (a);\r\n`);
    assert.deepEqual(remaining, []);
  });

  it('offers no ignore action for syntax errors (suppressions cannot hide them)', async () => {
    const uri = freshUri();
    client.open(uri, 'SELEC 1;');
    const diagnostic = (await client.waitForDiagnostics(uri)).find((d) => d.code === 'syntax-error');
    assert.ok(diagnostic);
    assert.deepEqual(await actionsFor(uri, diagnostic), []);
  });

  it('answers for the current text when asked right after an edit (no stale offsets)', async () => {
    const { uri, diagnostic } = await open('CREATE INDEX i ON t (a);\n');
    // Shift the statement down two lines and ask at once, before the debounced lint has run.
    client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'SELECT 1;\n\n' }]);
    const moved = { ...diagnostic, range: { start: { line: 2, character: 0 }, end: { line: 2, character: 12 } } };
    const actions = await actionsFor(uri, moved);
    const { text } = await apply(uri, actions.find((a) => a.title === 'Add CONCURRENTLY'));
    assert.equal(text, 'SELECT 1;\n\nCREATE INDEX CONCURRENTLY i ON t (a);\n');
  });

  it('returns nothing when only other kinds of action are asked for', async () => {
    const { uri, diagnostic } = await open('CREATE INDEX i ON t (a);\n');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['refactor'] },
    });
    assert.deepEqual(actions, []);
  });
});
