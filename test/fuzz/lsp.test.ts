// Fuzzing the language server over LSP: mutated corpus SQL opened, edited with random (also out-of-range)
// incremental changes, hovered and asked for code actions at random positions. Every input must be answered
// (diagnostics for its version) within the hang limit, and the server must keep answering afterwards.
// Bounded in `npm test` (FUZZ_LSP_ITERATIONS, default 300); `npm run fuzz` runs long.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LspClient } from '../helpers/lsp-client';
import { MUTATIONS, MUTATION_NAMES, Random } from './mutate';
import { statementPool } from './pool';

const ITERATIONS = Number(process.env.FUZZ_LSP_ITERATIONS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** Debounce (150 ms) plus analysis: an input not answered within this is a hang. */
const HANG_MS = 2000;

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms))]);
}

describe('fuzz: the language server answers every input', function () {
  this.timeout(0);
  let client: LspClient;
  before(async () => {
    client = await LspClient.start({ waitTimeoutMs: 60_000 });
  });
  after(async () => {
    if (client.running) await client.stop();
  });

const REQUEST_FAILED = -32803;
type Position = { line: number; character: number };
const FEATURE_REQUESTS: ReadonlyArray<(uri: string, position: Position) => [string, object]> = [
  (uri, position) => ['textDocument/completion', { textDocument: { uri }, position }],
  (uri, position) => ['textDocument/signatureHelp', { textDocument: { uri }, position }],
  (uri, position) => ['textDocument/definition', { textDocument: { uri }, position }],
  (uri, position) => ['textDocument/references', { textDocument: { uri }, position, context: { includeDeclaration: true } }],
  (uri, position) => ['textDocument/prepareRename', { textDocument: { uri }, position }],
  (uri, position) => ['textDocument/rename', { textDocument: { uri }, position, newName: 'renamed_x' }],
  (uri) => ['textDocument/semanticTokens/full', { textDocument: { uri } }],
  (uri) => ['textDocument/documentSymbol', { textDocument: { uri } }],
  () => ['workspace/symbol', { query: 'a' }],
];

  it(`answers ${ITERATIONS} mutated documents and edits (seed ${SEED})`, async () => {
    const statements = ['select 1;', "create index i on t (a);\nselect * fro t;", 'do $$ begin retrun; end $$;', ...statementPool(['regress', 'migrations'])];
    const rnd = new Random(SEED);
    const problems: string[] = [];
    for (let i = 0; i < ITERATIONS && problems.length === 0; i++) {
      const uri = `file:///fuzz/doc-${i % 7}.sql`;
      let text = Array.from({ length: 1 + rnd.int(12) }, () => rnd.pick(statements)).join('\n');
      const mutation = rnd.pick(MUTATION_NAMES.filter((m) => m !== 'hugeLine' || rnd.int(30) === 0));
      text = MUTATIONS[mutation](text, rnd, statements);
      const what = `#${i} ${mutation} (${text.length} chars)`;
      try {
        if (i % 7 === 0 || !client.published.has(uri)) {
          try {
            client.close(uri);
          } catch {
            // not open yet
          }
          client.open(uri, text);
        } else {
          // Random incremental edits, some past the end of the document.
          const doc = client.document(uri);
          const length = doc.getText().length;
          const a = rnd.int(length + 50);
          const b = a + rnd.int(40);
          client.change(uri, [{ range: { start: doc.positionAt(a), end: rnd.int(10) === 0 ? { line: doc.lineCount + 5, character: 9 } : doc.positionAt(b) }, text: rnd.pick(statements).slice(0, 200) }]);
        }
        await within(HANG_MS, `diagnostics for ${what}`, client.waitForDiagnostics(uri));
        const doc = client.document(uri);
        const position = doc.positionAt(rnd.int(doc.getText().length + 1));
        await within(HANG_MS, `hover for ${what}`, client.request('textDocument/hover', { textDocument: { uri }, position }));
        await within(HANG_MS, `code actions for ${what}`, client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }));
        // One of the schema features in turn, so each sees every kind of mutation without slowing the run.
        const [method, params] = FEATURE_REQUESTS[i % FEATURE_REQUESTS.length](uri, position);
        // A refusal (RequestFailed, e.g. "nothing to rename here") is an answer; an internal error is not.
        await within(HANG_MS, `${method} for ${what}`, client.request(method, params).catch((e: { code?: number }) => { if (e.code === REQUEST_FAILED) return null; throw e; }));
      } catch (e) {
        const saved = join(__dirname, 'found', `lsp-${i}-${mutation}.sql`);
        mkdirSync(dirname(saved), { recursive: true });
        writeFileSync(saved, client.document(uri).getText());
        problems.push(`${what}: ${e instanceof Error ? e.message : String(e)} (document saved to ${saved})`);
      }
      if (!client.running) problems.push(`the server exited after ${what}: ${client.stderr}`);
    }
    assert.deepEqual(problems, []);
    // Still alive and correct afterwards.
    client.open('file:///fuzz/after.sql', 'select * fro t;');
    const diagnostics = await client.waitForDiagnostics('file:///fuzz/after.sql');
    assert.deepEqual(diagnostics.map((d) => d.code), ['syntax-error']);
  });
});
