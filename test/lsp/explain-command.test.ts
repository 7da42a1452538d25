// Explain for other editors (workspace/executeCommand pgArchitect.server.explain): the statement at a position,
// EXPLAINed on the project's embedded PostgreSQL, answered with the text report and a page of the plan viewer.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../helpers/lsp-client';

interface Explained {
  readonly database?: string;
  readonly statement?: string;
  readonly text?: string;
  readonly insights?: readonly { id: string; sql: string | null }[];
  readonly advice?: string;
  readonly htmlPath?: string;
  readonly htmlUri?: string;
  readonly error?: string;
}

describe('explain through workspace/executeCommand', function () {
  this.timeout(180_000);
  let client: LspClient;
  let project: string;
  let cache: string;
  let reportUri: string;

  before(async () => {
    project = mkdtempSync(join(tmpdir(), 'pga-explain-cmd-'));
    cache = mkdtempSync(join(tmpdir(), 'pga-explain-cache-'));
    mkdirSync(join(project, 'migrations'));
    writeFileSync(join(project, 'migrations', '001_orders.sql'), 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, placed_at timestamptz NOT NULL);\n');
    writeFileSync(join(project, 'report.sql'), "-- the day's orders\nSELECT 1;\n\nSELECT id FROM orders WHERE customer_id = $1 ORDER BY placed_at DESC LIMIT 20;\n\nDELETE FROM orders WHERE id = 1;\n");
    reportUri = pathToFileURL(join(project, 'report.sql')).toString();
    client = await LspClient.start({ workspaceFolders: [project], cwd: project, env: { XDG_CACHE_HOME: cache } });
  });
  after(async () => {
    if (client?.running) await client.stop();
  });

  const explain = (args: unknown): Promise<Explained> => client.request<Explained>('workspace/executeCommand', { command: 'pgArchitect.server.explain', arguments: [args] });

  it('is announced, and explains the statement at the position on the project\'s schema (the file need not be open)', async () => {
    assert.ok(client.initializeResult.capabilities.executeCommandProvider?.commands.includes('pgArchitect.server.explain'));
    const r = await explain({ uri: reportUri, position: { line: 3, character: 10 } });
    assert.equal(r.error, undefined, r.error);
    assert.match(r.statement ?? '', /^SELECT id FROM orders WHERE customer_id = \$1/);
    assert.match(r.database ?? '', /embedded/i);
    assert.match(r.text ?? '', /Seq Scan on (public\.)?orders|Sort/);
    assert.match(r.text ?? '', /generic plan/i, 'a $1 without a value: the generic plan, and it says so');
    assert.ok(r.htmlPath && existsSync(r.htmlPath), 'the plan viewer page was written');
    assert.equal(r.htmlUri, pathToFileURL(r.htmlPath).href);
    assert.ok(r.htmlPath.startsWith(join(cache, 'pg-architect', 'plans')), r.htmlPath);
    const page = readFileSync(r.htmlPath, 'utf8');
    assert.match(page, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-/);
    assert.match(page, /dist\/webview\.js"/);
  });

  it('with advise: the index advisor on the same database, its text and its section on the page', async () => {
    const r = await explain({ uri: reportUri, position: { line: 3, character: 0 }, advise: true });
    assert.equal(r.error, undefined, r.error);
    assert.match(r.advice ?? '', /verified with a real CREATE INDEX in a transaction that was rolled back/);
    assert.match(r.text ?? '', /Index advisor:/);
    assert.match(readFileSync(r.htmlPath ?? '', 'utf8'), /"type":"indexAdvice"/);
  });

  it('refuses what needs a confirmation or cannot be read, with a message, and keeps serving', async () => {
    const del = await explain({ uri: reportUri, position: { line: 5, character: 3 }, analyze: true });
    assert.match(del.error ?? '', /allowDataChanges: true/);
    assert.match((await explain({ uri: pathToFileURL(join(project, 'missing.sql')).toString() })).error ?? '', /Cannot read/);
    assert.match((await explain({ nothing: true })).error ?? '', /takes one argument/);
    // The schema follows the files: a migration added since the first run is applied before the next.
    writeFileSync(join(project, 'migrations', '002_index.sql'), 'CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);\n');
    const again = await explain({ uri: reportUri, position: { line: 3, character: 0 } });
    assert.match(again.text ?? '', /orders_customer_placed_idx/);
  });

  it('keeps the newest plan pages only', async () => {
    const dir = join(cache, 'pg-architect', 'plans');
    for (let i = 0; i < 22; i++) writeFileSync(join(dir, `old-${i}.html`), '<!DOCTYPE html>');
    const r = await explain({ uri: reportUri, position: { line: 1, character: 0 } });
    const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
    assert.equal(pages.length, 20);
    assert.ok(r.htmlPath && pages.includes(basename(r.htmlPath)), 'the page just written is kept');
  });
});
