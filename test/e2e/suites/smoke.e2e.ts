// The harness itself: the real VS Code API is here, and the extension under test is installed.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

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
    if (process.env.PGA_E2E_METRICS) writeFileSync(process.env.PGA_E2E_METRICS, JSON.stringify({ activationMs, wasActive }));
  });
});
