// The schema diagram in VS Code: the CodeLens above a migration's CREATE TABLE, and the command opening the
// panel, which asks the language server for the graph and draws it (the webview reports each drawing).
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { waitFor, WORKSPACE } from './helpers';

interface PanelState {
  readonly nodes: number;
  readonly painted: boolean;
}

describe('schema diagram in VS Code', () => {
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offers "Schema Diagram" above each CREATE TABLE of a migration', async () => {
    const uri = vscode.Uri.joinPath(WORKSPACE(), 'migrations', '001_create_shop.sql');
    await vscode.window.showTextDocument(uri);
    const lenses = await waitFor('schema lenses', async () => {
      const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      const ours = all.filter((l) => l.command?.command === 'pgArchitect.schemaDiagram');
      return ours.length > 0 ? ours : undefined;
    });
    assert.ok(lenses.every((l) => l.command?.title === 'Schema Diagram'));
    assert.ok(lenses.some((l) => l.command?.arguments?.[0] === 'public.customers'), lenses.map((l) => String(l.command?.arguments?.[0])).join());
  });

  it('opens the diagram of the workspace\'s migrations and draws it', async () => {
    const uri = vscode.Uri.joinPath(WORKSPACE(), 'migrations', '001_create_shop.sql');
    await vscode.commands.executeCommand('pgArchitect.schemaDiagram', 'public.customers', uri);
    const state = await waitFor('the diagram drawn', async () => {
      const s = await vscode.commands.executeCommand<PanelState | undefined>('pgArchitect.schemaDiagram.state');
      return s?.painted ? s : undefined;
    }, 60_000);
    assert.ok(state.nodes >= 2, `${state.nodes} objects drawn (focused on customers and its neighbours)`);
    const tab = vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.label === 'Schema');
    assert.ok(tab, 'the Schema panel is open');
  });
});
