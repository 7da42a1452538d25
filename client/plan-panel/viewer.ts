/**
 * One plan viewer around a webview panel: sends runs to the browser code (client/webview), answers its
 * messages (select -> source link, insert SQL, copy, save, compare) and keeps the runs for comparison.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { PlanAnalysis } from '../../core/explain/analyze';
import { formatPlanText } from '../../core/explain/format';
import { buildPlanView, comparePlans } from '../../core/explain/view';
import type { StatementAdvice } from '../../core/advisor/indexes';
import type { HostMessage, IndexAdviceItem, RunInfo, ViewerMessage, ViewerState } from '../webview/protocol';
import { planViewerHtml } from './html';
import { RunHistory, statementKey, type Run } from './history';
import { SourceLink, type LinkedSource } from './source-link';

export const VIEW_TYPE = 'pgArchitect.plan';

export interface RunInput {
  readonly analysis: PlanAnalysis;
  /** EXPLAIN output as received (JSON text or pasted text). */
  readonly raw: string;
  readonly sql?: string;
  readonly label: string;
  readonly database: string;
  readonly note?: string;
  /** Where the SQL is in an editor, for the source link. */
  readonly source?: LinkedSource;
  /** Runs the index advisor on the plan's statement and database (Explain runs only). */
  readonly adviseIndexes?: () => Promise<StatementAdvice>;
}

