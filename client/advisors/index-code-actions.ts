/**
 * The index advisor as code actions on SQL: "Find indexes for this query" on the SELECT, UPDATE or DELETE under
 * the cursor (when there is a database to ask: the active connection, or the embedded one holding the
 * workspace's schema), and once it ran, "Create index concurrently in a migration" for each verified
 * recommendation on that statement. Client-side: the client, not the language server, holds the connections.
 */
import * as vscode from 'vscode';
import { offersIndexAdvice } from '../../core/advisor/indexes';
import { initParser } from '../../core/parse/parser';
import { parseDocument, type SqlDocument } from '../../core/parse/document';
import type { ConnectionManager } from '../connections/manager';
import type { IndexAdviceDiagnostics } from './index-diagnostics';

export const FIND_INDEXES_KIND = vscode.CodeActionKind.Refactor.append('pgArchitect').append('findIndexes');
export const CREATE_ADVISED_INDEX_COMMAND = 'pgArchitect.createAdvisedIndex';

class IndexAdviceActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [FIND_INDEXES_KIND, vscode.CodeActionKind.QuickFix] };
  /** The last parse per document: code actions are asked for at every cursor move. */
  private readonly parsed = new Map<string, { version: number; document: SqlDocument }>();

  constructor(
    private readonly connections: ConnectionManager,
    private readonly advice: IndexAdviceDiagnostics,
  ) {}

  forget(uri: vscode.Uri): void {
    this.parsed.delete(uri.toString());
  }

  private statements(document: vscode.TextDocument): SqlDocument {
    const key = document.uri.toString();
    const cached = this.parsed.get(key);
    if (cached?.version === document.version) return cached.document;
    const parsed = parseDocument(document.getText(), key);
    this.parsed.set(key, { version: document.version, document: parsed });
    return parsed;
  }

  /** A database to advise on: the connection (trusted workspaces only), else the embedded one of a folder. */
  private hasDatabase(document: vscode.TextDocument): boolean {
    if (vscode.workspace.isTrusted && this.connections.session) return true;
    return (vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0]) !== undefined;
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const wanted = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const actions: vscode.CodeAction[] = [];
    if (wanted(vscode.CodeActionKind.QuickFix)) {
      for (const entry of this.advice.at(document.uri, range)) {
        const action = new vscode.CodeAction(`Create index concurrently in a migration: ${entry.outcome.name}`, vscode.CodeActionKind.QuickFix);
        action.command = { title: action.title, command: CREATE_ADVISED_INDEX_COMMAND, arguments: [document.uri, entry.outcome.name] };
        action.diagnostics = [entry.diagnostic];
        actions.push(action);
      }
    }
    if (!wanted(FIND_INDEXES_KIND) || document.getText().length > 1_000_000 || !this.hasDatabase(document)) return actions;
    await initParser();
    const at = document.offsetAt(range.start);
    const statement = this.statements(document).statements.find((s) => at >= s.start && at <= s.end);
    if (!statement || !offersIndexAdvice(statement.ast)) return actions;
    const find = new vscode.CodeAction('Find indexes for this query', FIND_INDEXES_KIND);
    find.command = { title: find.title, command: 'pgArchitect.adviseIndexes', arguments: [document.uri, Math.min(statement.start + 1, statement.end)] };
    actions.push(find);
    return actions;
  }
}

export function registerIndexCodeActions(context: vscode.ExtensionContext, connections: ConnectionManager, advice: IndexAdviceDiagnostics): void {
  const provider = new IndexAdviceActions(connections, advice);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider([{ language: 'sql' }, { language: 'postgres' }], provider, IndexAdviceActions.metadata),
    vscode.workspace.onDidCloseTextDocument((d) => provider.forget(d.uri)),
  );
}
