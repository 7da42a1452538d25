// Signature help and semantic tokens over the real protocol: a workspace folder whose migration defines tables,
// a view and a function; queries in other files get the function's signature while typing, and names coloured
// by what they resolve to. A real pg_dump schema from the corpus must come back as sorted, non-overlapping
// tokens that each cover a name (skipped, with a message, without the corpus).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InitializeResult, Position, SemanticTokens, SemanticTokensLegend, SignatureHelp } from 'vscode-languageserver-protocol/node';
import { LspClient } from '../helpers/lsp-client';
import { tempWorkspace } from './workspace';

const DUMP = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'dumps', 'getlago__lago-api__structure.sql');

const V1 = `CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, name text);
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers, status text NOT NULL, total numeric);
CREATE VIEW open_orders AS SELECT id, total FROM orders WHERE status = 'open';
CREATE FUNCTION order_total(p_order bigint, p_tax numeric DEFAULT 0) RETURNS numeric LANGUAGE sql
  AS 'SELECT total FROM orders WHERE id = p_order';
`;

interface DecodedToken {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly text: string;
  /** `type` or `type.modifier...`. */
  readonly kind: string;
}

/** Undoes LSP's relative encoding: each token's line, character, length, type and modifiers. */
function decodeTokens(tokens: SemanticTokens, legend: SemanticTokensLegend, text: string): DecodedToken[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < tokens.data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = tokens.data.slice(i, i + 5);
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const names = legend.tokenModifiers.filter((_, bit) => (modifiers & (1 << bit)) !== 0);
    out.push({ line, character, length, text: (lines[line] ?? '').slice(character, character + length), kind: [legend.tokenTypes[type], ...names].join('.') });
  }
  return out;
}

