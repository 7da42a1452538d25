// The plan viewer in headless Chromium: time from receiving a plan to a painted diagram (the panel's first
// render), JS heap and DOM size, and frame times while panning, on plans of 10 to 2,000 nodes. pev2's figures
// (../shared/peers/README.md: same measure, same Chromium family) are quoted, since pev2 is not installed here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePlan } from '../core/explain/analyze';
import { formatPlanText } from '../core/explain/format';
import { parsePlan } from '../core/explain/parse';
import { buildPlanView } from '../core/explain/view';
import type { HostMessage } from '../client/webview/protocol';
import { CHROMIUM, launchChromium, openViewer, serveViewer } from '../test/helpers/webview-page';
import { percentile, summarize } from './measure';
import type { BenchModule, BenchRow } from './types';

/** pev2 1.21.0, time from mount to a painted diagram, as measured in ../shared/peers/README.md. */
const PEV2_MS: Record<string, number> = { 'joe pg17_hash_join (4 nodes)': 566, '500 nodes (synthetic)': 3500, '1,192 nodes (real)': 7600, '2,000 nodes (synthetic)': 12300 };

/** In-page helpers, as source text: functions passed to page.evaluate must not be transformed by the TS loader. */
const PAGE_HELPERS = `
window.__measureShow = (m) => new Promise((resolve) => {
  const t0 = performance.now();
  window.postMessage(m, '*');
  const check = () => {
    if (document.body.dataset.ready === 'true') requestAnimationFrame(() => resolve(performance.now() - t0));
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
});
window.__startFrames = () => {
  window.__frames = [];
  window.__on = true;
  let last = performance.now();
  const tick = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (window.__on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};
window.__stopFrames = () => {
  window.__on = false;
  return window.__frames.slice(2);
};
`;

interface PageHelpers {
  __measureShow(message: unknown): Promise<number>;
  __startFrames(): void;
  __stopFrames(): number[];
}

export const viewerBench: BenchModule = {
  name: 'viewer',
  async run(ctx) {
    if (!existsSync(CHROMIUM)) {
      ctx.log(`viewer: Chromium not found at ${CHROMIUM}; skipped`);
      return [];
    }
    const plans = [
      { name: 'joe pg17_hash_join (4 nodes)', file: join(ctx.corpus, 'plans', 'postgres-ai__joe__pg17_hash_join.json') },
      { name: '500 nodes (synthetic)', file: join(ctx.corpus, 'plans-large', 'synthetic-500-nodes.json') },
      { name: '1,192 nodes (real)', file: join(ctx.corpus, 'plans-large', 'pg15-union-50-joins-1192-nodes.json'), query: join(ctx.corpus, 'plans-large', 'pg15-union-50-joins.query.sql') },
      { name: '2,000 nodes (synthetic)', file: join(ctx.corpus, 'plans-large', 'synthetic-2000-nodes.json') },
    ].filter((p) => existsSync(p.file));
    const host = await serveViewer();
    const browser = await launchChromium();
    const rows: BenchRow[] = [];
    try {
      for (const plan of plans) {
        const raw = readFileSync(plan.file, 'utf8');
        const parsed = parsePlan(raw);
        if ('error' in parsed) throw new Error(`${plan.file}: ${parsed.error}`);
        const buildTimes: number[] = [];
        let message: HostMessage | undefined;
        for (let i = 0; i < ctx.runs; i++) {
          const started = performance.now();
          const analysis = analyzePlan(parsed.plan);
          const view = buildPlanView(analysis, { raw, text: formatPlanText(analysis), query: plan.query ? readFileSync(plan.query, 'utf8') : undefined });
          buildTimes.push(performance.now() - started);
          const run = { id: 'bench', label: 'EXPLAIN ANALYZE', database: 'bench', note: null, linked: false };
          message = { type: 'show', run, view, history: [run] };
        }
        const paint: number[] = [];
        const heap: number[] = [];
        const dom: number[] = [];
        const frames: number[] = [];
        for (let i = 0; i < ctx.runs; i++) {
          const viewer = await openViewer(browser, host, 'dark');
          // From the message arriving to the frame after the diagram is in the DOM (what the user waits for).
          await viewer.page.evaluate(PAGE_HELPERS);
          const ms = await viewer.page.evaluate((m) => (window as unknown as PageHelpers).__measureShow(m), message as unknown as Record<string, unknown>);
          paint.push(ms);
          const cdp = await viewer.page.context().newCDPSession(viewer.page);
          await cdp.send('HeapProfiler.collectGarbage');
          const metrics = (await cdp.send('Performance.enable').then(() => cdp.send('Performance.getMetrics'))) as { metrics: { name: string; value: number }[] };
          heap.push((metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 2 ** 20);
          dom.push(await viewer.page.evaluate(() => document.getElementsByTagName('*').length));
          // Pan: drag the diagram for 60 steps and record the frame intervals meanwhile.
          const box = await viewer.page.locator('.diagram').boundingBox();
          if (box) {
            await viewer.page.evaluate(() => (window as unknown as PageHelpers).__startFrames());
            await viewer.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
            await viewer.page.mouse.down();
            for (let s = 0; s < 60; s++) await viewer.page.mouse.move(box.x + box.width / 2 - s * 6, box.y + box.height / 2 - s * 3);
            await viewer.page.mouse.up();
            const intervals = await viewer.page.evaluate(() => (window as unknown as PageHelpers).__stopFrames());
            if (intervals.length > 0) frames.push(percentile(intervals, 95));
          }
          await viewer.page.close();
        }
        const paintMedian = summarize(paint).median;
        rows.push(
          { benchmark: `plan viewer: ${plan.name}`, metric: 'plan model + view (extension side)', unit: 'ms', ours: summarize(buildTimes).median },
          { benchmark: `plan viewer: ${plan.name}`, metric: 'first render, message to painted diagram (median)', unit: 'ms', ours: paintMedian, peer: { name: 'pev2 1.21.0 (published)', value: PEV2_MS[plan.name] ?? NaN } },
          { benchmark: `plan viewer: ${plan.name}`, metric: 'JS heap after render', unit: 'MiB', ours: summarize(heap).median },
          { benchmark: `plan viewer: ${plan.name}`, metric: 'DOM elements', unit: 'count', ours: summarize(dom).median },
          { benchmark: `plan viewer: ${plan.name}`, metric: 'frame interval while panning (p95)', unit: 'ms', ours: frames.length > 0 ? summarize(frames).median : NaN, note: '16.7 ms = 60 fps' },
        );
        ctx.log(`viewer: ${plan.name}: first render ${paintMedian.toFixed(0)} ms`);
      }
    } finally {
      await browser.close();
      await host.close();
    }
    return rows;
  },
};
