// The UI-level scenario of the e2e route: the .vsix installed into a real VS Code (code-server's, offline),
// the workbench driven in headless Chromium like a user would — open the example migration, see the squiggles,
// hover one, open the quick fixes and the Problems panel — asserting what is on screen and saving screenshots
// to docs/images/ for the README. Called by scripts/e2e.mjs with the server it installed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MOD = 'Control';

/** Runs the scenario; throws with a message (and leaves a screenshot of the failure) when a step fails. */
export async function runWorkbenchScenario({ node, serverMain, vsix, sandbox, root, env, chromium, freePort, waitForHttp, log }) {
  // code-server's own CLI (not the bare VS Code server): it keeps user settings on the server side, so the
  // profile below (trust off, quiet workbench) applies to the browser session too.
  const codeServer = join(serverMain, '..', '..', '..', '..', 'out', 'node', 'entry.js');
  const dirs = { user: join(sandbox, 'ui-user'), extensions: join(sandbox, 'ui-extensions') };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  const common = ['--user-data-dir', dirs.user, '--extensions-dir', dirs.extensions];
  const install = spawnSync(node, [codeServer, '--install-extension', vsix, ...common], { env, encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stderr || install.stdout}`);
  log('installed the .vsix into the UI profile');

  // A copy of the examples, so the scenario never edits the repository.
  const workspace = join(sandbox, 'ui-workspace');
  cpSync(join(root, 'examples'), workspace, { recursive: true });
  mkdirSync(join(dirs.user, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.colorTheme': 'Default Dark Modern',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'workbench.tips.enabled': false,
    'editor.minimap.enabled': false,
    'editor.fontSize': 14,
    'editor.hover.delay': 100,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.commandCenter.enabled': false,
  };
  writeFileSync(join(dirs.user, 'User', 'settings.json'), JSON.stringify(settings));

  const port = await freePort();
  const server = spawn(
    node,
    [codeServer, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', ...common, workspace],
    { env, detached: true, stdio: 'ignore' },
  );
  const images = join(root, 'docs', 'images');
  mkdirSync(images, { recursive: true });
  let context;
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
    const { chromium: pw } = await import('playwright-core');
    context = await pw.launchPersistentContext(join(sandbox, 'ui-browser'), {
      executablePath: chromium,
      headless: true,
      viewport: { width: 1280, height: 760 },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const step = async (name, fn) => {
      try {
        await fn();
        log(`ui: ${name}`);
      } catch (e) {
        await page.screenshot({ path: join(sandbox, `ui-failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => undefined);
        // What the workbench said (notifications, the status bar) goes into the message: CI keeps only the log.
        const shown = await page
          .locator('.notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message, .statusbar-item')
          .allInnerTexts()
          .catch(() => []);
        const said = shown.map((t) => t.trim()).filter((t) => t !== '');
        throw new Error(`UI step "${name}" failed: ${e instanceof Error ? e.message : e} (screenshot in ${sandbox}; on screen: ${JSON.stringify(said)})`);
      }
    };

    await step('workbench loads', async () => {
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
      await page.waitForSelector('.explorer-folders-view, .explorer-viewlet', { timeout: 60_000 });
    });

    await step('open the example migration', async () => {
      await page.keyboard.press(`${MOD}+P`);
      await page.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
      await page.keyboard.type('002_orders_fulfilment.sql');
      await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
      await page.keyboard.press('Enter');
      await page.waitForSelector('.monaco-editor .view-lines', { timeout: 20_000 });
    });

    await step('squiggles appear', async () => {
      await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 60_000 });
      const count = await page.locator('.monaco-editor .squiggly-warning').count();
      if (count < 3) throw new Error(`expected several warning squiggles, saw ${count}`);
      await page.mouse.move(5, 5);
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(images, 'squiggles.png') });
    });

    await step('hover explains the rule and the lock', async () => {
      const squiggle = page.locator('.monaco-editor .squiggly-warning').nth(1);
      const box = await squiggle.boundingBox();
      if (!box) throw new Error('no squiggle box');
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover:not(.hidden)').first();
      await hover.waitFor({ state: 'visible', timeout: 20_000 });
      // The problem part of a hover comes at once, the language server's part a moment later.
      await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover:not(.hidden)')].some((h) => /SHARE|EXCLUSIVE/.test(h.textContent ?? '')), null, { timeout: 20_000 }).catch(() => undefined);
      const text = await hover.innerText();
      if (!/SHARE|EXCLUSIVE/.test(text)) throw new Error(`hover without the lock explanation: ${text.slice(0, 300)}`);
      await page.waitForTimeout(600); // let the fade-in finish before the picture
      await page.screenshot({ path: join(images, 'hover.png') });
    });

    await step('quick fixes are offered', async () => {
      const squiggle = page.locator('.monaco-editor .squiggly-warning').nth(1);
      const box = await squiggle.boundingBox();
      await page.mouse.click(box.x + 4, box.y + box.height / 2);
      // The mouse must leave the squiggle, or its hover comes back over the menu and takes the keys.
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
      await page.locator('.monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => undefined);
      // Code actions come from the language server: on a busy machine the first request may find none yet.
      const menu = page.locator('.action-widget, .context-view .monaco-list').first();
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press(`${MOD}+.`);
        const shown = await menu.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
        if (shown) break;
        if (attempt === 3) throw new Error('the quick fix menu did not open after three Ctrl+. presses');
        await page.keyboard.press('Escape');
      }
      const text = await menu.innerText();
      if (!/CONCURRENTLY/i.test(text)) throw new Error(`quick fix menu without the CONCURRENTLY fix: ${text.slice(0, 300)}`);
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(images, 'quick-fix.png') });
      await page.keyboard.press('Escape');
    });

    await step('the Problems panel lists the findings', async () => {
      await page.keyboard.press(`${MOD}+Shift+M`);
      const panel = page.locator('.markers-panel');
      await panel.waitFor({ state: 'visible', timeout: 20_000 });
      // A migration nobody opened is listed too: the workspace's findings, from disk.
      await page.waitForFunction(() => /001_create_shop\.sql/.test(document.querySelector('.markers-panel')?.textContent ?? ''), null, { timeout: 20_000 });
      // Every file's findings are listed (workspace diagnostics): filter to the one this scenario is about, since
      // the panel renders only the rows in view.
      const filter = page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
      await filter.click();
      await filter.fill('require-concurrent-index-creation');
      await page.waitForFunction(() => /require-concurrent-index-creation/.test(document.querySelector('.markers-panel')?.textContent ?? ''), null, { timeout: 20_000 });
      await page.screenshot({ path: join(images, 'problems.png') });
    });

    await step('Explain Query from the command palette opens the plan viewer', async () => {
      await page.keyboard.press('Escape');
      // From the Explorer (focus is in the Problems panel, where Quick Open's keys would not go).
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^queries$/ }).click();
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'reports.sql' }).click();
      const line = page.locator('.monaco-editor .view-line', { hasText: /FROM\s+customers\s+c/ }).first();
      await line.waitFor({ state: 'visible', timeout: 20_000 });
      await line.click();
      await page.keyboard.press(`${MOD}+J`); // hide the Problems panel: room for the plan
      await line.click();
      await page.keyboard.press(`${MOD}+Shift+P`);
      await page.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
      await page.keyboard.type('PostgreSQL Architect: Explain Query');
      // Filtering is asynchronous: wait until the focused row is the command itself, not a recent one.
      await page.waitForFunction(
        () => {
          const row = document.querySelector('.quick-input-list .monaco-list-row.focused');
          const label = row?.querySelector('.label-name')?.textContent ?? row?.textContent ?? '';
          return /Explain Query/.test(label) && !/Analyze/.test(label);
        },
        null,
        { timeout: 20_000 },
      );
      await page.keyboard.press('Enter');
      // The viewer is a webview: an iframe inside an iframe. Find the frame that draws the plan's cards.
      const deadline = Date.now() + 120_000;
      let frame;
      while (!frame && Date.now() < deadline) {
        for (const f of page.frames()) {
          const cards = await f.locator('.layer .card').count().catch(() => 0);
          if (cards > 0) {
            frame = f;
            break;
          }
        }
        if (!frame) await page.waitForTimeout(500);
      }
      if (!frame) throw new Error('the plan viewer did not draw a plan');
      const summary = await frame.locator('.summary').innerText();
      if (!/embedded PostgreSQL/i.test(summary)) throw new Error(`the panel does not say the plan is from the embedded database: ${summary.slice(0, 200)}`);
      // Source link: selecting the scan of customers highlights it in the query.
      await frame.locator('.layer .card', { hasText: 'customers' }).first().click();
      await frame.locator('.details h3').waitFor({ timeout: 10_000 });
      await page.waitForFunction(() => document.querySelectorAll('.monaco-editor .view-overlays [class*="ced-"], .monaco-editor .view-overlays .cdr').length > 0, null, { timeout: 10_000 }).catch(() => undefined);
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(images, 'explain.png') });
    });

    const palette = async (command) => {
      await page.keyboard.press(`${MOD}+Shift+P`);
      await page.waitForSelector('.quick-input-widget input', { timeout: 20_000 });
      await page.keyboard.type(command);
      await page.waitForFunction(
        (wanted) => {
          const row = document.querySelector('.quick-input-list .monaco-list-row.focused');
          return (row?.querySelector('.label-name')?.textContent ?? row?.textContent ?? '').includes(wanted);
        },
        command.replace(/^.*: /, ''),
        { timeout: 20_000 },
      );
      await page.keyboard.press('Enter');
    };

    await step('Show Schema Diagram draws the migrations\' tables and keys', async () => {
      await palette('PostgreSQL Architect: Show Schema Diagram');
      const deadline = Date.now() + 120_000;
      let frame;
      while (!frame && Date.now() < deadline) {
        for (const f of page.frames()) {
          const boxes = await f.locator('.canvas g.node').count().catch(() => 0);
          if (boxes > 0) {
            frame = f;
            break;
          }
        }
        if (!frame) await page.waitForTimeout(500);
      }
      if (!frame) throw new Error('the schema diagram drew no table');
      await frame.waitForFunction(() => document.body.dataset.painted !== undefined, null, { timeout: 60_000 });
      const names = await frame.locator('.canvas g.node .title').allTextContents();
      if (!names.includes('customers') || !names.includes('orders')) throw new Error(`tables drawn: ${names.join(', ')}`);
      if ((await frame.locator('.canvas g.edge.foreign-key').count()) === 0) throw new Error('no foreign key drawn');
      await frame.locator('.canvas g.node[data-node="public.orders"] .title').click();
      const details = await frame.locator('.details').innerText();
      if (!/Changed by/.test(details)) throw new Error(`the side panel has no history: ${details.slice(0, 200)}`);
    });

    await step('Settings show the extension\'s settings by their own sections, not under "Pg Architect"', async () => {
      await page.keyboard.press('Escape');
      await palette('Preferences: Open Settings (UI)');
      await page.waitForSelector('.settings-editor .settings-toc-container', { timeout: 20_000 });
      // The table of contents: Extensions, then this extension's group (what a user browsing the settings sees;
      // search results always show the key's prefix, for every extension).
      const toc = page.locator('.settings-editor .settings-toc-container .monaco-list-row');
      await toc.filter({ hasText: /^Extensions/ }).first().click();
      // The list draws only the rows in view: scroll it until this extension's row is there.
      const ours = toc.filter({ hasText: /PostgreSQL Ar/ }).first();
      const tocBox = await page.locator('.settings-editor .settings-toc-container').boundingBox();
      for (let i = 0; i < 40 && !(await ours.isVisible().catch(() => false)); i++) {
        await page.mouse.move(tocBox.x + tocBox.width / 2, tocBox.y + tocBox.height / 2);
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(100);
      }
      await ours.click();
      await page.waitForFunction(() => [...document.querySelectorAll('.settings-editor .setting-item-category')].some((e) => /Advisors/.test(e.textContent ?? '')), null, { timeout: 20_000 });
      const categories = (await page.locator('.settings-editor .setting-item-category').allTextContents()).map((c) => c.trim());
      const odd = categories.filter((c) => /pg\s*architect/i.test(c));
      if (odd.length > 0) throw new Error(`settings still grouped under the key prefix: ${odd.slice(0, 5).join(' | ')}`);
      await page.screenshot({ path: join(sandbox, 'settings.png') });
      await page.keyboard.press(`${MOD}+W`);
    });
  } finally {
    await context?.close().catch(() => undefined);
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
