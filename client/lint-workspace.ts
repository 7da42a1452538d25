/**
 * "Lint Workspace": asks the language server to analyse every SQL file of the workspace (the engine the CLI
 * uses), then shows the Problems panel with what it found.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

/** The server's command (server/start.ts LINT_WORKSPACE_COMMAND). */
const SERVER_COMMAND = 'pgArchitect.server.lintWorkspace';

interface Summary {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly others: number;
}

export function registerLintWorkspace(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pgArchitect.lintWorkspace', async (): Promise<Summary | undefined> => {
      const running = client();
      if (!running?.isRunning()) {
        void vscode.window.showErrorMessage('PostgreSQL Architect: the language server is not running.');
        return undefined;
      }
      const summary = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Linting the workspace…' }, () =>
        running.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMAND, arguments: [] }) as Promise<Summary | null>,
      );
      if (!summary) return undefined;
      const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
      void vscode.window.showInformationMessage(`PostgreSQL Architect: ${plural(summary.files, 'closed file')} linted: ${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${summary.others} other. Open files are linted as you type.`);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      return summary;
    }),
  );
}
