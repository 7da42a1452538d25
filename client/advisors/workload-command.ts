/**
 * "Advise Indexes from pg_stat_statements": the index advisor over the connected server's heaviest statements,
 * verified with HypoPG (without it, a CREATE INDEX rolled back, only after asking). The indexes, grouped across
 * the statements they serve, go to the output channel; the message offers "Add to Migration…". Returns the
 * advice (for tests).
 */
import * as vscode from 'vscode';
import { adviseFromPgStatStatements, type WorkloadAdvice } from '../../core/advisor/indexes';
import type { ConnectionManager } from '../connections/manager';
import { connectedSession, errorText, showRefusal } from './guard';
import { askRollback } from './index-command';
import { addToMigration } from './migration-insert';
import { advisorSettings } from './settings';
import { pickWorkloadIndex, workloadLines, workloadMigrationChange } from './workload-present';

export const ADVISE_WORKLOAD_COMMAND = 'pgArchitect.adviseIndexesFromPgStatStatements';

/** Options for callers that must not be asked (tests). */
export interface WorkloadArgs {
  readonly top?: number;
  readonly minCalls?: number;
  /** Without HypoPG: true tries real CREATE INDEX rolled back, false lists candidates unverified. */
  readonly allowCreateIndex?: boolean;
}

export type WorkloadOutcome = { readonly advice: WorkloadAdvice; readonly database: string } | { readonly refused: string } | { readonly failure: string } | { readonly cancelled: true };

async function follow(advice: WorkloadAdvice, database: string, output: vscode.OutputChannel): Promise<void> {
  const add = 'Add to Migration…';
  const details = 'Show Details';
  const n = advice.indexes.length;
  const text =
    n === 0
      ? `No index recommended for the ${advice.items.length} heaviest statements on ${database}.`
      : `${n === 1 ? 'One index' : `${n} indexes`} recommended for the ${advice.items.length} heaviest statements on ${database}: ${advice.indexes[0].sql}${n > 1 ? ' …' : ''}`;
  const choice = await vscode.window.showInformationMessage(text, ...(n > 0 ? [add] : []), details);
  if (choice === details) output.show(true);
  if (choice !== add) return;
  const index = n === 1 ? advice.indexes[0] : await pickWorkloadIndex(advice);
  if (!index) return;
  try {
    await addToMigration(workloadMigrationChange(index), undefined);
  } catch (e) {
    void vscode.window.showErrorMessage(`PostgreSQL Architect: could not add the index to a migration: ${errorText(e)}`);
  }
}

export function registerWorkloadAdvisor(context: vscode.ExtensionContext, connections: ConnectionManager, output: vscode.OutputChannel): void {
  const run = async (argsArg?: unknown): Promise<WorkloadOutcome> => {
    const args: WorkloadArgs = typeof argsArg === 'object' && argsArg !== null ? (argsArg as WorkloadArgs) : {};
    const choice = connectedSession(connections, 'Advising indexes from pg_stat_statements');
    if ('refused' in choice) {
      showRefusal(choice.refused);
      return choice;
    }
    const { session } = choice;
    try {
      const allow = await askRollback(session, connections.profile?.readOnly === true, args.allowCreateIndex);
      if (allow === undefined) return { cancelled: true };
      const settings = advisorSettings();
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Advising indexes for pg_stat_statements on ${session.label}`, cancellable: true },
        async (progress, token) => {
          const cancel = token.onCancellationRequested(() => void session.cancel());
          try {
            return await adviseFromPgStatStatements(session, {
              ...(args.top !== undefined ? { top: args.top } : {}),
              ...(args.minCalls !== undefined ? { minCalls: args.minCalls } : {}),
              allowCreateIndex: allow,
              minCostReduction: settings.minCostReduction,
              minCost: settings.minCost,
              timeoutMs: settings.timeoutMs,
              onProgress: (done, total) => progress.report({ message: `statement ${done + 1} of ${total}`, increment: 100 / Math.max(1, total) }),
              isCancelled: () => token.isCancellationRequested,
            });
          } finally {
            cancel.dispose();
          }
        },
      );
      if ('unavailable' in result) {
        void vscode.window.showWarningMessage(`PostgreSQL Architect: ${result.unavailable}`);
        return { refused: result.unavailable };
      }
      for (const line of workloadLines(result, session.label)) output.appendLine(line);
      void follow(result, session.label, output);
      return { advice: result, database: session.label };
    } catch (e) {
      const failure = errorText(e);
      output.appendLine(`Index advice from pg_stat_statements failed: ${failure}`);
      void vscode.window.showErrorMessage(`PostgreSQL Architect: index advice from pg_stat_statements failed: ${failure}`);
      return { failure };
    }
  };
  context.subscriptions.push(vscode.commands.registerCommand(ADVISE_WORKLOAD_COMMAND, run));
}
