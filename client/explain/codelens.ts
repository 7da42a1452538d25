/** "Explain | Explain Analyze" above every statement EXPLAIN can run (the setting pgArchitect.explain.codeLens). */
import * as vscode from 'vscode';
import { parserReady } from '../../core/parse/parser';
import { parseDocument } from '../../core/parse/document';
import { classifyStatement } from '../../core/db/statement-kind';

export class ExplainCodeLensProvider implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  /** Called with each document that has explainable statements (the host prepares the embedded database). */
  onQueries: (document: vscode.TextDocument) => void = () => undefined;

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!parserReady() || !vscode.workspace.getConfiguration('pgArchitect', document.uri).get<boolean>('explain.codeLens', true)) return [];
    if (document.getText().length > 2_000_000) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const statement of parseDocument(document.getText(), document.uri.toString()).statements) {
      if (!statement.ast) continue;
      const kind = classifyStatement(statement.ast).kind;
      if (kind !== 'query' && kind !== 'dml') continue;
      const range = new vscode.Range(document.positionAt(statement.start), document.positionAt(statement.start));
      lenses.push(new vscode.CodeLens(range, { title: 'Explain', command: 'pgArchitect.explain', arguments: [document.uri, statement.start] }));
      lenses.push(new vscode.CodeLens(range, { title: 'Explain Analyze', command: 'pgArchitect.explainAnalyze', arguments: [document.uri, statement.start] }));
    }
    if (lenses.length > 0) this.onQueries(document);
    return lenses;
  }
}
