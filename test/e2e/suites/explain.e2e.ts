// "Explain Query" in VS Code with nothing configured: the embedded PostgreSQL holds the workspace's schema and
// the plan is shown.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { waitFor, WORKSPACE } from './helpers';

interface Outcome {
  readonly plan?: { readonly nodes: readonly { readonly relationName?: string; readonly nodeType: string }[] };
  readonly refused?: string;
  readonly failure?: { readonly message: string };
}

describe('explain in VS Code', () => {
  it('explains the query under the cursor on the embedded database and shows the plan', async () => {
    const uri = vscode.Uri.joinPath(WORKSPACE(), 'queries', 'report.sql');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf('FROM customers');
    editor.selection = new vscode.Selection(document.positionAt(offset), document.positionAt(offset));
    const outcome = await vscode.commands.executeCommand<Outcome>('pgArchitect.explain');
    assert.ok(outcome?.plan, JSON.stringify(outcome));
    const relations = outcome.plan.nodes.map((n) => n.relationName).filter(Boolean);
    assert.ok(relations.includes('customers') && relations.includes('orders'), relations.join());
    // The plan is on screen: the plan panel, or the text view beside the query.
    await waitFor('the plan to be shown', () => {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      const panel = tabs.some((t) => t.input instanceof vscode.TabInputWebview && /plan/i.test(t.input.viewType));
      const text = vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'untitled' && /embedded PostgreSQL/.test(d.getText()));
      return panel || text;
    });
  });

  it('offers Explain above each query (CodeLens), not above DDL', async () => {
    const uri = (await vscode.workspace.openTextDocument(vscode.Uri.joinPath(WORKSPACE(), 'queries', 'report.sql'))).uri;
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l.length > 0 ? l : undefined;
    });
    assert.deepEqual(lenses.map((l) => l.command?.title), ['Explain', 'Explain Analyze']);
    const schema = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(WORKSPACE(), 'migrations', '001_create_shop.sql'));
    const ddl = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', schema.uri);
    assert.deepEqual(ddl.filter((l) => /Explain/.test(l.command?.title ?? '')), []);
  });

  it('refuses what EXPLAIN cannot run, with the reason', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: 'VACUUM orders;' });
    await vscode.window.showTextDocument(doc);
    const outcome = await vscode.commands.executeCommand<Outcome>('pgArchitect.explain');
    assert.match(outcome?.refused ?? '', /VACUUM/);
  });
});
