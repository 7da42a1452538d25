// Hardening, item 9: a document larger than the server analyses (5 MB) is declined by every request, not only by
// linting: a 20 MB file used to keep documentSymbol busy for two minutes at 2 GB, and a 5.5 MB one gave a 40 MB
// answer. Every document request answers such a file with an empty result, the process stays small, and the
// answers for a large file the server does analyse are bounded (the log says once what was cut).
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver-protocol/node';
import { DEFAULT_CAPABILITIES, LspClient } from '../helpers/lsp-client';
import { tempWorkspace } from '../lsp/workspace';

const CAPABILITIES = { ...DEFAULT_CAPABILITIES, textDocument: { ...DEFAULT_CAPABILITIES.textDocument, rename: { prepareSupport: true } } };
/** The server's resident memory must stay under this with a 20 MB and a 5.5 MB document open. */
const MAX_RSS_MB = 600;
/** No answer about an analysed document may be larger (its text is 2 MB). */
const MAX_ANSWER_BYTES = 3 * 1024 * 1024;

/** A pg_dump-style schema with queries, `bytes` long: tables, columns, indexes and joins on `accounts`. */
function schemaText(bytes: number): string {
  const parts: string[] = ['CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, owner_id bigint);\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const part =
      `CREATE TABLE t${i} (\n    id bigint PRIMARY KEY,\n    account_id bigint REFERENCES accounts (id),\n    amount numeric(12,2),\n    note text\n);\n` +
      `CREATE INDEX t${i}_account_idx ON t${i} (account_id);\n` +
      `SELECT a.name, t.amount FROM accounts a JOIN t${i} t ON t.account_id = a.id WHERE a.id = ${i};\n` +
      // A finding per part (ban-drop-table), so the diagnostics outnumber the cap.
      `DROP TABLE legacy${i};\n`;
    parts.push(part);
    size += part.length;
  }
  return parts.join('');
}

/** Resident memory of a process, in MB (Linux). */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) / 1024;
}

/** The request each document capability of the server answers (a new capability must be added here, and is then checked). */
const REQUESTS_BY_CAPABILITY: Readonly<Record<string, readonly string[]>> = {
  documentSymbolProvider: ['textDocument/documentSymbol'],
  foldingRangeProvider: ['textDocument/foldingRange'],
  semanticTokensProvider: ['textDocument/semanticTokens/full', 'textDocument/semanticTokens/range'],
  hoverProvider: ['textDocument/hover'],
  completionProvider: ['textDocument/completion'],
  definitionProvider: ['textDocument/definition'],
  referencesProvider: ['textDocument/references'],
  renameProvider: ['textDocument/prepareRename', 'textDocument/rename'],
  signatureHelpProvider: ['textDocument/signatureHelp'],
  codeActionProvider: ['textDocument/codeAction'],
  // Not about one document: bounded (response-limits.ts), not gated.
  workspaceSymbolProvider: [],
  // Lint Workspace answers with four counts; the files it reads go through the same size guard (workspace-diagnostics.ts).
  executeCommandProvider: [],
};

/** Every document request the server offers, at `position`, with the JSON size of each answer. */
async function askEverything(client: LspClient, uri: string, position: Position, end: Position): Promise<Map<string, number>> {
  const textDocument = { uri };
  const range = { start: { line: 0, character: 0 }, end };
  const requests: [string, unknown][] = [
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/foldingRange', { textDocument }],
    ['textDocument/semanticTokens/full', { textDocument }],
    ['textDocument/semanticTokens/range', { textDocument, range }],
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/completion', { textDocument, position }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
    ['textDocument/prepareRename', { textDocument, position }],
    ['textDocument/rename', { textDocument, position, newName: 'renamed' }],
    ['textDocument/signatureHelp', { textDocument, position }],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
  ];
  const asked = new Set(requests.map(([method]) => method));
  for (const method of Object.values(REQUESTS_BY_CAPABILITY).flat()) assert.ok(asked.has(method), `${method} is asked`);
  const sizes = new Map<string, number>();
  for (const [method, params] of requests) {
    let answer: unknown;
    try {
      answer = await client.request(method, params);
    } catch (e) {
      answer = { error: e instanceof Error ? e.message : String(e) };
    }
    sizes.set(method, JSON.stringify(answer ?? null).length);
  }
  return sizes;
}

