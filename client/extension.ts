/**
 * The VS Code extension entry (dist/client.js): an output channel and the language client. Features with their
 * own UI (connections, EXPLAIN, the advisors) live in their own client/*.ts files and are started from activate().
 * Nothing is sent anywhere: no telemetry.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CLIENT_NAME, createLanguageClient } from './language-client';
import { initParser } from '../core/parse/parser';
import { ConnectionManager } from './connections/manager';
import { registerConnectionCommands } from './connections/commands';
import { trackConnection } from './context-keys';
import { DatabaseCatalogPublisher, registerDatabaseCatalogCommand } from './connections/database-catalog';
import { EmbeddedManager } from './explain/embedded-manager';
import { registerExplain } from './explain/explain-command';
import { ExplainCodeLensProvider } from './explain/codelens';
import { activePlanViewer, registerPlanViewer } from './plan-panel';
import type { PlanViewer } from './plan-panel/viewer';
import { registerAdvisors } from './advisors';
import { registerLintWorkspace } from './lint-workspace';
import { registerSchemaDiagram } from './schema-panel';
import { registerSqlLanguageMode } from './sql-language-mode';

let client: LanguageClient | undefined;

/** What the extension exports to other extensions (and its own end-to-end tests). */
export interface PgArchitectApi {
  /** The active connection's profile name, if any. */
  readonly activeConnection: () => string | undefined;
  /** The connection status bar text. */
  readonly connectionStatus: () => string;
  /** The plan viewer "Explain query" shows plans in, when open. */
  readonly planViewer: () => PlanViewer | undefined;
  /** The HTML of the Database Health Report panel last shown ('' before). */
  readonly healthReportHtml: () => string;
}

export async function activate(context: vscode.ExtensionContext): Promise<PgArchitectApi> {
  const output = vscode.window.createOutputChannel(CLIENT_NAME);
  context.subscriptions.push(output);
  const connections = new ConnectionManager(context, output);
  const embedded = new EmbeddedManager(context, output);
  context.subscriptions.push(connections, embedded);
  registerConnectionCommands(context, connections);
  context.subscriptions.push(trackConnection(connections));
  const databaseCatalog = new DatabaseCatalogPublisher(connections, output);
  context.subscriptions.push(databaseCatalog);
  registerDatabaseCatalogCommand(context, databaseCatalog, connections);
  registerPlanViewer(context);
  registerExplain(context, connections, embedded, output);
  const advisors = registerAdvisors(context, connections, embedded, output);
  const lenses = new ExplainCodeLensProvider();
  // A file with queries open and no server connected: Explain will use the embedded database; start it now.
  lenses.onQueries = (document) => {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (folder && !connections.session && vscode.workspace.isTrusted) embedded.warm(folder.uri);
  };
  context.subscriptions.push(vscode.languages.registerCodeLensProvider([{ language: 'sql' }, { language: 'postgres' }], lenses));
  const parserReady = initParser();
  void parserReady.then(() => lenses.refresh());
  registerSqlLanguageMode(context, parserReady);
  client = createLanguageClient(context, output);
  registerLintWorkspace(context, () => client);
  registerSchemaDiagram(context, () => client, parserReady);
  context.subscriptions.push(
    vscode.commands.registerCommand('pgArchitect.showOutput', () => output.show(true)),
    // After an update of the server, or when it misbehaves: a fresh process re-reads the workspace.
    vscode.commands.registerCommand('pgArchitect.restartServer', async () => {
      if (!client) return false;
      try {
        await client.restart();
        output.appendLine('The language server was restarted.');
        return true;
      } catch (e) {
        output.appendLine(`Restarting the language server failed: ${e instanceof Error ? e.message : String(e)}`);
        void vscode.window.showErrorMessage(`${CLIENT_NAME}: the language server did not restart. See the "${CLIENT_NAME}" output.`);
        return false;
      }
    }),
  );
  try {
    await client.start();
    databaseCatalog.attach(client);
  } catch (e) {
    // Keep the extension active (other commands still work); say why linting is off.
    output.appendLine(`The language server did not start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    void vscode.window.showErrorMessage(`${CLIENT_NAME}: the language server did not start. See the "${CLIENT_NAME}" output for details.`);
  }
  return { activeConnection: () => connections.profile?.name, connectionStatus: () => connections.statusText, planViewer: activePlanViewer, healthReportHtml: () => advisors.health.html };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
