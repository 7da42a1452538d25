// Which pasted plans each parser reads: ours (core/explain parsePlan) and pev2's (run in headless Chromium, the
// same way it runs in the editors that embed it), over the shared conformance set ../shared/corpus/plans-paste/.
// A plan counts as read when the parser returns a tree; where an expected parse exists (pev2's own NN-expect
// files) the node count must match too. Writes docs/plan-formats.md.
//
//   npm run plan-formats           (pev2 from the peers folder: ../shared/peers/README.md, plus `npm install pev2@1.21.0 vue@3` there)
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { parsePlan } from '../core/explain/parse';

const ROOT = join(__dirname, '..');
const PASTES = join(ROOT, '../shared/corpus/plans-paste');
const PEERS = process.env.PGA_PEERS_DIR ?? '/tmp/peers';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

interface Case {
  readonly group: string;
  readonly name: string;
  readonly text: string;
  /** Nodes of the expected parse, where pev2 keeps one. */
  readonly expectedNodes?: number;
}

function countNodes(plan: { Plans?: unknown[] }): number {
  return 1 + (plan.Plans ?? []).reduce<number>((n, c) => n + countNodes(c as { Plans?: unknown[] }), 0);
}

/** The format a file is in, for the table's rows. */
function groupOf(dir: string, name: string, text: string): string {
  if (dir === 'pev2-frames') return `psql frame: ${name.replace(/\.plan$/, '').replace(/-double.*$/, '')}`;
  const t = text.trimStart();
  if (/<explain/.test(t)) return 'XML';
  if (/^\s*(?:QUERY PLAN\s*\n[-─\s]*\n)?\s*- Plan:/m.test(t) || /- Plan:\s*\+?\n/.test(t)) return 'YAML';
  if (/"Node Type"/.test(t)) return 'JSON';
  if (dir === 'pev2-misc' && name.startsWith('12-line-wrapped')) return 'text, wrapped by a terminal';
  if (/^\s*"/.test(t)) return 'text, pgAdmin / DBeaver rows';
  return `text (${dir})`;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const dir of readdirSync(PASTES).sort()) {
    for (const name of readdirSync(join(PASTES, dir)).sort()) {
      if (name.endsWith('-expect')) continue;
      const text = readFileSync(join(PASTES, dir, name), 'utf8');
      const expectFile = join(PASTES, dir, name.replace(/-plan$/, '-expect'));
      let expectedNodes: number | undefined;
      if (name.endsWith('-plan') && existsSync(expectFile)) {
        const parsed = JSON.parse(readFileSync(expectFile, 'utf8')) as { Plan: { Plans?: unknown[] } } | { Plan: { Plans?: unknown[] } }[];
        expectedNodes = countNodes((Array.isArray(parsed) ? parsed[0] : parsed).Plan);
      }
      out.push({ group: groupOf(dir, name, text), name: `${dir}/${name}`, text, ...(expectedNodes !== undefined ? { expectedNodes } : {}) });
    }
  }
  return out;
}

