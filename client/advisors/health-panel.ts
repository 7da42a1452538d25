/**
 * The Database Health Report panel: one panel, re-rendered on each run. Static HTML without scripts; the
 * webview may run exactly three commands from its links (Open SQL, Explain, Re-run), and Open SQL and Explain
 * take a finding's position in the report shown, never SQL text, so a page can open or explain nothing but the
 * fixes and statements the report produced.
 */
import * as vscode from 'vscode';
import type { HealthFinding, HealthReport } from '../../core/advisor/health';
import { explainableFindings } from './health-explainable';
import { EXPLAIN_COMMAND, healthReportHtml, OPEN_SQL_COMMAND, RERUN_COMMAND } from './health-html';

export const HEALTH_VIEW_TYPE = 'pgArchitect.healthReport';

export class HealthPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private report: HealthReport | undefined;
  private generation = 0;
  /** The last HTML rendered, for the extension's own tests. */
  html = '';

  constructor(private readonly extensionUri: vscode.Uri) {}

  show(report: HealthReport, target: string): void {
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(HEALTH_VIEW_TYPE, 'Database Health', { viewColumn: vscode.ViewColumn.Active }, {
        enableScripts: false,
        enableCommandUris: [OPEN_SQL_COMMAND, EXPLAIN_COMMAND, RERUN_COMMAND],
        localResourceRoots: [dist],
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'images', 'icon.png');
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.report = undefined;
      });
    } else this.panel.reveal(undefined, false);
    this.report = report;
    this.generation += 1;
    const webview = this.panel.webview;
    this.panel.title = `Health: ${report.database}`;
    this.html = healthReportHtml({
      cspSource: webview.cspSource,
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'health-report.css')).toString(),
      report,
      target,
      generation: this.generation,
      ranAt: new Date().toLocaleString('en-GB'),
      explainable: explainableFindings(report.findings),
    });
    webview.html = this.html;
  }

  /** The finding a link names, if it belongs to the report on screen. */
  finding(generation: unknown, index: unknown): HealthFinding | undefined {
    if (generation !== this.generation || typeof index !== 'number' || !Number.isInteger(index)) return undefined;
    return this.report?.findings[index];
  }

  get visible(): boolean {
    return this.panel !== undefined;
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
