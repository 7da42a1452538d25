/**
 * The plan viewer in real headless Chromium (playwright-core + Debian's /usr/bin/chromium): the page is the
 * panel's own HTML (client/plan-panel/html.ts, strict CSP) served from a local origin with the built bundle,
 * plus what VS Code itself adds to every webview: theme variables, a body theme class and `acquireVsCodeApi`.
 * The host side is played by the test: it posts the same messages the extension posts.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { planViewerHtml } from '../../client/plan-panel/html';
import { schemaDiagramHtml } from '../../client/schema-panel/html';
import type { SchemaHostMessage, SchemaViewerMessage } from '../../client/webview/schema/protocol';
import type { HostMessage, ViewerMessage } from '../../client/webview/protocol';
import { themeCss } from '../../core/explain/view/browser-theme';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');

export function ensureBundle(): void {
  if (!['webview.js', 'webview.css', 'schema-webview.js', 'schema-webview.css'].every((f) => existsSync(join(dist, f)))) {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  }
}

export interface ViewerHost {
  readonly origin: string;
  close(): Promise<void>;
}

/** Serves the panel HTML and the bundle; `theme` picks the injected theme stylesheet. */
export async function serveViewer(): Promise<ViewerHost> {
  ensureBundle();
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (type: string, body: string | Buffer): void => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    const theme = url.searchParams.get('theme') === 'dark' ? 'dark' : 'light';
    if (url.pathname === '/' || url.pathname === '/index.html') {
      const html = planViewerHtml({ cspSource: origin, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css` })
        // What VS Code adds to every webview: its theme variables and the theme class on <body>.
        .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme-${theme}.css">\n<link rel="stylesheet"`)
        .replace('<body>', `<body class="vscode-${theme}">`);
      send('text/html; charset=utf-8', html);
    } else if (url.pathname === '/schema.html') {
      const html = schemaDiagramHtml({ cspSource: origin, scriptUri: `${origin}/schema-webview.js`, styleUri: `${origin}/schema-webview.css` })
        .replace('<link rel="stylesheet"', `<link rel="stylesheet" href="${origin}/theme-${theme}.css">\n<link rel="stylesheet"`)
        .replace('<body>', `<body class="vscode-${theme === 'dark' ? 'dark' : 'light'}${url.searchParams.get('contrast') ? ' vscode-high-contrast' : ''}">`);
      send('text/html; charset=utf-8', html);
    } else if (url.pathname === '/schema-webview.js' || url.pathname === '/schema-webview.css') {
      send(url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css', readFileSync(join(dist, url.pathname.slice(1))));
    } else if (url.pathname === '/theme-contrast.css') {
      send('text/css', `:root { --vscode-contrastBorder: #6fc3df; }`);
    } else if (url.pathname === '/theme-light.css' || url.pathname === '/theme-dark.css') {
      send('text/css', themeCss(url.pathname.includes('dark') ? 'dark' : 'light'));
    } else if (url.pathname === '/webview.js') send('text/javascript', readFileSync(join(dist, 'webview.js')));
    else if (url.pathname === '/webview.css') send('text/css', readFileSync(join(dist, 'webview.css')));
    else if (url.pathname === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}

/** The `acquireVsCodeApi` VS Code provides, recording messages and state where the test can read them. */
const VSCODE_API_SHIM = `
  window.__sent = [];
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => window.__sent.push(m),
    getState: () => { const s = sessionStorage.getItem('__state'); return s ? JSON.parse(s) : window.__memoryState; },
    // VS Code keeps any size; sessionStorage holds 5 MB, so larger states live in memory (not across a reload).
    setState: (s) => { try { sessionStorage.setItem('__state', JSON.stringify(s)); } catch { sessionStorage.removeItem('__state'); window.__memoryState = s; } },
  });
`;

export interface ViewerPage {
  readonly page: Page;
  readonly errors: string[];
  post(message: HostMessage): Promise<void>;
  sent(): Promise<ViewerMessage[]>;
  violations(): Promise<string[]>;
  /** Posts a plan and waits until it is drawn; returns the page's own render time (ms). */
  show(message: HostMessage & { type: 'show' }): Promise<number>;
}

/** A panel page as VS Code shows it (the API shim, theme), once its script said ready; with what tests read from it. */
async function openPanel<Host, Sent>(browser: Browser, url: string, viewport: { width: number; height: number }, setup?: (page: Page) => Promise<void>) {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(VSCODE_API_SHIM);
  await page.goto(url);
  await setup?.(page);
  await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.some((m) => m.type === 'ready'));
  return {
    page,
    errors,
    post: async (message: Host): Promise<void> => {
      await page.evaluate((m) => window.postMessage(m, '*'), message as unknown as Record<string, unknown>);
    },
    sent: (): Promise<Sent[]> => page.evaluate(() => (window as unknown as { __sent: Sent[] }).__sent),
    violations: (): Promise<string[]> => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
  };
}

export async function openViewer(browser: Browser, host: ViewerHost, theme: 'light' | 'dark' = 'light', viewport = { width: 1400, height: 860 }): Promise<ViewerPage> {
  const base = await openPanel<HostMessage, ViewerMessage>(browser, `${host.origin}/index.html?theme=${theme}`, viewport);
  const page = base.page;
  const viewer: ViewerPage = {
    ...base,
    show: async (message) => {
      await page.evaluate(() => delete document.body.dataset.ready);
      await viewer.post(message);
      await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: 30000 });
      return Number(await page.evaluate(() => document.body.dataset.renderMs));
    },
  };
  return viewer;
}

export interface SchemaPage {
  readonly page: Page;
  readonly errors: string[];
  post(message: SchemaHostMessage): Promise<void>;
  sent(): Promise<SchemaViewerMessage[]>;
  violations(): Promise<string[]>;
  /** Posts a graph and waits until it is drawn; returns the page's layout time (ms). */
  show(message: SchemaHostMessage & { type: 'graph' }): Promise<number>;
  /** Waits for the next drawing after an action. */
  drawn(after: () => Promise<unknown>): Promise<void>;
}

/** The schema diagram panel's page (client/schema-panel/html.ts) with VS Code's additions, as openViewer. */
export async function openSchemaViewer(browser: Browser, host: ViewerHost, theme: 'light' | 'dark' = 'light', viewport = { width: 1400, height: 860 }, highContrast = false): Promise<SchemaPage> {
  const base = await openPanel<SchemaHostMessage, SchemaViewerMessage>(browser, `${host.origin}/schema.html?theme=${theme}${highContrast ? '&contrast=1' : ''}`, viewport, async (page) => {
    if (highContrast) await page.addStyleTag({ url: `${host.origin}/theme-contrast.css` });
  });
  const page = base.page;
  const painted = (): Promise<string | undefined> => page.evaluate(() => document.body.dataset.painted);
  const viewer: SchemaPage = {
    ...base,
    drawn: async (after) => {
      const before = await painted();
      await after();
      await page.waitForFunction((b) => document.body.dataset.painted !== undefined && document.body.dataset.painted !== b, before, { timeout: 60000 });
    },
    show: async (message) => {
      await viewer.drawn(() => viewer.post(message));
      return Number(await page.evaluate(() => document.body.dataset.layoutMs));
    },
  };
  return viewer;
}
