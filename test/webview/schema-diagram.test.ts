// The schema diagram panel in real headless Chromium, on its own strict-CSP page with the built bundle: a real
// dump drawn by ELK in a worker, search, selection with the history and findings, a column that opens its
// definition, focus, keys only, a comparison coloured, hostile names kept as text, SVG and PNG exports, the high
// contrast theme, a 500-table schema drawn first at once then arranged, and only what is in view in the DOM.
// The README's screenshots come from here (PG_ARCHITECT_SCREENSHOTS=1).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildCatalog } from '../../core/catalog/workspace-catalog';
import { initParser } from '../../core/parse/parser';
import { compareGraphs } from '../../core/schema-diagram/compare';
import { graphFromCatalog } from '../../core/schema-diagram/from-catalog';
import type { SchemaGraph } from '../../core/schema-diagram/graph';
import { filesSchemaGraph } from '../../core/schema-diagram/project-graph';
import type { SchemaHostMessage } from '../../client/webview/schema/protocol';
import { applicationSchema } from '../helpers/large-sql';
import { skipOrFail } from '../helpers/requirements';
import { CHROMIUM, launchChromium, openSchemaViewer, serveViewer, type SchemaPage, type ViewerHost } from '../helpers/webview-page';

const root = join(__dirname, '..', '..');
const PAGILA = join(root, '..', 'shared', 'corpus', 'dumps', 'devrimgunduz__pagila__structure.sql');

function graphOf(sql: string, label = 'schema.sql'): SchemaGraph {
  const { catalog } = buildCatalog([{ path: label, text: sql }]);
  return graphFromCatalog(catalog, { source: { kind: 'workspace', label } });
}

const POINTS = [
  { value: 'start', label: 'empty (before the first migration)' },
  { value: 'file:///p/001.sql', label: 'after 001.sql' },
  { value: 'end', label: 'after the last migration' },
];

function message(graph: SchemaGraph, extra: Partial<SchemaHostMessage & { type: 'graph' }> = {}): SchemaHostMessage & { type: 'graph' } {
  return { type: 'graph', graph, points: POINTS, at: 'end', ...extra };
}

const HISTORY = [
  { path: 'file:///p/001.sql', text: 'CREATE TABLE customers (id bigint PRIMARY KEY, email text);\nCREATE TABLE notes (body text);\n' },
  { path: 'file:///p/002.sql', text: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id), total numeric(12,2));\n' },
  { path: 'file:///p/003.sql', text: 'ALTER TABLE customers ALTER COLUMN email SET NOT NULL;\nCREATE INDEX ON orders (customer_id);\nDROP TABLE notes;\nCREATE TABLE coupons (id bigint PRIMARY KEY, code text);\nALTER TABLE orders ADD COLUMN coupon_id bigint REFERENCES coupons (id);\n' },
];

