// The schema diagram: building the graph from a catalog, ELK's layout (in-process, as the CLI's SVG export runs
// it), and the panel in headless Chromium: time from the graph's arrival to the first drawing on screen, to the
// arranged drawing (ELK in the panel's worker), DOM size, and frame intervals while panning. On the largest real
// dump (lago, 173 tables) and generated application schemas of 500 and 700 tables. No peer draws a schema from
// migration files, so there is no side-by-side figure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ELK from 'elkjs/lib/elk.bundled.js';
import { buildCatalog } from '../core/catalog/workspace-catalog';
import { initParser } from '../core/parse/parser';
import { graphFromCatalog } from '../core/schema-diagram/from-catalog';
import type { SchemaGraph } from '../core/schema-diagram/graph';
import { layoutGraph } from '../core/schema-diagram/layout';
import { applicationSchema } from '../test/helpers/large-sql';
import { CHROMIUM, launchChromium, openSchemaViewer, serveViewer } from '../test/helpers/webview-page';
import { percentile, summarize } from './measure';
import type { BenchModule, BenchRow } from './types';

/** Frame intervals while something runs, collected in the page (source text: page.evaluate gets it untransformed). */
const FRAMES = `
window.__startFrames = () => { window.__frames = []; window.__on = true; let last = performance.now();
  const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__on) requestAnimationFrame(tick); }; requestAnimationFrame(tick); };
window.__stopFrames = () => { window.__on = false; return window.__frames.slice(2); };
`;

export const schemaDiagramBench: BenchModule = {
  name: 'diagram',
  async run(ctx) {
    await initParser();
    const inputs: { name: string; sql: string }[] = [];
    const lago = join(ctx.corpus, 'dumps', 'getlago__lago-api__structure.sql');
    if (existsSync(lago)) inputs.push({ name: 'lago dump', sql: readFileSync(lago, 'utf8') });
    inputs.push({ name: '500 tables (generated)', sql: applicationSchema(500) }, { name: '700 tables (generated)', sql: applicationSchema(700) });
    const rows: BenchRow[] = [];
    const graphs: { name: string; graph: SchemaGraph }[] = [];
    for (const input of inputs) {
      const { catalog } = buildCatalog([{ path: 'schema.sql', text: input.sql }]);
      const build: number[] = [];
      let graph: SchemaGraph | undefined;
      for (let i = 0; i < ctx.runs; i++) {
        const t = performance.now();
        graph = graphFromCatalog(catalog, { source: { kind: 'workspace', label: input.name } });
        build.push(performance.now() - t);
      }
      const layout: number[] = [];
      const elk = new ELK();
      for (let i = 0; i < Math.min(3, ctx.runs); i++) {
        const t = performance.now();
        await layoutGraph(graph!, { keysOnly: graph!.nodes.length > 80 }, elk);
        layout.push(performance.now() - t);
      }
      graphs.push({ name: input.name, graph: graph! });
      const bench = `schema diagram: ${input.name} (${graph!.nodes.length} objects, ${graph!.edges.length} lines)`;
      rows.push({ benchmark: bench, metric: 'graph from the catalog (median)', unit: 'ms', ours: summarize(build).median }, { benchmark: bench, metric: 'ELK layout in-process, as `schema --format svg` (median)', unit: 'ms', ours: summarize(layout).median });
    }
    if (!existsSync(CHROMIUM)) {
      ctx.log(`diagram: Chromium not found at ${CHROMIUM}; panel figures skipped`);
      return rows;
    }
    const host = await serveViewer();
    const browser = await launchChromium();
    try {
      for (const { name, graph } of graphs) {
        const first: number[] = [];
        const arranged: number[] = [];
        const dom: number[] = [];
        const frames: number[] = [];
        for (let i = 0; i < Math.min(3, ctx.runs); i++) {
          const page = await openSchemaViewer(browser, host, 'dark');
          await page.page.evaluate(FRAMES);
          const t0 = await page.page.evaluate(() => performance.now());
          await page.post({ type: 'graph', graph, points: [{ value: 'end', label: 'after the last migration' }], at: 'end' });
          await page.page.waitForFunction(() => document.body.dataset.painted !== undefined, undefined, { timeout: 120_000 });
          const t1 = await page.page.evaluate(() => performance.now());
          first.push(Number(await page.page.evaluate(() => document.body.dataset.firstPaintMs)));
          arranged.push(t1 - t0);
          dom.push(await page.page.evaluate(() => document.getElementsByTagName('*').length));
          const box = await page.page.locator('.canvas').boundingBox();
          if (box) {
            await page.page.evaluate(() => (window as unknown as { __startFrames(): void }).__startFrames());
            await page.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
            await page.page.mouse.down();
            for (let s = 0; s < 60; s++) await page.page.mouse.move(box.x + box.width / 2 - s * 8, box.y + box.height / 2 - s * 5);
            await page.page.mouse.up();
            const intervals = await page.page.evaluate(() => (window as unknown as { __stopFrames(): number[] }).__stopFrames());
            if (intervals.length > 0) frames.push(percentile(intervals, 95));
          }
          await page.page.close();
        }
        const bench = `schema diagram panel: ${name} (${graph.nodes.length} objects)`;
        rows.push(
          { benchmark: bench, metric: 'first paint: graph received to boxes on screen (median)', unit: 'ms', ours: summarize(first).median, note: 'aim <= 1000 ms for 500 tables' },
          { benchmark: bench, metric: 'arranged by ELK in the worker (median)', unit: 'ms', ours: summarize(arranged).median },
          { benchmark: bench, metric: 'DOM elements (only what is in view)', unit: 'count', ours: summarize(dom).median },
          { benchmark: bench, metric: 'frame interval while panning (p95)', unit: 'ms', ours: frames.length > 0 ? summarize(frames).median : NaN, note: '16.7 ms = 60 fps' },
        );
        ctx.log(`diagram: ${name}: first paint ${summarize(first).median.toFixed(0)} ms, arranged ${summarize(arranged).median.toFixed(0)} ms`);
      }
    } finally {
      await browser.close();
      await host.close();
    }
    return rows;
  },
};
