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
  /** Whether the embedded database of a workspace folder is open or opening in this window. */
  readonly embeddedOpen: (folder: vscode.Uri) => boolean;
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
  // No server connected: Explain will use the embedded database. Started ahead when an Explain is likely: a file
  // with queries is open, or any SQL file is opened where an earlier window explained (its database exists: after
  // a reload, the first Explain no longer waits for its start). Users who never explain never pay for it.
  const folderToWarm = (document: vscode.TextDocument): vscode.WorkspaceFolder | undefined => {
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    return folder && !connections.session && vscode.workspace.isTrusted ? folder : undefined;
  };
  lenses.onQueries = (document) => {
    const folder = folderToWarm(document);
    if (folder) embedded.warm(folder.uri, 'a file with queries is open');
  };
  const sqlOpened = (document: vscode.TextDocument): void => {
    if (document.uri.scheme !== 'file' || (document.languageId !== 'sql' && document.languageId !== 'postgres')) return;
    const folder = folderToWarm(document);
    if (!folder || embedded.isOpen(folder.uri) || !embedded.hasCluster(folder.uri)) return;
    // After the document's findings: its start shares the two cores a fresh window is busy on.
    afterFindings(document.uri, () => {
      if (folderToWarm(document)) embedded.warm(folder.uri, 'a SQL file is open and Explain was used in this folder before');
    });
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(sqlOpened));
  for (const document of vscode.workspace.textDocuments) sqlOpened(document);
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
  return { activeConnection: () => connections.profile?.name, connectionStatus: () => connections.statusText, planViewer: activePlanViewer, healthReportHtml: () => advisors.health.html, embeddedOpen: (folder) => embedded.isOpen(folder) };
}

/** Runs `then` once the language server published findings for `uri` (or after two seconds: a file without any). */
function afterFindings(uri: vscode.Uri, then: () => void): void {
  const key = uri.toString();
  let done = false;
  const go = (): void => {
    if (done) return;
    done = true;
    published.dispose();
    clearTimeout(timer);
    then();
  };
  const published = vscode.languages.onDidChangeDiagnostics((e) => {
    if (e.uris.some((u) => u.toString() === key)) go();
  });
  const timer = setTimeout(go, 2000);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