describe('lsp: signature help and semantic tokens', function () {
  this.timeout(120_000);
  let client: LspClient;
  let dir: string;
  let n = 0;
  const freshUri = (): string => pathToFileURL(join(dir, 'queries', `q-${++n}.sql`)).href;

  before(async function () {
    dir = tempWorkspace();
    for (const [name, text] of Object.entries({ 'db/migration/V1__init.sql': V1, 'queries/.keep.sql': '' })) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    client = await LspClient.start({ workspaceFolders: [dir] });
  });
  after(async () => client?.kill());

  function openAt(text: string): { uri: string; position: Position } {
    const uri = freshUri();
    const at = text.indexOf('|');
    const document = client.open(uri, text.replace('|', ''));
    return { uri, position: document.positionAt(at) };
  }

  async function signatureAt(text: string): Promise<SignatureHelp | null> {
    const { uri, position } = openAt(text);
    return client.request<SignatureHelp | null>('textDocument/signatureHelp', { textDocument: { uri }, position, context: { triggerKind: 2, triggerCharacter: ',', isRetrigger: false } });
  }

  /** The active signature's label and the text of its active parameter. */
  function activeOf(help: SignatureHelp | null): { label: string; parameter: string } {
    assert.ok(help);
    const signature = help.signatures[help.activeSignature ?? 0];
    const index = signature.activeParameter ?? help.activeParameter ?? 0;
    const label = signature.parameters?.[index]?.label;
    const parameter = Array.isArray(label) ? signature.label.slice(label[0], label[1]) : (label ?? '');
    return { label: signature.label, parameter };
  }

  function legend(): SemanticTokensLegend {
    const provider = (client.initializeResult as InitializeResult).capabilities.semanticTokensProvider;
    assert.ok(provider);
    return provider.legend;
  }

  async function tokensOf(uri: string, range?: { start: Position; end: Position }): Promise<DecodedToken[]> {
    const result = range
      ? await client.request<SemanticTokens>('textDocument/semanticTokens/range', { textDocument: { uri }, range })
      : await client.request<SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    return decodeTokens(result, legend(), client.document(uri).getText());
  }

  it('announces signature help on ( and , and semantic tokens with their legend', () => {
    const capabilities = client.initializeResult.capabilities;
    assert.deepEqual(capabilities.signatureHelpProvider?.triggerCharacters, ['(', ',']);
    const provider = capabilities.semanticTokensProvider;
    assert.ok(provider && 'full' in provider);
    assert.equal(provider.full, true);
    assert.equal(provider.range, true);
    for (const type of ['class', 'interface', 'property', 'function', 'type', 'namespace', 'parameter', 'variable']) assert.ok(provider.legend.tokenTypes.includes(type), type);
    assert.deepEqual(provider.legend.tokenModifiers, ['declaration', 'defaultLibrary']);
  });

  it('shows a workspace function\'s signature from another file, with the parameter at the cursor', async () => {
    const help = await signatureAt('SELECT order_total(o.id, |) FROM orders o;\n');
    assert.deepEqual(activeOf(help), { label: 'order_total(p_order bigint, p_tax numeric = …) → numeric', parameter: 'p_tax numeric = …' });
    assert.match(String((help?.signatures[0].documentation as { value: string } | undefined)?.value), /function public\.order_total\(bigint, numeric\)/);
  });

  it('shows built-in overloads while the statement is unterminated, commas in strings not counted', async () => {
    const help = await signatureAt("SELECT date_trunc('day, week', |\n");
    assert.ok(help && help.signatures.length >= 3, 'every overload');
    assert.equal(activeOf(help).parameter, 'timestamp with time zone');
    assert.ok(help.signatures.every((s) => typeof (s.documentation as { value?: string } | undefined)?.value === 'string'), 'each has its description');
    assert.equal(await signatureAt('INSERT INTO orders (id, |'), null);
    assert.equal(await signatureAt('SELECT 1; -- lower(|'), null);
  });

  it('colours tables, views, columns and functions by what they resolve to', async () => {
    const uri = freshUri();
    client.open(uri, 'SELECT o.status, order_total(o.id), lower(c.email)\nFROM orders o JOIN customers c ON c.id = o.customer_id, open_orders;\n');
    const tokens = await tokensOf(uri);
    assert.deepEqual(tokens.map((t) => `${t.line}:${t.character} ${t.text} ${t.kind}`), [
      '0:9 status property',
      '0:17 order_total function',
      '0:31 id property',
      '0:36 lower function.defaultLibrary',
      '0:44 email property',
      '1:5 orders class',
      '1:19 customers class',
      '1:36 id property',
      '1:43 customer_id property',
      '1:56 open_orders interface',
    ]);
  });

  it('answers a range request with the tokens of that range only', async () => {
    const uri = freshUri();
    client.open(uri, 'SELECT id FROM orders;\nSELECT email FROM customers;\nSELECT total FROM open_orders;\n');
    const tokens = await tokensOf(uri, { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } });
    assert.deepEqual(tokens.map((t) => `${t.line} ${t.text} ${t.kind}`), ['1 email property', '1 customers class']);
  });

  it('gives sorted, non-overlapping tokens that each cover a name on a real pg_dump schema', async function () {
    if (!existsSync(DUMP)) {
      console.log(`      (skipped: the corpus dump ${DUMP} is not on this machine)`);
      this.skip();
    }
    const text = readFileSync(DUMP, 'utf8');
    const uri = pathToFileURL(join(dir, 'dump.sql')).href;
    client.open(uri, text);
    const tokens = await tokensOf(uri);
    client.close(uri);
    assert.ok(tokens.length > 1000, `${tokens.length} tokens`);
    for (let i = 1; i < tokens.length; i++) {
      const a = tokens[i - 1];
      const b = tokens[i];
      assert.ok(b.line > a.line || (b.line === a.line && b.character >= a.character + a.length), `token ${i} at ${b.line}:${b.character} overlaps or precedes ${a.line}:${a.character}`);
    }
    const name = /^(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*|"(?:[^"]|"")+")$/;
    const bad = tokens.filter((t) => !name.test(t.text));
    assert.deepEqual(bad.slice(0, 5), [], 'every token is an identifier');
    const kinds = new Set(tokens.map((t) => t.kind.split('.')[0]));
    for (const kind of ['class', 'property', 'function', 'namespace']) assert.ok(kinds.has(kind), kind);
    // Still serving.
    const help = await signatureAt('SELECT round(1.5, |');
    assert.equal(activeOf(help).parameter, 'integer');
  });
});