describe('schema diagram panel in Chromium', function () {
  this.timeout(180_000);
  let browser: Browser;
  let host: ViewerHost;
  let page: SchemaPage;

  before(async function () {
    if (!existsSync(CHROMIUM)) skipOrFail(this, `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
    await initParser();
    host = await serveViewer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await host?.close();
  });
  afterEach(async () => {
    if (page) {
      assert.deepEqual(page.errors, [], 'no page errors');
      assert.deepEqual(await page.violations(), [], 'no CSP violations');
      await page.page.close();
      page = undefined as unknown as SchemaPage;
    }
  });

  const drawn = (p: SchemaPage): Promise<string[]> => p.page.evaluate(() => [...document.querySelectorAll<SVGGElement>('.canvas g.node')].map((g) => g.dataset.node ?? ''));

  it('draws a real dump laid out by ELK in its worker, every table once, and the summary', async function () {
    if (!existsSync(PAGILA)) skipOrFail(this, `corpus not found at ${PAGILA}`);
    page = await openSchemaViewer(browser, host);
    const graph = graphOf(readFileSync(PAGILA, 'utf8'), 'pagila.sql');
    const layoutMs = await page.show(message(graph));
    assert.ok(layoutMs >= 0);
    // Fit the drawing so every box is in view, then every node is in the DOM exactly once.
    await page.page.click('button:text("Fit")');
    await page.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const ids = await drawn(page);
    assert.deepEqual([...ids].sort(), graph.nodes.map((n) => n.id).sort());
    const summary = await page.page.textContent('.summary');
    assert.match(summary ?? '', /pagila\.sql: 16 tables · 22 foreign keys \(8 without an index\) · 13 findings/);
    // The key from rental to customer enters customer at its id row: lines are drawn as paths.
    assert.ok(await page.page.locator('g.edge[data-from="public.rental"][data-to="public.customer"] path.line').count() === 1);
    const sent = await page.sent();
    assert.ok(sent.some((m) => m.type === 'painted' && m.nodes === graph.nodes.length));
  });

  it('search, select (history and findings in the side panel), a column opens its definition, focus and keys only', async () => {
    page = await openSchemaViewer(browser, host);
    const graph = filesSchemaGraph(HISTORY);
    await page.show(message(graph));
    await page.page.fill('input[type=search]', 'coupon');
    await page.page.press('input[type=search]', 'Enter');
    assert.deepEqual(await page.page.evaluate(() => [...document.querySelectorAll<SVGGElement>('g.node.match')].map((g) => g.dataset.node).sort()), ['public.coupons', 'public.orders'], 'a table by name, a table by column');
    const details = await page.page.textContent('.details');
    assert.match(details ?? '', /^(public\.)?coupons/);
    assert.match(details ?? '', /Changed by 1 file/);
    // Orders: its history in order, its finding (the coupon key has no index), its keys.
    await page.page.fill('input[type=search]', '');
    await page.page.click('g.node[data-node="public.orders"] .title');
    const orders = await page.page.textContent('.details');
    assert.match(orders ?? '', /Changed by 2 files/);
    assert.match(orders ?? '', /foreign-key-missing-index Foreign key orders \(coupon_id\) has no index/);
    assert.deepEqual(await page.page.evaluate(() => [...document.querySelectorAll('.details .history button')].map((b) => b.textContent)), ['p/002.sql', 'p/003.sql']);
    await page.page.click('.details .history li:last-child button');
    let sent = await page.sent();
    const reveal = sent[sent.length - 1];
    assert.equal(reveal.type, 'reveal');
    assert.deepEqual(reveal.type === 'reveal' && reveal.location.file, 'file:///p/003.sql');
    // A column's row opens where the column is defined.
    await page.page.click('g.node[data-node="public.orders"] g.row[data-column="total"]');
    sent = await page.sent();
    const column = sent[sent.length - 1];
    assert.ok(column.type === 'reveal' && HISTORY[1].text.slice(column.location.start, column.location.end).startsWith('total'));
    // Focus: coupons and what is one key away.
    await page.drawn(() => page.page.click('g.node[data-node="public.coupons"] .title').then(() => page.page.click('.focus-row button:text("1 hop")')));
    assert.deepEqual((await drawn(page)).sort(), ['public.coupons', 'public.orders']);
    await page.drawn(() => page.page.click('.focus-row button:text("All tables")'));
    assert.equal((await drawn(page)).length, 3);
    const rows = () => page.page.locator('g.node[data-node="public.orders"] g.row').count();
    assert.equal(await rows(), 4);
    await page.drawn(() => page.page.check('label:has-text("Keys only") input'));
    assert.equal(await rows(), 3, 'id, customer_id, coupon_id');
    assert.match((await page.page.textContent('g.node[data-node="public.orders"]')) ?? '', /\+ 1 column/);
  });

  it('colours a comparison, offers the points, and asks the host for another', async () => {
    page = await openSchemaViewer(browser, host);
    const before = filesSchemaGraph(HISTORY.slice(0, 2));
    const after = filesSchemaGraph(HISTORY);
    await page.show(message(compareGraphs(before, after), { from: 'file:///p/001.sql' }));
    assert.match((await page.page.textContent('.summary')) ?? '', /1 added 2 altered 1 dropped/);
    assert.equal(await page.page.locator('g.node.added[data-node="public.coupons"]').count(), 1);
    assert.equal(await page.page.locator('g.node.dropped[data-node="public.notes"]').count(), 1);
    assert.equal(await page.page.locator('g.node.altered[data-node="public.customers"] g.row.altered[data-column="email"]').count(), 1);
    assert.equal(await page.page.locator('g.edge.added[data-from="public.orders"][data-to="public.coupons"]').count(), 1);
    await page.page.selectOption('select[title^="Compare"]', 'start');
    const sent = await page.sent();
    assert.deepEqual(sent[sent.length - 1], { type: 'pick', at: 'end', from: 'start' });
  });

  it('keeps hostile names as text under the strict CSP', async () => {
    page = await openSchemaViewer(browser, host);
    const evil = '<img src=x onerror="window.__pwned=1">';
    const graph = graphOf(`CREATE TABLE "${evil.replace(/"/g, '""')}" (id int PRIMARY KEY, "</text><script>window.__pwned=2</script>" text);\nCOMMENT ON TABLE "${evil.replace(/"/g, '""')}" IS '"><svg onload=window.__pwned=3>';`);
    await page.show(message(graph));
    assert.equal(await page.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.page.locator('.canvas img, .canvas script').count(), 0);
    assert.match((await page.page.textContent('g.node .title')) ?? '', /<img src=x onerror=/);
  });

  it('exports SVG that stands alone and PNG', async () => {
    page = await openSchemaViewer(browser, host, 'dark');
    await page.show(message(filesSchemaGraph(HISTORY)));
    await page.page.click('button:text("SVG")');
    await page.page.click('button:text("PNG")');
    await page.page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.filter((m) => m.type === 'export').length === 2);
    const exports = (await page.sent()).filter((m): m is Extract<typeof m, { type: 'export' }> => m.type === 'export');
    const svg = exports.find((m) => m.format === 'svg')!;
    assert.match(svg.data, /^<svg [^>]*class="pga-schema"[^>]*><style>svg\.pga-schema \{--vscode-/);
    assert.match(svg.data, /--vscode-editor-background: #1f1f1f/, 'in the theme shown');
    // Parsed here without its stylesheet: a parsed <style> would be applied under the page's CSP.
    const style = /<style>([^<]*)<\/style>/.exec(svg.data);
    assert.ok(style && style[1].includes('.pga-schema .node .box'), 'the stylesheet is embedded, with no markup in it');
    const wellFormed = await page.page.evaluate((text) => new DOMParser().parseFromString(text, 'image/svg+xml').getElementsByTagName('parsererror').length === 0, svg.data.replace(style[0], ''));
    assert.ok(wellFormed, 'the SVG parses as XML');
    assert.equal((svg.data.match(/class="node /g) ?? []).length, 3, 'all boxes, not only those in view');
    const png = exports.find((m) => m.format === 'png')!;
    assert.match(png.data, /^data:image\/png;base64,/);
    const bytes = Buffer.from(png.data.slice('data:image/png;base64,'.length), 'base64');
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(bytes.readUInt32BE(16) > 300 && bytes.readUInt32BE(20) > 200, 'a real drawing size');
  });

  it('draws boxes and lines in the high contrast theme\'s border colour', async () => {
    page = await openSchemaViewer(browser, host, 'dark', undefined, true);
    await page.show(message(filesSchemaGraph(HISTORY)));
    const stroke = await page.page.evaluate(() => getComputedStyle(document.querySelector('g.node .box')!).stroke);
    assert.equal(stroke, 'rgb(111, 195, 223)');
  });

  it('a 500-table schema: drawn at once in rows, then arranged; only what is in view is in the DOM', async () => {
    page = await openSchemaViewer(browser, host);
    const graph = graphOf(applicationSchema(500));
    await page.post(message(graph));
    await page.page.waitForFunction(() => document.body.dataset.firstPaint !== undefined, undefined, { timeout: 60000 });
    const first = await page.page.evaluate(() => ({ ms: Number(document.body.dataset.firstPaintMs ?? -1), nodes: document.querySelectorAll('g.node').length }));
    assert.ok(first.nodes > 0 && first.nodes < graph.nodes.length / 2, `first paint: ${first.nodes} boxes in the DOM`);
    assert.ok(await page.page.isChecked('label:has-text("Keys only") input'), 'a big schema starts with keys only');
    await page.page.waitForFunction(() => document.body.dataset.painted !== undefined, undefined, { timeout: 120000 });
    const inDom = (await drawn(page)).length;
    assert.ok(inDom > 0 && inDom < graph.nodes.length / 2, `${inDom} boxes in the DOM`);
    // Pan: what comes into view is added, what leaves is removed.
    const before = new Set(await drawn(page));
    await page.page.mouse.move(700, 500);
    await page.page.mouse.down();
    await page.page.mouse.move(100, 100, { steps: 10 });
    await page.page.mouse.up();
    await page.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const afterPan = await drawn(page);
    assert.ok(afterPan.some((id) => !before.has(id)), 'new boxes came into view');
  });

  it('screenshots for the README', async function () {
    if (process.env.PG_ARCHITECT_SCREENSHOTS !== '1' || !existsSync(PAGILA)) this.skip();
    const graph = graphOf(readFileSync(PAGILA, 'utf8'), 'pagila');
    for (const theme of ['light', 'dark'] as const) {
      page = await openSchemaViewer(browser, host, theme, { width: 1400, height: 860 });
      await page.show(message(graph));
      await page.page.click('g.node[data-node="public.rental"] .title');
      await page.page.screenshot({ path: join(root, 'docs', 'images', `schema-${theme}.png`) });
      if (theme === 'light') await page.page.close();
    }
  });
});
