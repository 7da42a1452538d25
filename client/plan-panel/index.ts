/**
 * The plan viewer in VS Code: the panel "Explain query" shows its plans in (restored after a reload), the
 * "Open Plan" / "Paste Plan" commands, and a viewer for `*.plan.json` files.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { analyzePlan } from '../../core/explain/analyze';
import { parsePlan } from '../../core/explain/parse';
import { initParser } from '../../core/parse/parser';
import { setPlanPresenter } from '../explain/present';
import type { ViewerState } from '../webview/protocol';
import { PlanViewer, VIEW_TYPE } from './viewer';

let main: PlanViewer | undefined;

/** The viewer "Explain query" uses (for tests and commands). */
export function activePlanViewer(): PlanViewer | undefined {
  return main;
}

function mainViewer(context: vscode.ExtensionContext): PlanViewer {
  if (main) return main;
  const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Query Plan', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, { retainContextWhenHidden: true });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'icon.png');
  main = new PlanViewer(panel, context.extensionUri, () => (main = undefined));
  return main;
}

/** Shows EXPLAIN output from a file, the clipboard or an editor; a clear message when it is not a plan. */
async function showPlanText(context: vscode.ExtensionContext, text: string, origin: string): Promise<boolean> {
  await initParser();
  const parsed = parsePlan(text);
  if ('error' in parsed) {
    void vscode.window.showErrorMessage(`PostgreSQL Architect: ${origin} is not EXPLAIN output: ${parsed.error}`);
    return false;
  }
  const viewer = mainViewer(context);
  viewer.panel.title = `Plan: ${origin}`;
  viewer.show({ analysis: analyzePlan(parsed.plan), raw: text, label: origin, database: origin, note: parsed.plan.queryText ? undefined : 'Opened without its query: node-to-SQL links need the query text (EXPLAIN run from the editor has it).' });
  return true;
}

export function registerPlanViewer(context: vscode.ExtensionContext): void {
  setPlanPresenter(async (ctx, analysis, source) => {
    const viewer = mainViewer(ctx);
    const document = await vscode.workspace.openTextDocument(source.uri);
    const offset = document.offsetAt(source.range.start);
    const matches = document.getText(source.range) === source.sql;
    const time = new Date().toLocaleTimeString('en-GB');
    viewer.panel.title = `Plan: ${basename(source.uri.path)}`;
    viewer.show({
      analysis,
      raw: source.json,
      sql: source.sql,
      label: `${analysis.plan.analyzed ? 'EXPLAIN ANALYZE' : 'EXPLAIN'} ${time}`,
      database: source.database,
      note: source.note,
      source: matches ? { uri: source.uri, offset, length: source.sql.length, version: document.version } : undefined,
      adviseIndexes: source.adviseIndexes,
      ...(source.advice ? { advice: source.advice } : {}),
    });
  });

  context.subscriptions.push(
    { dispose: () => main?.dispose() },
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
        main?.dispose();
        main = new PlanViewer(panel, context.extensionUri, () => (main = undefined));
        main.restore(state as ViewerState | undefined);
      },
    }),
    vscode.commands.registerCommand('pgArchitect.openPlan', async (uri?: vscode.Uri) => {
      let target = uri instanceof vscode.Uri ? uri : undefined;
      const editor = vscode.window.activeTextEditor;
      if (!target && editor && /\.(json|txt|plan)$/i.test(editor.document.fileName)) {
        return showPlanText(context, editor.document.getText(), basename(editor.document.fileName));
      }
      if (!target) {
        const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'EXPLAIN output': ['json', 'txt', 'plan'] }, openLabel: 'Open Plan' });
        target = picked?.[0];
      }
      if (!target) return false;
      const bytes = await vscode.workspace.fs.readFile(target);
      return showPlanText(context, Buffer.from(bytes).toString('utf8'), basename(target.path));
    }),
    vscode.commands.registerCommand('pgArchitect.pastePlan', async () => {
      const text = await vscode.env.clipboard.readText();
      if (!text.trim()) {
        void vscode.window.showWarningMessage('Copy EXPLAIN output (JSON, or text as psql prints it) to the clipboard first.');
        return false;
      }
      return showPlanText(context, text, 'pasted plan');
    }),
    vscode.window.registerCustomEditorProvider(
      'pgArchitect.planFile',
      {
        resolveCustomEditor: async (document: vscode.CustomDocument, panel: vscode.WebviewPanel) => {
          await initParser();
          const text = Buffer.from(await vscode.workspace.fs.readFile(document.uri)).toString('utf8');
          const viewer = new PlanViewer(panel, context.extensionUri, () => undefined);
          const parsed = parsePlan(text);
          if ('error' in parsed) {
            void vscode.window.showErrorMessage(`PostgreSQL Architect: ${basename(document.uri.path)} is not EXPLAIN output: ${parsed.error}`);
            return;
          }
          viewer.show({ analysis: analyzePlan(parsed.plan), raw: text, label: basename(document.uri.path), database: basename(document.uri.path) });
        },
        openCustomDocument: (uri: vscode.Uri) => ({ uri, dispose: () => undefined }),
      } satisfies vscode.CustomReadonlyEditorProvider,
      { webviewOptions: { retainContextWhenHidden: true } },
    ),
  );
}
