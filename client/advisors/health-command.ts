/**
 * "Database Health Report": the read-only health checks on the active connection, one check at a time (so
 * Cancel stops between checks and cancels the running one on the server), shown in the report panel.
 */
import * as vscode from 'vscode';
import { HEALTH_CHECKS, runHealthChecks, type CheckOutcome, type HealthFinding, type HealthReport } from '../../core/advisor/health';
import type { Session } from '../../core/db/session';
import { initParser } from '../../core/parse/parser';
import type { ConnectionManager } from '../connections/manager';
import { connectedSession, errorText, showRefusal } from './guard';
import { HealthPanel } from './health-panel';
import { EXPLAIN_COMMAND, OPEN_SQL_COMMAND, RERUN_COMMAND } from './health-html';
import { advisorSettings } from './settings';

export type HealthOutcome = { readonly report: HealthReport } | { readonly refused: string } | { readonly failure: string } | { readonly cancelled: true };

async function runAll(session: Session, timeoutMs: number, progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<HealthReport | undefined> {
  const checks: CheckOutcome[] = [];
  const findings: HealthFinding[] = [];
  const notes = new Set<string>();
  let database = session.label;
  for (const check of HEALTH_CHECKS) {
    if (token.isCancellationRequested) return undefined;
    progress.report({ message: check.title, increment: 100 / HEALTH_CHECKS.length });
    const part = await runHealthChecks(session, { only: [check.id], timeoutMs });
    database = part.database;
    checks.push(...part.checks);
    findings.push(...part.findings);
    for (const n of part.notes) notes.add(n);
  }
  return token.isCancellationRequested ? undefined : { database, serverVersion: session.serverVersion, checks, findings, notes: [...notes] };
}

/** A line comment holding text on one line. */
const comment = (text: string): string => `-- ${text.replace(/\s*\n\s*/g, ' ')}\n`;

export function registerHealthReport(context: vscode.ExtensionContext, connections: ConnectionManager, output: vscode.OutputChannel): HealthPanel {
  const panel = new HealthPanel(context.extensionUri);
  const run = async (): Promise<HealthOutcome> => {
    const chosen = connectedSession(connections, 'The health report');
    if ('refused' in chosen) {
      showRefusal(chosen.refused);
      return chosen;
    }
    const { session } = chosen;
    const { timeoutMs } = advisorSettings();
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Health checks on ${session.label}`, cancellable: true },
        async (progress, token) => {
          const cancel = token.onCancellationRequested(() => void session.cancel());
          try {
            return await runAll(session, timeoutMs, progress, token);
          } finally {
            cancel.dispose();
          }
        },
      );
      if (!report) return { cancelled: true };
      for (const c of report.checks) if (c.status === 'error') output.appendLine(`Health check ${c.id} failed on ${session.label}: ${c.error}`);
      await initParser(); // the panel parses the top statements to offer Explain on queries only
      panel.show(report, session.label);
      return { report };
    } catch (e) {
      const failure = errorText(e);
      output.appendLine(`Health report failed on ${session.label}: ${failure}`);
      void vscode.window.showErrorMessage(`PostgreSQL Architect: the health report failed on ${session.label}: ${failure}`);
      return { failure };
    }
  };

  context.subscriptions.push(
    panel,
    vscode.commands.registerCommand('pgArchitect.healthReport', run),
    vscode.commands.registerCommand(RERUN_COMMAND, run),
    vscode.commands.registerCommand(OPEN_SQL_COMMAND, async (generation?: unknown, index?: unknown): Promise<vscode.TextDocument | undefined> => {
      const finding = panel.finding(generation, index);
      if (!finding?.fix) {
        void vscode.window.showWarningMessage('PostgreSQL Architect: that finding is no longer in the report shown (re-run it).');
        return undefined;
      }
      const header = comment(finding.message) + comment(finding.advice) + comment('Review before running: PostgreSQL Architect never runs this.');
      const document = await vscode.workspace.openTextDocument({ language: 'sql', content: `${header}${finding.fix}\n` });
      await vscode.window.showTextDocument(document, { preview: false });
      return document;
    }),
    // A top statement: opened in an editor (the reader sees what runs), then handed to Explain Query, which asks
    // for the $n values (or offers a generic plan on 12+) and runs a plain EXPLAIN on the active connection.
    vscode.commands.registerCommand(EXPLAIN_COMMAND, async (generation?: unknown, index?: unknown): Promise<unknown> => {
      const finding = panel.finding(generation, index);
      if (!finding?.query) {
        void vscode.window.showWarningMessage('PostgreSQL Architect: that statement is no longer in the report shown (re-run it).');
        return undefined;
      }
      const header = comment(`From pg_stat_statements (${finding.object}): constants are shown as $1, $2, ...`);
      const document = await vscode.workspace.openTextDocument({ language: 'sql', content: `${header}${finding.query}\n` });
      await vscode.window.showTextDocument(document, { preview: false });
      return vscode.commands.executeCommand('pgArchitect.explain', document.uri, header.length);
    }),
  );
  return panel;
}
