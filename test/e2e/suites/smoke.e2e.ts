// The harness itself: the real VS Code API is here, and the extension under test is installed.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, diagnosticsOf, waitFor, WORKSPACE } from './helpers';

/**
 * Figures for npm run bench, added to PGA_E2E_METRICS as each is measured. The same suite runs again in the same
 * profile after the first window closed (PGA_E2E_RELOAD: a reload, the embedded database's data kept): its figures
 * are named `...AfterReload`.
 */
const reload = process.env.PGA_E2E_RELOAD === '1';
function record(values: Record<string, number | boolean>): void {
  const file = process.env.PGA_E2E_METRICS;
  if (!file) return;
  const metrics = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number | boolean>) : {};
  for (const [key, value] of Object.entries(values)) metrics[reload ? `${key}AfterReload` : key] = value;
  writeFileSync(file, JSON.stringify(metrics));
}

describe('e2e harness', () => {
  it('runs inside a real VS Code with the extension under test', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const ours = vscode.extensions.all.filter((e) => e.id.toLowerCase().endsWith('.pg-architect'));
    assert.equal(ours.length, 1, `extensions: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
  });

  it('activates the extension (measured for npm run bench)', async () => {
    const ours = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.pg-architect'));
    assert.ok(ours);
    // The e2e workspace has no pg-architect.json and no SQL editor is open yet: nothing has activated it.
    const wasActive = ours.isActive;
    const started = performance.now();
    await ours.activate();
    const activationMs = performance.now() - started;
    assert.ok(ours.isActive);
    record({ activationMs, wasActive });
  });

  it('a newcomer\'s waits in a fresh window: a migration\'s findings after opening it, the first Explain (measured for npm run bench)', async () => {
    const migration = vscode.Uri.joinPath(WORKSPACE(), 'migrations', '002_add_index.sql');
    const opened = performance.now();
    await vscode.window.showTextDocument(migration);
    await diagnosticsOf(migration, (d) => d.some((x) => codeOf(x) === 'require-concurrent-index-creation'), 'the first findings');
    const firstDiagnosticsMs = performance.now() - opened;
    // The embedded database is started ahead only where Explain was used before (a data directory from an earlier
    // window): after a reload, opening a migration starts it once its findings are shown; in a fresh profile
    // nothing is started for it.
    const api = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.pg-architect'))?.exports as { embeddedOpen(folder: vscode.Uri): boolean } | undefined;
    assert.ok(api, 'the extension exports its API');
    if (reload) await waitFor('the embedded database started ahead (Explain was used here before)', () => api.embeddedOpen(WORKSPACE()));
    else assert.equal(api.embeddedOpen(WORKSPACE()), false, 'nothing started in a profile that never explained');
    // The first Explain of the window: the embedded PostgreSQL started and given the workspace's schema.
    const query = vscode.Uri.joinPath(WORKSPACE(), 'queries', 'report.sql');
    const editor = await vscode.window.showTextDocument(query);
    const at = editor.document.getText().indexOf('FROM customers');
    editor.selection = new vscode.Selection(editor.document.positionAt(at), editor.document.positionAt(at));
    const started = performance.now();
    const outcome = await vscode.commands.executeCommand<{ plan?: unknown }>('pgArchitect.explain');
    const firstExplainMs = performance.now() - started;
    assert.ok(outcome?.plan, JSON.stringify(outcome));
    const again = performance.now();
    await vscode.commands.executeCommand('pgArchitect.explain');
    const warmExplainMs = performance.now() - again;
    record({ firstDiagnosticsMs, firstExplainMs, warmExplainMs });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});
