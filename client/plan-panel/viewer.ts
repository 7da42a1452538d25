/**
 * One plan viewer around a webview panel: sends runs to the browser code (client/webview), answers its
 * messages (select -> source link, insert SQL, copy, save, compare) and keeps the runs for comparison.
 */
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { PlanAnalysis } from '../../core/explain/analyze';
import { formatPlanText } from '../../core/explain/format';
import { buildPlanView, comparePlans, viewInsight } from '../../core/explain/view';
import { proposesIndex, verifyInsightIndexes, type StatementAdvice } from '../../core/advisor/indexes';
import type { Insight } from '../../core/explain/insights/types';
import { migrationChange } from '../advisors/index-present';
import { addToMigration } from '../advisors/migration-insert';
import type { HostMessage, RunInfo, ViewerMessage, ViewerState } from '../webview/protocol';
import { adviceView } from '../../core/explain/view/advice';
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
  /** The advisor's result when it already ran ("Advise Indexes"): shown with the plan, on the Insights tab. */
  readonly advice?: StatementAdvice;
}

interface RunAdvisor {
  readonly run: () => Promise<StatementAdvice>;
  /** The plan's own insights, for the advisor's verdicts. */
  readonly insights: readonly Insight[];
  advice?: StatementAdvice;
  /** The run in progress: a click on "Find indexes" while the viewer's own run is under way joins it. */
  pending?: Promise<HostMessage>;
}

export class PlanViewer implements vscode.Disposable {
  private readonly history = new RunHistory();
  private readonly advisors = new Map<string, RunAdvisor>();
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
    // Insights that propose an index get the advisor's verdict at once: the same advisor as "Advise Indexes".
    const advising = input.advice === undefined && input.adviseIndexes !== undefined && proposesIndex(input.analysis.insights);
    const info: RunInfo = { id: this.history.nextId(), label: input.label, database: input.database, note: input.note ?? null, linked: input.source !== undefined && view.query !== null, canAdviseIndexes: input.adviseIndexes !== undefined || input.advice !== undefined, advising, ...(input.advice ? { tab: 'insights' as const } : {}) };
    const advise = input.adviseIndexes ?? (input.advice ? () => Promise.resolve(input.advice as StatementAdvice) : undefined);
    if (advise) this.advisors.set(info.id, { run: advise, insights: input.analysis.insights });
    const run: Run = { info, key: statementKey(view.query), view };
    this.history.add(run);
    this.current = run;
    this.currentSource = input.source;
    this.link.link(input.source, view.nodes.map((n) => n.source));
    this.post({ type: 'show', run: info, view, history: this.history.of(run) });
    this.panel.reveal(undefined, true);
    if (input.advice) void this.showAdvice(run, input.advice);
    else if (advising) void this.runIndexAdvisor(run, false);
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
      case 'addIndexToMigration':
        await this.addIndexToMigration(m.name);
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

  /** Runs the index advisor for a run (the panel's "Find indexes": the run on screen) and shows its verdicts. */
  async runIndexAdvisor(run: Run | undefined = this.current, progress = true): Promise<HostMessage> {
    const advisor = run ? this.advisors.get(run.info.id) : undefined;
    if (!run || !advisor) return this.postAdvice({ type: 'indexAdvice', route: 'none', items: [], notes: [], error: 'The index advisor needs the database the plan came from: run Explain again.' });
    if (advisor.pending) return advisor.pending;
    advisor.pending = this.adviseRun(run, advisor, progress).finally(() => (advisor.pending = undefined));
    return advisor.pending;
  }

  private async adviseRun(run: Run, advisor: RunAdvisor, progress: boolean): Promise<HostMessage> {
    try {
      const advice = progress ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Verifying candidate indexes with the planner' }, () => advisor.run()) : await advisor.run();
      return this.showAdvice(run, advice);
    } catch (e) {
      return this.postAdvice({ type: 'indexAdvice', runId: run.info.id, route: 'none', items: [], notes: [], error: `The index advisor failed: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** The advice in the advisor's section, and its verdicts on the run's insights (kept with the run). */
  private async showAdvice(run: Run, advice: StatementAdvice): Promise<HostMessage> {
    const advisor = this.advisors.get(run.info.id);
    if (advisor) advisor.advice = advice;
    const insights = advisor ? verifyInsightIndexes(advisor.insights, advice).map(viewInsight) : undefined;
    if (insights) run.view = { ...run.view, insights };
    return this.postAdvice({ ...adviceMessage(advice), runId: run.info.id, ...(insights ? { insights } : {}) });
  }

  private postAdvice(message: HostMessage): HostMessage {
    this.post(message);
    return message;
  }

  private async addIndexToMigration(name: string): Promise<void> {
    const advice = this.current ? this.advisors.get(this.current.info.id)?.advice : undefined;
    const outcome = advice?.outcomes.find((o) => o.name === name);
    if (!advice || !outcome) {
      void vscode.window.showWarningMessage('PostgreSQL Architect: that advice is no longer on screen: run "Find indexes" again.');
      return;
    }
    try {
      await addToMigration(migrationChange(outcome, advice.sql), undefined);
    } catch (e) {
      void vscode.window.showErrorMessage(`PostgreSQL Architect: could not add the index to a migration: ${e instanceof Error ? e.message : String(e)}`);
    }
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

function adviceMessage(advice: StatementAdvice): Extract<HostMessage, { type: 'indexAdvice' }> {
  return { type: 'indexAdvice', ...adviceView(advice) };
}
