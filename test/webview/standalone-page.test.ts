// The plan viewer as a page of its own (core/explain/view/standalone.ts), opened from a file in headless Chromium as
// a user opens what other editors' explain command wrote: the same bundle draws the plan, its insights and the index
// advisor's section; the strict CSP blocks nothing the page needs and runs nothing the plan's strings carry.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { analyzePlan } from '../../core/explain/analyze';
import { formatPlanText } from '../../core/explain/format';
import { parsePlan } from '../../core/explain/parse';
import { buildPlanView } from '../../core/explain/view';
import { standalonePlanPage } from '../../core/explain/view/standalone';
import { initParser } from '../../core/parse/parser';
import { CHROMIUM, ensureBundle, launchChromium } from '../helpers/webview-page';
import { skipOrFail } from '../helpers/requirements';

const EVIL = '<img src=x onerror="window.__pwned=1">';
const PLAN = JSON.stringify([
  {
    Plan: {
      'Node Type': 'Limit', 'Startup Cost': 0, 'Total Cost': 20000, 'Plan Rows': 20, 'Plan Width': 8, 'Actual Startup Time': 90, 'Actual Total Time': 95, 'Actual Rows': 20, 'Actual Loops': 1,
      Plans: [
        {
          'Node Type': 'Sort', 'Parent Relationship': 'Outer', 'Sort Key': ['placed_at DESC'], 'Sort Method': 'top-N heapsort', 'Startup Cost': 0, 'Total Cost': 19000, 'Plan Rows': 500, 'Plan Width': 8, 'Actual Startup Time': 90, 'Actual Total Time': 94, 'Actual Rows': 20, 'Actual Loops': 1,
          Plans: [
            { 'Node Type': 'Seq Scan', 'Parent Relationship': 'Outer', 'Relation Name': 'orders', Schema: 'public', Alias: EVIL, 'Startup Cost': 0, 'Total Cost': 18000, 'Plan Rows': 500, 'Plan Width': 8, 'Actual Startup Time': 0.1, 'Actual Total Time': 80, 'Actual Rows': 480, 'Actual Loops': 1, Filter: `(customer_id = 7) AND (note <> '</script><script>window.__pwned=2</script>')`, 'Rows Removed by Filter': 999520 },
          ],
        },
      ],
    },
    'Planning Time': 0.2,
    'Execution Time': 95.5,
  },
]);

describe('the plan viewer as a standalone page (other editors)', function () {
  this.timeout(120_000);
  let browser: Browser;
  let file: string;
  let nodes: number;

  before(async function () {
    if (!existsSync(CHROMIUM)) skipOrFail(this, `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
    ensureBundle();
    await initParser();
    const parsed = parsePlan(PLAN);
    assert.ok('plan' in parsed);
    const analysis = analyzePlan(parsed.plan);
    const view = buildPlanView(analysis, { raw: PLAN, text: formatPlanText(analysis) });
    nodes = view.nodes.length;
    const dist = join(__dirname, '..', '..', 'dist');
    const page = standalonePlanPage({
      view,
      label: 'EXPLAIN ANALYZE 10:42:07',
      database: `embedded ${EVIL}`,
      note: `note ${EVIL}`,
      scriptUrl: pathToFileURL(join(dist, 'webview.js')).href,
      styleUrl: pathToFileURL(join(dist, 'webview.css')).href,
      advice: { route: 'rollback', notes: [`advisor note ${EVIL}`], items: [{ name: 'orders_customer_id_placed_at_idx', sql: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_customer_id_placed_at_idx ON public.orders (customer_id, placed_at);', status: 'recommended', verdict: 'cuts the cost by 99 %', costBefore: 20000, costAfter: 12, reduction: 0.99, sizeBytes: 4096 }] },
    });
    file = join(mkdtempSync(join(tmpdir(), 'pga-standalone-')), 'plan.html');
    writeFileSync(file, page);
    browser = await launchChromium();
  });
  after(() => browser?.close());

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`draws the plan, its insights and the advisor's section from a file: URL (${colorScheme})`, async () => {
      const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, colorScheme });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      await page.addInitScript(() => {
        const w = window as unknown as { __violations: string[] };
        w.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      await page.goto(pathToFileURL(file).href);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 30_000 });
      assert.equal(await page.locator('.layer .card').count(), nodes);
      assert.equal(await page.evaluate(() => document.body.classList.contains(`vscode-${matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'}`)), true);
      const summary = await page.locator('.summary-line').innerText();
      assert.ok(summary.includes(`embedded ${EVIL}`) && summary.includes('EXPLAIN ANALYZE 10:42:07'), summary);
      await page.locator('.tab-insights').click();
      const insights = await page.locator('.panel-insights').innerText();
      assert.match(insights, /top-N|LIMIT 20 sorts/i);
      await page.waitForSelector('.advice-item.recommended');
      assert.match(await page.locator('.index-advice').innerText(), /orders_customer_id_placed_at_idx/);
      assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined, 'no string of the plan ran');
      assert.deepEqual(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations), []);
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
});
