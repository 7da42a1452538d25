// "Explain Query" in VS Code with nothing configured: the embedded PostgreSQL holds the workspace's schema and
// the plan is shown.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { waitFor, WORKSPACE } from './helpers';
import type { PlanViewer } from '../../../client/plan-panel/viewer';
import type { HostMessage } from '../../../client/webview/protocol';

type Show = Extract<HostMessage, { type: 'show' }>;
const isShow = (m: HostMessage): m is Show => m.type === 'show';

interface ViewerApi {
  readonly planViewer: () => PlanViewer | undefined;
}

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
    // The plan viewer panel shows it; its webview has loaded and asked for the plan (ready).
    const api = vscode.extensions.getExtension<ViewerApi>('pgarchitect.pg-architect')?.exports;
    assert.ok(api, 'the extension exports its API');
    await waitFor('the plan panel', () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && /pgArchitect\.plan/.test(t.input.viewType)));
    const viewer = await waitFor('the plan viewer', () => api.planViewer());
    await waitFor('the webview to load', () => viewer.log.received.some((m) => m.type === 'ready'));
    const shown = viewer.log.sent.find(isShow);
    assert.ok(shown?.view, 'the plan was sent to the webview');
    assert.equal(shown.view.nodes.length, outcome.plan.nodes.length);
    assert.match(shown.run.note ?? '', /embedded PostgreSQL/, 'the panel says where the plan comes from');
    // Source link, plan -> editor: selecting the scan of orders highlights "orders" in the query.
    const scan = shown.view.nodes.find((n) => n.relation === 'orders' || n.relation === 'public.orders');
    assert.ok(scan, shown.view.nodes.map((n) => n.title).join(', '));
    const ranges = viewer.selectNode(scan.id);
    const texts = ranges.map((r) => document.getText(r));
    assert.ok(texts.includes('orders'), `highlighted: ${texts.join(', ')}`);
    assert.ok(texts.some((t) => /placed_at|customer_id/.test(t)), `conditions highlighted: ${texts.join(', ')}`);
    // Editor -> plan: the cursor on "customers" maps to the scan of customers.
    const at = document.getText().indexOf('customers c') + 2;
    const ids = viewer.nodesAtEditorOffset(at);
    assert.ok(ids.some((id) => /customers/.test(shown.view.nodes[id].title)), ids.map((id) => shown.view.nodes[id].title).join(', '));
    // The panel's "Find indexes": the advisor runs on the same embedded database (rolled-back CREATE INDEX).
    const advice = await viewer.runIndexAdvisor();
    assert.equal(advice.type, 'indexAdvice');
    if (advice.type === 'indexAdvice') {
      assert.equal(advice.error, undefined, advice.error);
      assert.ok(advice.items.length > 0 || advice.notes.length > 0, 'the advisor says something: candidates or why there are none');
    }
    // Explain it again: the viewer keeps both runs of the statement for comparison.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('pgArchitect.explain');
    const second = [...viewer.log.sent].reverse().find(isShow);
    assert.ok(second && second.history.length >= 2, 'two runs of the statement are kept');
  });

  it('opens a saved plan file in the viewer and refuses a file that is not a plan', async () => {
    const api = vscode.extensions.getExtension<ViewerApi>('pgarchitect.pg-architect')?.exports;
    const planFile = vscode.Uri.joinPath(WORKSPACE(), 'plans', 'orders.plan.json');
    assert.equal(await vscode.commands.executeCommand('pgArchitect.openPlan', planFile), true);
    const viewer = await waitFor('the plan viewer', () => api?.planViewer());
    const shown = await waitFor('the saved plan', () => [...viewer.log.sent].reverse().find((m): m is Show => isShow(m) && m.run.label === 'orders.plan.json'));
    assert.ok(shown.view.nodes.length > 0);
    const notPlan = vscode.Uri.joinPath(WORKSPACE(), 'migrations', '001_create_shop.sql');
    assert.equal(await vscode.commands.executeCommand('pgArchitect.openPlan', notPlan), false);
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