/** pev2's Plan component mounted per plan; the node cards it draws, or -1 for its "Couldn't parse plan". */
async function pev2Counts(all: readonly Case[]): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pga-pev2-'));
  const entry = join(dir, 'entry.js');
  writeFileSync(
    entry,
    `import { createApp, h, nextTick } from 'vue';
import { Plan } from 'pev2';
window.renderPlan = async (source) => {
  const host = document.getElementById('app');
  host.innerHTML = '';
  const el = document.createElement('div');
  host.appendChild(el);
  let app;
  try {
    app = createApp({ render: () => h(Plan, { planSource: source, planQuery: '' }) });
    app.mount(el);
    await nextTick();
    // The diagram is drawn after its layout: wait until the node cards stop changing (at most 3 s).
    let last = -1;
    for (let waited = 0; waited < 3000; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
      if (/Couldn't parse plan/.test(el.textContent || '')) return -1;
      const count = el.querySelectorAll('.plan-node').length;
      if (count > 0 && count === last) return count;
      last = count;
    }
    return Math.max(0, last);
  } catch (e) {
    return -1;
  } finally {
    app?.unmount();
  }
};`,
  );
  const bundle = join(dir, 'bundle.js');
  await build({ entryPoints: [entry], bundle: true, outfile: bundle, format: 'iife', nodePaths: [join(PEERS, 'node_modules')], logLevel: 'error', define: { 'process.env.NODE_ENV': '"production"' } });
  // Served over http on the loopback (pev2 keeps its settings in localStorage, which about:blank refuses).
  const page0 = `<!doctype html><html><head><meta charset="utf-8"></head><body><div id="app" style="width:1200px;height:800px"></div><script src="/bundle.js"></script></body></html>`;
  const server = createServer((req, res) => {
    if (req.url === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(bundle));
    else res.writeHead(200, { 'content-type': 'text/html' }).end(page0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const counts: number[] = [];
    for (const c of all) counts.push(await page.evaluate((source) => (window as unknown as { renderPlan(s: string): Promise<number> }).renderPlan(source), c.text));
    return counts;
  } finally {
    await browser.close();
    server.close();
  }
}

function ok(nodes: number, expected: number | undefined): boolean {
  return nodes > 0 && (expected === undefined || nodes >= expected);
}

async function main(): Promise<void> {
  if (!existsSync(PASTES)) throw new Error(`the shared corpus is not at ${PASTES}`);
  if (!existsSync(join(PEERS, 'node_modules/pev2'))) throw new Error(`pev2 is not installed under ${PEERS} (cd ${PEERS} && npm install pev2@1.21.0 vue@3)`);
  const { initParser } = await import('../core/parse/parser');
  await initParser();
  const all = cases();
  const theirs = await pev2Counts(all);
  const ours = all.map((c) => {
    const r = parsePlan(c.text);
    return 'plan' in r ? r.plan.nodes.length : -1;
  });
  const groups = new Map<string, { files: number; ours: number; pev2: number }>();
  const misses: string[] = [];
  all.forEach((c, i) => {
    const g = groups.get(c.group) ?? { files: 0, ours: 0, pev2: 0 };
    g.files++;
    // Expected parses list fewer nodes in places (pev2 keeps a subset): at least that many is a match.
    if (ok(ours[i], c.expectedNodes)) g.ours++;
    if (ok(theirs[i], c.expectedNodes)) g.pev2++;
    if (!ok(ours[i], c.expectedNodes) || !ok(theirs[i], c.expectedNodes)) misses.push(`| ${c.name} | ${ours[i] < 0 ? 'error' : `${ours[i]} nodes`} | ${theirs[i] < 0 ? "couldn't parse" : `${theirs[i]} nodes`} | ${c.expectedNodes ?? ''} |`);
    groups.set(c.group, g);
  });
  const total = { files: all.length, ours: 0, pev2: 0 };
  for (const g of groups.values()) {
    total.ours += g.ours;
    total.pev2 += g.pev2;
  }
  const rows = [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([name, g]) => `| ${name} | ${g.files} | ${g.ours} | ${g.pev2} |`);
  const doc = `# Pasted plan formats: what each parser reads

Generated by \`npm run plan-formats\` (bench/plan-formats.ts) on ${new Date().toISOString().slice(0, 10)}: every file of the shared
conformance set (\`../shared/corpus/plans-paste/\`: pev2's and Pg::Explain's own test plans, EXPLAIN output as people
paste it) given to our parser (\`core/explain\`, the one behind the CLI's \`plan\`/\`explain\` and the plan viewer) and
to pev2 1.21.0 (mounted in headless Chromium, as the editors that embed it run it). A file counts as read when a plan
tree comes back; where pev2 keeps an expected parse, the tree must have at least its nodes.

| format | files | ours | pev2 |
|---|---|---|---|
${rows.join('\n')}
| **all** | **${total.files}** | **${total.ours}** | **${total.pev2}** |

Files either parser misses:

| file | ours | pev2 | expected nodes |
|---|---|---|---|
${misses.join('\n')}
`;
  writeFileSync(join(ROOT, 'docs/plan-formats.md'), doc);
  process.stdout.write(doc);
}

main().catch((e: unknown) => {
  process.stderr.write(`plan-formats: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
