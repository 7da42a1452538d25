// The plan viewer in real headless Chromium: every corpus plan renders, selection drives the grid, details and
// source-link messages, hostile strings stay text under the strict CSP, compare and restore work, and the
// README's light and dark screenshots come from here (PG_ARCHITECT_SCREENSHOTS=1).
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { analyzePlan } from '../../core/explain/analyze';
import { formatPlanText } from '../../core/explain/format';
import { parsePlan } from '../../core/explain/parse';
import { buildPlanView, comparePlans, type PlanView } from '../../core/explain/view';
import type { HostMessage, RunInfo } from '../../client/webview/protocol';
import { skipOrFail } from '../helpers/requirements';
import { demoPlan } from '../helpers/demo-plan';
import { CHROMIUM, launchChromium, openViewer, serveViewer, type ViewerHost, type ViewerPage } from '../helpers/webview-page';

const CORPUS = join(__dirname, '..', '..', '..', 'shared', 'corpus', 'plans');
const root = join(__dirname, '..', '..');

function viewOf(raw: string, query?: string): PlanView {
  const parsed = parsePlan(raw);
  if ('error' in parsed) throw new Error(parsed.error);
  const analysis = analyzePlan(parsed.plan);
  return buildPlanView(analysis, { raw, query, text: formatPlanText(analysis) });
}

let counter = 0;
function run(label: string, database = 'test'): RunInfo {
  counter += 1;
  return { id: `run-${counter}`, label, database, note: null, linked: false };
}

function show(view: PlanView, info = run('EXPLAIN'), history: RunInfo[] = [info]): HostMessage & { type: 'show' } {
  return { type: 'show', run: info, view, history };
}

/** A small analysed plan written by hand, whose strings are hostile markup. */
function hostilePlan(): string {
  const evil = '<img src=x onerror="window.__pwned=1">';
  return JSON.stringify([
    {
      Plan: {
        'Node Type': 'Nested Loop',
        'Join Type': 'Inner',
        'Startup Cost': 0,
        'Total Cost': 10,
        'Plan Rows': 1,
        'Plan Width': 4,
        'Actual Startup Time': 0.01,
        'Actual Total Time': 5,
        'Actual Rows': 1,
        'Actual Loops': 1,
        'Join Filter': `(a.x = '<script>window.__pwned=2</script>'::text)`,
        Plans: [
          { 'Node Type': 'Seq Scan', 'Parent Relationship': 'Outer', 'Relation Name': evil, Alias: '"><svg onload=window.__pwned=3>', 'Startup Cost': 0, 'Total Cost': 5, 'Plan Rows': 1, 'Plan Width': 4, 'Actual Startup Time': 0.01, 'Actual Total Time': 4, 'Actual Rows': 1000, 'Actual Loops': 1, Filter: "(note = '</pre><b onmouseover=alert(1)>')", 'Rows Removed by Filter': 99000 },
          { 'Node Type': 'Seq Scan', 'Parent Relationship': 'Inner', 'Relation Name': 'ok', Alias: 'ok', 'Startup Cost': 0, 'Total Cost': 5, 'Plan Rows': 1, 'Plan Width': 4, 'Actual Startup Time': 0.01, 'Actual Total Time': 0.5, 'Actual Rows': 1, 'Actual Loops': 1 },
        ],
      },
      'Planning Time': 0.1,
      'Execution Time': 5.2,
    },
  ]);
}

