/**
 * Shows an analysed plan: the plan viewer panel when it is there (client/plan-panel), otherwise the same
 * analysis as text in a read-only document beside the query.
 */
import * as vscode from 'vscode';
import type { PlanAnalysis } from '../../core/explain/analyze';
import { formatPlanText } from '../../core/explain/format';
import type { StatementAdvice } from '../../core/advisor/indexes';

export interface PlanSource {
  readonly uri: vscode.Uri;
  readonly range: vscode.Range;
  readonly sql: string;
  /** Where the plan comes from ("embedded PostgreSQL (PGlite)", "me@db:5432/shop"). */
  readonly database: string;
  /** What the reader must know about the plan (e.g. empty embedded tables). */
  readonly note?: string;
  /** EXPLAIN's JSON as the server returned it. */
  readonly json: string;
  /** Runs the index advisor on the same statement and database. */
  readonly adviseIndexes?: () => Promise<StatementAdvice>;
  /** The advisor's result when it already ran ("Advise Indexes"): the viewer opens on it. */
  readonly advice?: StatementAdvice;
}

export type PlanPresenter = (context: vscode.ExtensionContext, analysis: PlanAnalysis, source: PlanSource) => Promise<void>;

let presenter: PlanPresenter | undefined;

/** The plan viewer registers itself here when it is loaded. */
export function setPlanPresenter(p: PlanPresenter): void {
  presenter = p;
}

export async function presentPlan(context: vscode.ExtensionContext, analysis: PlanAnalysis, source: PlanSource): Promise<void> {
  if (presenter) return presenter(context, analysis, source);
  const header = `-- ${source.database}\n${source.note ? `-- ${source.note}\n` : ''}\n`;
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: header + formatPlanText(analysis) });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}