export class PlanViewer implements vscode.Disposable {
  private readonly history = new RunHistory();
  private readonly advisors = new Map<string, () => Promise<StatementAdvice>>();
  private current: Run | undefined;
  private currentSource: LinkedSource | undefined;
  private ready = false;
  private pending: HostMessage[] = [];
  private readonly link: SourceLink;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Every message sent and received, for the extension's own tests. */
  readonly log: { sent: HostMessage[]; received: ViewerMessage[] } = { sent: [], received: [] };
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly onDispose: () => void,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
    const dist = (name: string): string => panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', name)).toString();
    panel.webview.html = planViewerHtml({ cspSource: panel.webview.cspSource, scriptUri: dist('webview.js'), styleUri: dist('webview.css') });
    this.link = new SourceLink((ids) => this.post({ type: 'highlight', nodeIds: ids }));
    this.subscriptions.push(
      this.link,
      panel.webview.onDidReceiveMessage((m: ViewerMessage) => void this.onMessage(m)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get title(): string {
    return this.panel.title;
  }

  /** Shows a new run (and keeps it for comparison with the statement's other runs). */
  show(input: RunInput): RunInfo {
    const view = buildPlanView(input.analysis, { query: input.sql, raw: input.raw, text: formatPlanText(input.analysis) });
    const info: RunInfo = { id: this.history.nextId(), label: input.label, database: input.database, note: input.note ?? null, linked: input.source !== undefined && view.query !== null, canAdviseIndexes: input.adviseIndexes !== undefined };
    if (input.adviseIndexes) this.advisors.set(info.id, input.adviseIndexes);
    const run: Run = { info, key: statementKey(view.query), view };
    this.history.add(run);
    this.current = run;
    this.currentSource = input.source;
    this.link.link(input.source, view.nodes.map((n) => n.source));
    this.post({ type: 'show', run: info, view, history: this.history.of(run) });
    this.panel.reveal(undefined, true);
    return info;
  }

  /** Adopts the state a reloaded window kept (the run shown before the reload). */
  restore(state: ViewerState | undefined): void {
    if (!state?.view) return;
    const run: Run = { info: { ...state.run, linked: false }, key: statementKey(state.view.query), view: state.view };
    this.history.add(run);
    this.current = run;
  }

  get currentRun(): Run | undefined {
    return this.current;
  }

  /** Highlights a node's SQL (the same as clicking it in the viewer); returns the editor ranges. */
  selectNode(id: number | null): vscode.Range[] {
    return this.link.showNode(id);
  }

  nodesAtEditorOffset(offset: number): number[] {
    return this.link.nodesAt(offset);
  }

  private post(message: HostMessage): void {
    if (this.disposed) return;
    this.log.sent.push(message);
    if (this.log.sent.length > 50) this.log.sent.shift();
    if (!this.ready && message.type !== 'show') {
      this.pending.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(m: ViewerMessage): Promise<void> {
    this.log.received.push(m);
    if (this.log.received.length > 50) this.log.received.shift();
    switch (m.type) {
      case 'ready':
        this.ready = true;
        for (const p of this.pending.splice(0)) void this.panel.webview.postMessage(p);
        break;
      case 'select':
        this.link.showNode(m.nodeId);
        break;
      case 'insertSql': {
        const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: `${m.sql}\n` });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        break;
      }
      case 'copy': {
        const run = this.current;
        if (!run) return;
        await vscode.env.clipboard.writeText(m.what === 'json' ? run.view.raw : run.view.text);
        void vscode.window.setStatusBarMessage(m.what === 'json' ? 'Plan copied' : 'Plan analysis copied', 3000);
        break;
      }
      case 'save':
        await this.save();
        break;
      case 'compare': {
        const left = this.history.get(m.left);
        const right = this.history.get(m.right);
        if (!left || !right) {
          void vscode.window.showWarningMessage('Those runs are no longer kept (runs are kept while the window is open).');
          return;
        }
        this.post({ type: 'comparison', left: left.info, right: right.info, leftView: left.view, rightView: right.view, comparison: comparePlans(left.view, right.view) });
        break;
      }
      case 'adviseIndexes':
        await this.runIndexAdvisor();
        break;
      case 'showRun': {
        const run = this.history.get(m.id);
        if (run) {
          this.current = run;
          this.post({ type: 'show', run: run.info, view: run.view, history: this.history.of(run) });
        }
        break;
      }
    }
  }

  /** Runs the index advisor for the run on screen and shows its verdicts (the panel's "Find indexes"). */
  async runIndexAdvisor(): Promise<HostMessage> {
    const run = this.current;
    const advise = run ? this.advisors.get(run.info.id) : undefined;
    let message: HostMessage;
    if (!advise) message = { type: 'indexAdvice', route: 'none', items: [], notes: [], error: 'The index advisor needs the database the plan came from: run Explain again.' };
    else {
      try {
        const advice = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Verifying candidate indexes with the planner' }, () => advise());
        message = adviceMessage(advice);
      } catch (e) {
        message = { type: 'indexAdvice', route: 'none', items: [], notes: [], error: `The index advisor failed: ${e instanceof Error ? e.message : String(e)}` };
      }
    }
    this.post(message);
    return message;
  }

  private async save(): Promise<void> {
    const run = this.current;
    if (!run) return;
    const json = run.view.rawFormat === 'json';
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${(this.currentSource ? basename(this.currentSource.uri.path).replace(/\.\w+$/, '') : 'query') || 'query'}.plan.${json ? 'json' : 'txt'}`;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: json ? { 'Plan JSON': ['json'] } : { 'Plan text': ['txt'] },
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, Buffer.from(json ? `${JSON.stringify(JSON.parse(run.view.raw), null, 2)}\n` : run.view.raw, 'utf8'));
    void vscode.window.setStatusBarMessage(`Plan saved to ${basename(target.path)}`, 3000);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    this.panel.dispose();
    this.onDispose();
  }
}

function adviceMessage(advice: StatementAdvice): HostMessage {
  const items: IndexAdviceItem[] = advice.outcomes.map((o) => ({
    sql: o.sql,
    status: o.status,
    verdict: o.verdict,
    costBefore: advice.costBefore ?? null,
    costAfter: o.costAfter ?? null,
    reduction: o.reduction ?? null,
    sizeBytes: o.sizeBytes ?? null,
  }));
  const notes = [...advice.notes, ...advice.covered.map((c) => `Already served by ${c.existing}: ${c.definition}`)];
  return { type: 'indexAdvice', route: advice.route, items, notes, ...(advice.refused ? { error: advice.refused } : {}) };
}