describe('plan viewer in headless Chromium', function () {
  this.timeout(120000);
  let browser: Browser;
  let host: ViewerHost;
  let viewer: ViewerPage;

  before(async function () {
    if (!existsSync(CHROMIUM)) skipOrFail(this, `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
    host = await serveViewer();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await host?.close();
  });

  beforeEach(async () => {
    viewer = await openViewer(browser, host);
  });

  afterEach(async () => {
    assert.deepEqual(viewer.errors, [], 'no page errors');
    assert.deepEqual(await viewer.violations(), [], 'nothing blocked by the CSP');
    await viewer.page.close();
  });

  it('draws every corpus plan: one card per node, the summary, the insights count', async function () {
    if (!existsSync(CORPUS)) skipOrFail(this, `corpus not found at ${CORPUS}`);
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.json'));
    assert.ok(files.length >= 20, `corpus plans: ${files.length}`);
    for (const file of files) {
      const view = viewOf(readFileSync(join(CORPUS, file), 'utf8'));
      await viewer.show(show(view));
      // Big plans open with cold subtrees folded; Expand all draws every node.
      assert.ok((await viewer.page.locator('.layer .card').count()) <= view.nodes.length, `${file}: cards`);
      await viewer.page.locator('.expand-all').click();
      const cards = await viewer.page.locator('.layer .card').count();
      assert.equal(cards, view.nodes.length, `${file}: cards`);
      const summary = await viewer.page.locator('.summary').innerText();
      assert.match(summary, new RegExp(`\\b${view.nodes.length} node${view.nodes.length === 1 ? '' : 's'}(?![a-z])`), `${file}: summary`);
      assert.equal(await viewer.page.locator('.tab-insights').innerText(), `Insights (${view.insights.length})`, `${file}: insights tab`);
      const titles = await viewer.page.locator('.layer .card').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
      assert.deepEqual(titles.sort(), view.nodes.map((n) => n.title).sort(), `${file}: titles`);
    }
  });

  it('selecting a node fills the details, marks the grid row and tells the extension (source link)', async function () {
    if (!existsSync(CORPUS)) skipOrFail(this, `corpus not found at ${CORPUS}`);
    const view = viewOf(readFileSync(join(CORPUS, 'postgres-ai__joe__pg17_hash_join.json'), 'utf8'));
    await viewer.show(show(view));
    const target = view.nodes.find((n) => n.relation !== null)!;
    await viewer.page.locator(`.layer .card[data-id="${target.id}"]`).click();
    assert.equal(await viewer.page.locator('.details h3').innerText(), target.title);
    const sent = await viewer.sent();
    assert.deepEqual(sent[sent.length - 1], { type: 'select', nodeId: target.id });
    await viewer.page.locator('.tab-grid').click();
    assert.equal(await viewer.page.locator('table.grid tbody tr.selected').getAttribute('data-id'), String(target.id));
    // Sorting by exclusive time, longest first: the first row is the node with the most exclusive time.
    await viewer.page.locator('table.grid th[data-key="time"]').click();
    const slowest = [...view.nodes].sort((a, b) => (b.exclusiveTime ?? 0) - (a.exclusiveTime ?? 0))[0];
    assert.equal(await viewer.page.locator('table.grid tbody tr').first().getAttribute('data-id'), String(slowest.id));
    await viewer.page.locator('table.grid th[data-key="time"]').click();
    const fastest = [...view.nodes].sort((a, b) => (a.exclusiveTime ?? 0) - (b.exclusiveTime ?? 0) || a.id - b.id)[0];
    assert.equal(await viewer.page.locator('table.grid tbody tr').first().getAttribute('data-id'), String(fastest.id));
    // A grid row selects too.
    await viewer.page.locator(`table.grid tbody tr[data-id="${view.nodes[0].id}"]`).click();
    const after = await viewer.sent();
    assert.deepEqual(after[after.length - 1], { type: 'select', nodeId: view.nodes[0].id });
  });

  it('keyboard: arrows move between nodes, Enter collapses a subtree', async function () {
    const view = viewOf(hostilePlan());
    await viewer.show(show(view));
    await viewer.page.locator('.layer .card[data-id="0"]').click();
    await viewer.page.locator('.diagram').focus();
    await viewer.page.keyboard.press('ArrowDown');
    await viewer.page.keyboard.press('ArrowRight');
    const sent = await viewer.sent();
    assert.deepEqual(sent.slice(-2), [{ type: 'select', nodeId: 1 }, { type: 'select', nodeId: 2 }]);
    await viewer.page.keyboard.press('ArrowUp');
    await viewer.page.keyboard.press('Enter');
    assert.equal(await viewer.page.locator('.layer .card').count(), 1, 'subtree collapsed');
    assert.equal(await viewer.page.locator('.layer .card .toggle').innerText(), '+2');
    await viewer.page.keyboard.press('Enter');
    assert.equal(await viewer.page.locator('.layer .card').count(), 3, 'subtree expanded');
  });

  it('renders hostile identifiers and conditions as text: no markup, no script', async () => {
    const view = viewOf(hostilePlan());
    await viewer.show(show(view));
    for (const tab of ['.tab-grid', '.tab-insights', '.tab-raw', '.tab-diagram']) await viewer.page.locator(tab).click();
    await viewer.page.locator('.layer .card[data-id="1"]').click();
    const pwned = await viewer.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned);
    assert.equal(pwned, undefined, 'no injected script ran');
    assert.equal(await viewer.page.locator('img, svg[onload], b[onmouseover], script:not([src])').count(), 0, 'no injected element exists');
    const card = await viewer.page.locator('.layer .card[data-id="1"] .card-title').innerText();
    assert.ok(card.includes('<img src=x onerror="window.__pwned=1">'), card);
    const details = await viewer.page.locator('.details').innerText();
    assert.ok(details.includes("</pre><b onmouseover=alert(1)>"), 'the filter is shown as written');
    const raw = await viewer.page.locator('.plan-raw').innerText();
    assert.ok(raw.includes('<script>window.__pwned=2</script>'));
  });

  it('lists insights, selects their node and hands their SQL to the extension', async () => {
    const view = viewOf(hostilePlan());
    assert.ok(view.insights.length > 0, 'the hand-written plan has insights');
    await viewer.show(show(view));
    await viewer.page.locator('.tab-insights').click();
    assert.equal(await viewer.page.locator('li.insight').count(), view.insights.length);
    const withNode = view.insights.findIndex((i) => i.nodeId !== null);
    await viewer.page.locator(`.insight[data-index="${withNode}"] .node-link`).click();
    const sent = await viewer.sent();
    assert.deepEqual(sent[sent.length - 1], { type: 'select', nodeId: view.insights[withNode].nodeId });
    assert.equal(await viewer.page.locator('.layer .card.selected').getAttribute('data-id'), String(view.insights[withNode].nodeId));
    const withSql = view.insights.findIndex((i) => i.sql !== null);
    if (withSql >= 0) {
      await viewer.page.locator('.tab-insights').click();
      await viewer.page.locator(`.insight[data-index="${withSql}"] .insert-sql`).click();
      const after = await viewer.sent();
      assert.deepEqual(after[after.length - 1], { type: 'insertSql', sql: view.insights[withSql].sql });
    }
  });

  it('runs the index advisor on request and shows its verified candidates with their SQL', async () => {
    const view = viewOf(hostilePlan());
    await viewer.show(show(view, { ...run('EXPLAIN ANALYZE'), canAdviseIndexes: true }));
    await viewer.page.locator('.tab-insights').click();
    await viewer.page.locator('.advise-indexes').click();
    let sent = await viewer.sent();
    assert.deepEqual(sent[sent.length - 1], { type: 'adviseIndexes' });
    const sql = 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ok_x_idx ON public.ok (x);';
    await viewer.post({ type: 'indexAdvice', route: 'hypopg', notes: ['<b>note</b>'], items: [{ sql, status: 'recommended', verdict: 'cuts the cost by 99 %', costBefore: 5167, costAfter: 42, reduction: 0.99, sizeBytes: 4_500_000 }] });
    await viewer.page.waitForSelector('.advice-item.recommended');
    const text = await viewer.page.locator('.index-advice').innerText();
    assert.ok(text.includes('5,167 → 42.00 (−99 %)') && text.includes('4.3 MB') && text.includes('<b>note</b>'), text);
    await viewer.page.locator('.advice-item .insert-sql').click();
    sent = await viewer.sent();
    assert.deepEqual(sent[sent.length - 1], { type: 'insertSql', sql });
  });

  it('while the advisor checks the insights\' indexes it says so; its verdicts then replace them, and its index goes to a migration', async () => {
    const view = viewOf(hostilePlan());
    const info = { ...run('EXPLAIN ANALYZE'), canAdviseIndexes: true, advising: true };
    await viewer.show(show(view));
    await viewer.show(show(view, info));
    await viewer.page.locator('.tab-insights').click();
    await viewer.page.waitForSelector('.index-advice .advising');
    const verdict = 'Verified by the planner (hypopg): ok_x_idx on (x), estimated cost 5167.0 → 42.0 (cuts the cost by 99 %).';
    const sql = 'CREATE INDEX CONCURRENTLY IF NOT EXISTS ok_x_idx ON public.ok (x);';
    const insights = view.insights.map((i, n) => (n === 0 ? { ...i, advice: verdict, sql } : i));
    // Verdicts for another run (an older Explain) are not drawn over this one.
    await viewer.post({ type: 'indexAdvice', runId: 'another-run', route: 'hypopg', notes: [], items: [], insights: view.insights.map((i) => ({ ...i, advice: 'stale' })) });
    await viewer.post({ type: 'indexAdvice', runId: info.id, route: 'hypopg', notes: [], items: [{ name: 'ok_x_idx', sql, status: 'recommended', verdict: 'cuts the cost by 99 %', costBefore: 5167, costAfter: 42, reduction: 0.99, sizeBytes: 8192 }], insights });
    await viewer.page.waitForSelector('.advice-item.recommended');
    const text = await viewer.page.locator('.panel-insights').innerText();
    assert.ok(text.includes(verdict), text);
    assert.ok(!text.includes('stale'), text);
    assert.equal(await viewer.page.locator('.index-advice .advising').count(), 0);
    await viewer.page.locator('.advice-item .add-to-migration').click();
    const sent = await viewer.sent();
    assert.deepEqual(sent[sent.length - 1], { type: 'addIndexToMigration', name: 'ok_x_idx' });
  });

  it('in a side panel (480 px): each tab owns the panel, the key facts stay in view, Fit keeps the text readable', async function () {
    if (!existsSync(CORPUS)) skipOrFail(this, `corpus not found at ${CORPUS}`);
    const narrow = await openViewer(browser, host, 'light', { width: 480, height: 800 });
    try {
      const view = viewOf(readFileSync(join(CORPUS, 'mgartner__pg_flame__cte.json'), 'utf8'));
      await narrow.show(show(view, { ...run('EXPLAIN ANALYZE 10:42'), database: 'app@db.internal:5432/shop' }));
      // Fit: never below 70 % (about 9 px text); cold subtrees are folded instead, the critical node is in view.
      const scale = await narrow.page.evaluate(() => Number(/scale\(([\d.]+)\)/.exec((document.querySelector('.layer') as HTMLElement).style.transform)?.[1]));
      assert.ok(scale >= 0.7, `scale ${scale}`);
      assert.ok((await narrow.page.locator('.layer .card').count()) < view.nodes.length, 'cold subtrees folded');
      const critical = view.insights.find((i) => i.severity === 'critical')!;
      const box = await narrow.page.locator(`.layer .card[data-id="${critical.nodeId}"]`).boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= 480, `the critical node is in view: ${JSON.stringify(box)}`);
      // The header's facts wrap, never cut: the execution time and the worst finding are there.
      const facts = await narrow.page.locator('.summary-facts').evaluate((e) => ({ text: (e as HTMLElement).innerText, overflow: e.scrollWidth > e.clientWidth }));
      assert.ok(facts.text.includes('execution 756 ms') && /1 critical/i.test(facts.text), facts.text);
      assert.equal(facts.overflow, false);
      assert.match(await narrow.page.locator('.summary-worst').innerText(), /critical.*Seq Scan discards/is);
      // No node selected: no details strip. The insights tab takes the whole height, without the diagram.
      assert.equal(await narrow.page.locator('.details-pane').isVisible(), false);
      await narrow.page.locator('.tab-insights').click();
      assert.equal(await narrow.page.locator('.diagram').isVisible(), false, 'the diagram is not drawn under another tab');
      const panel = await narrow.page.locator('.panel-insights .panel-body').boundingBox();
      assert.ok(panel && panel.y + panel.height >= 780, `the insights reach the bottom: ${JSON.stringify(panel)}`);
      // The index advisor's notes say why nothing was recommended: they stay visible when the panel's hints go.
      await narrow.show(show(view, { ...run('EXPLAIN ANALYZE 10:43'), canAdviseIndexes: true }));
      await narrow.page.locator('.tab-insights').click();
      await narrow.post({ type: 'indexAdvice', route: 'rollback', notes: ['public.orders has no rows or no statistics'], items: [] });
      await narrow.page.waitForFunction(() => /Indexes \(/.test(document.querySelector('.index-advice h4')?.textContent ?? ''));
      assert.match(await narrow.page.locator('.index-advice').innerText(), /public\.orders has no rows or no statistics/);
      // Compare: the table fits the panel (node titles wrap, only the time columns are kept).
      const before = viewOf(hostilePlan());
      const first = run('EXPLAIN ANALYZE 10:40');
      const second = run('EXPLAIN ANALYZE 10:42');
      await narrow.show(show(before, second, [first, second]));
      await narrow.post({ type: 'comparison', left: first, right: second, leftView: before, rightView: before, comparison: comparePlans(before, before) });
      await narrow.page.waitForSelector('.compare-grid');
      const width = await narrow.page.locator('.compare-grid').evaluate((e) => e.getBoundingClientRect().width);
      assert.ok(width <= 480, `compare table ${width} px wide`);
    } finally {
      await narrow.page.close();
    }
  });

  it('highlights the nodes the editor cursor is in (source link, editor to plan)', async () => {
    const view = viewOf(hostilePlan());
    await viewer.show(show(view));
    await viewer.post({ type: 'highlight', nodeIds: [2] });
    await viewer.page.waitForSelector('.layer .card.linked');
    assert.deepEqual(await viewer.page.locator('.layer .card.linked').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id)), ['2']);
  });

  it('colours by another metric on request', async () => {
    const view = viewOf(hostilePlan());
    await viewer.show(show(view));
    const before = await viewer.page.locator('.layer .card[data-id="1"]').getAttribute('class');
    assert.match(before ?? '', /heat-4/, 'the slowest node is hottest by time');
    await viewer.page.evaluate(() => {
      const select = document.querySelector('.color-by') as HTMLElement & { value: string };
      select.value = 'rows';
      select.dispatchEvent(new Event('change'));
    });
    // By rows (log scale): the scan returning 1,000 rows is hottest, the one returning 1 row is not.
    assert.match((await viewer.page.locator('.layer .card[data-id="1"]').getAttribute('class')) ?? '', /heat-4/);
    assert.match((await viewer.page.locator('.layer .card[data-id="2"]').getAttribute('class')) ?? '', /heat-[01]\b/);
    assert.match((await viewer.page.locator('.layer .card[data-id="0"]').getAttribute('class')) ?? '', /heat-[01]\b/);
  });

  it('offers only the colourings the plan has numbers for, and counts one node as one node', async () => {
    await viewer.show(show(viewOf('Seq Scan on orders  (cost=0.00..35.50 rows=2550 width=4)')));
    const modes = await viewer.page.locator('.color-by vscode-option').evaluateAll((els) => els.map((e) => e.getAttribute('value')));
    assert.deepEqual(modes, ['cost', 'rows'], 'estimates only: no time, misestimate or buffers');
    assert.match((await viewer.page.locator('header.summary').textContent()) ?? '', /· 1 node(?!s)/);
    await viewer.show(show(viewOf(hostilePlan())));
    const analysed = await viewer.page.locator('.color-by vscode-option').evaluateAll((els) => els.map((e) => e.getAttribute('value')));
    assert.ok(analysed.includes('time') && analysed.includes('estimate'), analysed.join());
  });

  it('compares two runs of a statement', async () => {
    const before = viewOf(hostilePlan());
    const afterRaw = JSON.parse(hostilePlan()) as [{ Plan: { Plans: Record<string, unknown>[] }; 'Execution Time': number }];
    Object.assign(afterRaw[0].Plan.Plans[0], { 'Node Type': 'Index Scan', 'Index Name': 'ok_idx', 'Actual Total Time': 0.2, 'Rows Removed by Filter': 0 });
    afterRaw[0]['Execution Time'] = 1.1;
    const after = viewOf(JSON.stringify(afterRaw));
    const left = run('EXPLAIN ANALYZE 10:00');
    const right = run('EXPLAIN ANALYZE 10:05');
    await viewer.show(show(after, right, [left, right]));
    await viewer.page.locator('.tab-compare').click();
    await viewer.page.locator('.compare-run').click();
    const sent = await viewer.sent();
    assert.deepEqual(sent[sent.length - 1], { type: 'compare', left: left.id, right: right.id });
    await viewer.post({ type: 'comparison', left, right, leftView: before, rightView: after, comparison: comparePlans(before, after) });
    await viewer.page.waitForSelector('.compare-grid');
    const rows = await viewer.page.locator('.compare-grid tbody tr').allInnerTexts();
    assert.equal(rows.length, 3);
    assert.ok(rows[1].includes('Seq Scan') && rows[1].includes('Index Scan using ok_idx'), rows[1]);
    assert.ok((await viewer.page.locator('.compare-summary').innerText()).includes('5.2 ms → 1.1 ms'));
    assert.ok((await viewer.page.locator('.compare-grid .delta.better').count()) > 0);
  });

  it('restores the plan, tab and selection after a reload (webview state)', async () => {
    const view = viewOf(hostilePlan());
    await viewer.show(show(view));
    await viewer.page.locator('.layer .card[data-id="2"]').click();
    await viewer.page.locator('.tab-grid').click();
    await viewer.page.reload();
    await viewer.page.waitForFunction(() => document.body.dataset.ready === 'true');
    assert.equal(await viewer.page.locator('.layer .card').count(), 3);
    assert.equal(await viewer.page.locator('.details h3').innerText(), view.nodes[2].title);
    assert.equal(await viewer.page.locator('table.grid tbody tr.selected').getAttribute('data-id'), '2');
  });

  it('saves light and dark screenshots for the README', async function () {
    if (process.env.PG_ARCHITECT_SCREENSHOTS !== '1') this.skip();
    const demo = await demoPlan();
    const view = viewOf(demo.raw, demo.query);
    mkdirSync(join(root, 'docs', 'images'), { recursive: true });
    for (const theme of ['light', 'dark'] as const) {
      const page = await openViewer(browser, host, theme, { width: 1280, height: 760 });
      await page.show(show(view, { ...run('EXPLAIN ANALYZE 10:42'), database: 'app@db.internal:5432/shop' }));
      const slow = [...view.nodes].sort((a, b) => (b.exclusiveTime ?? 0) - (a.exclusiveTime ?? 0))[0];
      await page.page.locator(`.layer .card[data-id="${slow.id}"]`).click();
      await page.page.locator('.diagram').focus();
      await page.page.keyboard.press('f');
      await page.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
      await page.page.screenshot({ path: join(root, 'docs', 'images', `plan-${theme}.png`) });
      await page.page.close();
    }
    // The viewer in a side panel and in a full editor, as the README shows it (item: a roomy viewer at any width).
    for (const theme of ['light', 'dark'] as const) {
      for (const width of [480, 1400]) {
        const page = await openViewer(browser, host, theme, { width, height: 820 });
        await page.show(show(view, { ...run('EXPLAIN ANALYZE 10:42'), database: 'app@db.internal:5432/shop' }));
        await page.page.screenshot({ path: join(root, 'docs', 'images', `plan-${width}-${theme}.png`) });
        await page.page.close();
      }
    }
  });
});
