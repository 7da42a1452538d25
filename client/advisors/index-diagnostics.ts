/**
 * The index advisor's verified recommendations on the statement they were found for: Information diagnostics
 * (collection "pg-architect-index-advice", on the statement's first line) from the moment the advisor ran until
 * the document changes or closes, and the outcomes behind them for the code actions that put them in a
 * migration.
 */
import * as vscode from 'vscode';
import type { CandidateOutcome, StatementAdvice } from '../../core/advisor/indexes';
import { costText } from './index-present';

export const INDEX_ADVICE_CODE = 'index-advice';
export const INDEX_ADVICE_SOURCE = 'pg-architect index advisor';

export interface AdviceOnStatement {
  /** The whole statement (code actions are offered anywhere in it). */
  readonly range: vscode.Range;
  readonly sql: string;
  readonly outcome: CandidateOutcome;
  readonly diagnostic: vscode.Diagnostic;
}

export class IndexAdviceDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('pg-architect-index-advice');
  private readonly byDocument = new Map<string, AdviceOnStatement[]>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.clear(e.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
    ];
  }

  /** Shows the advice's recommendations on `range` (replacing earlier advice on the same statement). */
  show(document: vscode.TextDocument, range: vscode.Range, advice: StatementAdvice): void {
    const key = document.uri.toString();
    const kept = (this.byDocument.get(key) ?? []).filter((e) => e.range.intersection(range) === undefined);
    const firstLine = new vscode.Range(range.start, range.start.line === range.end.line ? range.end : document.lineAt(range.start.line).range.end);
    const added = advice.outcomes
      .filter((o) => o.status === 'recommended')
      .map((outcome): AdviceOnStatement => {
        const diagnostic = new vscode.Diagnostic(firstLine, `Index recommended: ${outcome.sql} (${costText(outcome, advice.costBefore)}; ${outcome.candidate.reason})`, vscode.DiagnosticSeverity.Information);
        diagnostic.source = INDEX_ADVICE_SOURCE;
        diagnostic.code = INDEX_ADVICE_CODE;
        return { range, sql: advice.sql, outcome, diagnostic };
      });
    const all = [...kept, ...added];
    if (all.length === 0) this.clear(document.uri);
    else {
      this.byDocument.set(key, all);
      this.collection.set(document.uri, all.map((e) => e.diagnostic));
    }
  }

  /** The recommendations on the statement(s) `range` touches. */
  at(uri: vscode.Uri, range: vscode.Range): AdviceOnStatement[] {
    return (this.byDocument.get(uri.toString()) ?? []).filter((e) => e.range.intersection(range) !== undefined);
  }

  find(uri: vscode.Uri, name: string): AdviceOnStatement | undefined {
    return this.byDocument.get(uri.toString())?.find((e) => e.outcome.name === name);
  }

  clear(uri: vscode.Uri): void {
    if (!this.byDocument.delete(uri.toString())) return;
    this.collection.delete(uri);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.collection.dispose();
    this.byDocument.clear();
  }
}
