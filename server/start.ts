/**
 * The language server: LSP glue between the editor and core. Transport from the process arguments
 * (`--stdio`, `--node-ipc`, `--socket=N`), so the VS Code client, `pg-architect lsp --stdio` and other editors
 * all run this same function.
 */
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type ClientCapabilities,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../package.json';
import { CONFIG_FILE_NAME } from '../core/config/config';
import { initParser } from '../core/parse/parser';
import { Analyzer } from './analyzer';
import { codeActions } from './code-actions';
import { ConfigProblemReporter } from './config-problems';
import { ConfigStore } from './config-store';
import { describeError, guardNotification, guardRequest, installProcessGuards } from './guard';
import { hover } from './hover';

/** A client that never answers workspace/configuration must not stall linting. */
const SETTINGS_TIMEOUT_MS = 5000;
const SETTINGS_SECTION = 'pgArchitect';

export function startLanguageServer(): void {
  const connection = createConnection();
  const logger = connection.console;
  installProcessGuards(logger);
  const documents = new TextDocuments(TextDocument);
  const parserReady = initParser();
  parserReady.catch((e: unknown) => logger.error(`The PostgreSQL parser failed to load; nothing can be analysed: ${describeError(e)}`));

  let capabilities: ClientCapabilities = {};
  /** Settings a client pushed with workspace/didChangeConfiguration (clients without workspace/configuration). */
  let pushedSettings: unknown;
  const problems = new ConfigProblemReporter((uri, diagnostics) => {
    for (const d of diagnostics) logger.warn(`${uri}: ${d.message}`);
    void connection.sendDiagnostics({ uri, diagnostics });
  });
  const configs = new ConfigStore({
    logger,
    fetchEditorSettings: async (scopeUri) => {
      if (!capabilities.workspace?.configuration) return pushedSettings;
      const request = connection.workspace.getConfiguration(scopeUri === undefined ? { section: SETTINGS_SECTION } : { scopeUri, section: SETTINGS_SECTION });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), SETTINGS_TIMEOUT_MS)));
      try {
        return await Promise.race([request, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    reportProblems: (loaded) => problems.report(loaded),
  });
  const analyzer = new Analyzer({
    logger,
    configs,
    parserReady,
    document: (uri) => documents.get(uri),
    publish: (uri, documentVersion, diagnostics) => void connection.sendDiagnostics({ uri, version: documentVersion, diagnostics }),
  });
  const relintAll = async (): Promise<void> => {
    await configs.reload();
    for (const document of documents.all()) analyzer.schedule(document.uri, 0);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    configs.setWorkspaceFolders(workspaceFolderUris(params));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'pg-architect', version },
    };
  });

  connection.onInitialized(
    guardNotification(logger, 'initialized', async () => {
      if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }] });
      } else {
        logger.info(`The client cannot watch files for the server: changes to ${CONFIG_FILE_NAME} apply once the client reports them.`);
      }
      if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
      }
      if (capabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guardNotification(logger, 'workspace folders', async () => {
            configs.setWorkspaceFolders(((await connection.workspace.getWorkspaceFolders()) ?? []).map((f) => f.uri));
            await relintAll();
          }),
        );
      }
      await configs.reload();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guardNotification(logger, 'watched files', async (params) => {
      if (params.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) await relintAll();
    }),
  );
  connection.onDidChangeConfiguration(
    guardNotification(logger, 'configuration', async (params) => {
      const settings: unknown = params.settings;
      if (settings !== null && typeof settings === 'object' && SETTINGS_SECTION in settings) pushedSettings = (settings as Record<string, unknown>)[SETTINGS_SECTION];
      await relintAll();
    }),
  );

  documents.onDidChangeContent(guardNotification(logger, 'document change', (e) => analyzer.schedule(e.document.uri)));
  documents.onDidClose(guardNotification(logger, 'document close', (e) => analyzer.forget(e.document.uri)));

  connection.onCodeAction(
    guardRequest(logger, 'codeAction', [], async (params) => {
      const analysis = await analyzer.current(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!analysis || !document || document.version !== analysis.version) return [];
      return codeActions(analysis, document, params, capabilities.workspace?.workspaceEdit?.documentChanges === true);
    }),
  );
  connection.onHover(
    guardRequest(logger, 'hover', null, async (params) => {
      const analysis = await analyzer.current(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!analysis || !document || document.version !== analysis.version) return null;
      return hover(analysis, document, params.position);
    }),
  );

  documents.listen(connection);
  connection.listen();
}

function workspaceFolderUris(params: InitializeParams): string[] {
  if (params.workspaceFolders) return params.workspaceFolders.map((f) => f.uri);
  if (params.rootUri) return [params.rootUri];
  if (params.rootPath) return [pathToFileURL(params.rootPath).href];
  return [];
}
