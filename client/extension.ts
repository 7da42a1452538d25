/**
 * The VS Code extension entry (dist/client.js): an output channel and the language client. Features with their
 * own UI (connections, EXPLAIN) live in their own client/*.ts files and are started from activate().
 * Nothing is sent anywhere: no telemetry.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CLIENT_NAME, createLanguageClient } from './language-client';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(output);
  client = createLanguageClient(context, output);
  try {
    await client.start();
  } catch (e) {
    // Keep the extension active (other commands still work); say why linting is off.
    output.appendLine(`The language server did not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    void vscode.window.showErrorMessage(`${CLIENT_NAME}: the language server did not start. See the "${CLIENT_NAME}" output for details.`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
