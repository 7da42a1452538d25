// The UI-level scenario of the e2e route: the .vsix installed into a real VS Code (code-server's, offline),
// the workbench driven in headless Chromium like a user would — open the example migration, take the PostgreSQL
// language mode, see the squiggles, hover one, open the quick fixes and the Problems panel, Explain a query and ask
// for indexes, draw the schema, browse the settings, open the Connect list, rename a column — asserting what is on
// screen and saving screenshots to docs/images/ for the README. Called by scripts/e2e.mjs with the server it installed.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  // A plain .env as frameworks write it: the Connect list must offer it (issue 17, item 5).
  writeFileSync(join(workspace, '.env'), 'DATABASE_URL=postgres://shop_app@db.internal:5432/shop\n');
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

    /** The (webview: an iframe inside an iframe) frame that shows `selector`, waited for. */
    const frameWith = async (selector, failure = `no frame shows ${selector}`) => {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        for (const f of page.frames()) if ((await f.locator(selector).count().catch(() => 0)) > 0) return f;
        await page.waitForTimeout(500);
      }
      throw new Error(failure);
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

    await step('the PostgreSQL language mode is offered, taken, and named in the status bar', async () => {
      const use = page.locator('.notifications-toasts .monaco-button', { hasText: 'Use PostgreSQL mode' }).first();
      await use.waitFor({ state: 'visible', timeout: 60_000 });
      await use.click();
      await page.waitForFunction(() => /PostgreSQL/.test(document.getElementById('status.editor.mode')?.textContent ?? ''), null, { timeout: 20_000 });
      const mode = (await page.locator('[id="status.editor.mode"]').innerText()).trim();
      if (/MS SQL/.test(mode)) throw new Error(`language mode still ${mode}`);
    });

    await step('squiggles appear', async () => {
      // Polled: taking the PostgreSQL mode reopens the document, which clears its squiggles until the server's next
      // diagnostics arrive.
      const several = await page
        .waitForFunction(() => document.querySelectorAll('.monaco-editor .squiggly-warning').length >= 3, null, { timeout: 60_000 })
        .then(() => true, () => false);
      const count = await page.locator('.monaco-editor .squiggly-warning').count();
      if (!several) throw new Error(`expected several warning squiggles, saw ${count}`);
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
      const frame = await frameWith('.layer .card', 'the plan viewer did not draw a plan');
      const summary = await frame.locator('.summary').innerText();
      if (!/embedded PostgreSQL/i.test(summary)) throw new Error(`the panel does not say the plan is from the embedded database: ${summary.slice(0, 200)}`);
      // Source link: selecting the scan of customers highlights it in the query.
      await frame.locator('.layer .card', { hasText: 'customers' }).first().click();
      await frame.locator('.details h3').waitFor({ timeout: 10_000 });
      await page.waitForFunction(() => document.querySelectorAll('.monaco-editor .view-overlays [class*="ced-"], .monaco-editor .view-overlays .cdr').length > 0, null, { timeout: 10_000 }).catch(() => undefined);
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(images, 'explain.png') });
    });

    await step('Find indexes in the plan viewer: the verdict stays in its Insights tab, not in a toast', async () => {
      const frame = await frameWith('.layer .card');
      await frame.locator('vscode-tab-header.tab-insights').click();
      await frame.locator('.index-advice .advise-indexes').click();
      await frame.waitForFunction(() => /Indexes \(/.test(document.querySelector('.index-advice h4')?.textContent ?? ''), null, { timeout: 60_000 });
      const section = await frame.locator('.index-advice').innerText();
      // The embedded tables are empty: the advisor says so and what to do, rather than recommending blindly.
      if (!/verified with rollback/.test(section) || !/statistics/i.test(section)) throw new Error(`advice section: ${section.slice(0, 400)}`);
      await page.waitForTimeout(1500);
      if (!(await frame.locator('.index-advice').isVisible())) throw new Error('the advice went away');
      await frame.locator('vscode-tab-header.tab-diagram').click();
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
      const frame = await frameWith('.canvas g.node', 'the schema diagram drew no table');
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

    await step('the status bar\'s Connect list offers the DATABASE_URL of a plain .env, saying where it came from', async () => {
      await page.locator('.statusbar-item', { hasText: 'embedded' }).first().click();
      await page.waitForSelector('.quick-input-widget .quick-input-list', { timeout: 20_000 });
      await page.waitForFunction(() => /DATABASE_URL in \.env/.test(document.querySelector('.quick-input-widget')?.textContent ?? ''), null, { timeout: 20_000 });
      const list = await page.locator('.quick-input-widget').innerText();
      if (!/Found on this machine/.test(list) || !/db\.internal/.test(list)) throw new Error(`connect list: ${list.slice(0, 400)}`);
      await page.keyboard.press('Escape');
    });

    await step('Rename Symbol (F2) on a column writes a new migration and leaves the applied ones as they were', async () => {
      const applied = readdirSync(join(workspace, 'migrations')).sort();
      const before = Object.fromEntries(applied.map((f) => [f, readFileSync(join(workspace, 'migrations', f), 'utf8')]));
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'reports.sql' }).click();
      const line = page.locator('.monaco-editor .view-line', { hasText: 'SELECT id, placed_at' }).first();
      await line.waitFor({ state: 'visible', timeout: 20_000 });
      // The cursor inside "placed_at" on that line.
      const word = line.locator('span', { hasText: /placed_at/ }).first();
      const box = await word.boundingBox();
      const text = await word.innerText();
      const at = text.indexOf('placed_at');
      await page.mouse.click(box.x + ((at + 3) / text.length) * box.width, box.y + box.height / 2);
      await page.keyboard.press('F2');
      const input = page.locator('.rename-box input, .rename-input').first();
      await input.waitFor({ state: 'visible', timeout: 20_000 });
      await input.fill('ordered_at');
      await page.keyboard.press('Enter');
      // Saved as a user would (VS Code may leave an edit's files unsaved).
      await page.locator('.monaco-editor .view-line', { hasText: 'SELECT id, ordered_at' }).first().waitFor({ state: 'visible', timeout: 30_000 });
      await palette('File: Save All');
      const deadline = Date.now() + 30_000;
      let created;
      const saved = (f) => readFileSync(join(workspace, 'migrations', f), 'utf8').trim() !== '';
      while (!created && Date.now() < deadline) {
        created = readdirSync(join(workspace, 'migrations')).find((f) => !applied.includes(f) && saved(f));
        if (!created) await page.waitForTimeout(250);
      }
      if (!created) throw new Error(`no new migration in ${applied.join(', ')}`);
      if (!/^004_rename_orders_placed_at_to_ordered_at\.sql$/.test(created)) throw new Error(`new migration named ${created}`);
      const written = readFileSync(join(workspace, 'migrations', created), 'utf8');
      if (!/SET lock_timeout = '5s';\nALTER TABLE public\.orders RENAME COLUMN placed_at TO ordered_at;/.test(written)) throw new Error(`new migration: ${written.slice(0, 300)}`);
      for (const f of applied) if (readFileSync(join(workspace, 'migrations', f), 'utf8') !== before[f]) throw new Error(`${f} was edited`);
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
