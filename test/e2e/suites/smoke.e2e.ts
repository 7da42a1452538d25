// The harness itself: the real VS Code API is here, and the extension under test is installed.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

describe('e2e harness', () => {
  it('runs inside a real VS Code with the extension under test', () => {
    assert.match(vscode.version, /^\d+\.\d+\.\d+/);
    const ours = vscode.extensions.all.filter((e) => e.id.toLowerCase().endsWith('.pg-architect'));
    assert.equal(ours.length, 1, `extensions: ${vscode.extensions.all.map((e) => e.id).filter((id) => !id.startsWith('vscode.')).join(', ')}`);
  });
});