describe('faults: oversized documents', function () {
  this.timeout(600_000);
  let client: LspClient;
  let dir: string;

  before(async () => {
    dir = tempWorkspace();
    client = await LspClient.start({ workspaceFolders: [dir], capabilities: CAPABILITIES, waitTimeoutMs: 300_000 });
  });
  after(async () => client?.kill());

  it('knows every request the server offers', () => {
    const offered = Object.keys(client.initializeResult.capabilities).filter((k) => k.endsWith('Provider'));
    assert.deepEqual(offered.filter((k) => !(k in REQUESTS_BY_CAPABILITY)), [], 'add the new capability to REQUESTS_BY_CAPABILITY');
  });

  for (const [name, megabytes] of [['huge.sql', 20], ['over.sql', 5.5]] as const) {
    it(`declines every request on a ${megabytes} MB document with an empty answer`, async () => {
      const text = schemaText(megabytes * 1024 * 1024);
      const path = join(dir, name);
      writeFileSync(path, text);
      const uri = pathToFileURL(path).href;
      client.open(uri, text);
      const diagnostics = await client.waitForDiagnostics(uri);
      assert.deepEqual(diagnostics.map((d) => d.code), ['file-too-large']);
      const document = client.document(uri);
      // On `accounts` in a join near the middle, where every feature has something to say in an analysed file.
      const middle = document.positionAt(text.indexOf('JOIN t', text.length >> 1) - 6);
      const sizes = await askEverything(client, uri, middle, document.positionAt(text.length));
      for (const [method, size] of sizes) assert.ok(size <= 200, `${method}: ${size} bytes`);
      assert.ok(client.running, client.stderr);
    });
  }

  it('stays small with both documents open', () => {
    const rss = rssMb(client.pid!);
    assert.ok(rss < MAX_RSS_MB, `server RSS ${rss.toFixed(0)} MB`);
  });

  it('bounds every answer on a large document it analyses, and says once in its log what it cut', async () => {
    const text = schemaText(2 * 1024 * 1024);
    const path = join(dir, 'large.sql');
    writeFileSync(path, text);
    const uri = pathToFileURL(path).href;
    client.open(uri, text);
    await client.waitForDiagnostics(uri);
    const document = client.document(uri);
    // `accounts` in a join: referenced twice per table, some 15,000 times, and by every table's foreign key.
    const position = document.positionAt(text.indexOf('accounts a JOIN') + 2);
    for (let round = 0; round < 2; round++) {
      const sizes = await askEverything(client, uri, position, document.positionAt(text.length));
      for (const [method, size] of sizes) assert.ok(size < MAX_ANSWER_BYTES, `${method}: ${(size / 1048576).toFixed(1)} MB`);
    }
    const cut = client.logs.filter((l) => /only the first/.test(l.message)).map((l) => l.message.replace(/[\d,]+/g, 'N'));
    assert.ok(cut.length > 0, 'the log says what was cut');
    assert.equal(new Set(cut).size, cut.length, `said once each: ${cut.join('\n')}`);
    // Diagnostics too: the most severe, with a notice of how many there were.
    const published = client.published.get(uri)!.at(-1)!;
    assert.ok(JSON.stringify(published).length < MAX_ANSWER_BYTES, `diagnostics: ${JSON.stringify(published).length} bytes`);
    assert.equal(published.diagnostics[0].code, 'too-many-findings');
    assert.match(published.diagnostics[0].message, /^[\d,]+ findings in this file: the 5,000 most severe are shown/);
  });
});
