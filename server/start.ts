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
  FileChangeType,
  MarkupKind,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type ClientCapabilities,
  type InitializeParams,
  type InitializeResult,
  type Position,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { version } from '../package.json';
import { parseDocument, type SqlDocument } from '../core/parse/document';
import { CONFIG_FILE_NAME } from '../core/config/config';
import { initParser } from '../core/parse/parser';
import { Analyzer } from './analyzer';
import { codeActions } from './code-actions';
import { ConfigProblemReporter } from './config-problems';
import { ConfigStore } from './config-store';
import { DATABASE_CATALOG_NOTIFICATION } from '../core/catalog/database-snapshot';
import { receiveDatabaseCatalog } from './database-catalog';
import { describeError, guardNotification, guardRequest, installProcessGuards } from './guard';
import { hover } from './hover';
import { inputProblem } from './input-guard';
import { WorkspaceReferences, type RequestState } from './references';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './semantic-tokens';
import { signatureHelp } from './signature-help';
import { completion, definition, documentSymbols, foldingRanges, identifierHover } from './semantic';
import { WorkspaceIndex, type DocumentSchema } from './workspace-index';

/** A client that never answers workspace/configuration must not stall linting. */
const SETTINGS_TIMEOUT_MS = 5000;
const SETTINGS_SECTION = 'pgArchitect';
/** SQL files the workspace catalog is built from. */
const SQL_GLOB = '**/*.{sql,psql,pgsql}';
/** Requests wait this long at most for the first workspace catalog (then answer from what there is). */
const FIRST_INDEX_WAIT_MS = 5_000;

/** Statements longer than this get no schema features: resolving names over megabytes would stall requests. */
const MAX_SEMANTIC_STATEMENT = 100_000;

function semanticsApply(sql: SqlDocument, document: TextDocument, position: Position): boolean {
  const offset = document.offsetAt(position);
  const statement = sql.statements.find((st) => offset >= st.start && offset <= st.end);
  return !statement || (!statement.skipped && statement.end - statement.start <= MAX_SEMANTIC_STATEMENT);
}

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
  const index = new WorkspaceIndex({
    logger,
    configs,
    parserReady,
    document: (uri) => documents.get(uri),
    catalogChanged: () => {
      for (const document of documents.all()) analyzer.schedule(document.uri);
      refreshSemanticTokens();
    },
    documentCatalogReady: (uri) => analyzer.schedule(uri, 0),
  });
  const analyzer = new Analyzer({
    logger,
    configs,
    parserReady,
    document: (uri) => documents.get(uri),
    analyze: (uri, documentVersion, document, config, fileName) => index.analyze(uri, documentVersion, document, config, fileName),
    publish: (uri, documentVersion, diagnostics) => void connection.sendDiagnostics({ uri, version: documentVersion, diagnostics }),
  });
  const relintAll = async (): Promise<void> => {
    await configs.reload();
    index.reset();
    for (const document of documents.all()) analyzer.schedule(document.uri, 0);
  };
  /**
   * The current text of a document, parsed (the linted parse when it is current), and the catalog it runs
   * against: the last one computed, so a keystroke never waits for the catalog.
   */
  const firstIndex = async (): Promise<void> => {
    await parserReady;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([index.ready(), new Promise<void>((resolve) => (timer = setTimeout(resolve, FIRST_INDEX_WAIT_MS)))]);
    clearTimeout(timer);
  };
  const semanticState = async (uri: string): Promise<{ document: TextDocument; sql: SqlDocument; schema: DocumentSchema } | undefined> => {
    await firstIndex();
    const document = documents.get(uri);
    if (!document) return undefined;
    const analysis = analyzer.latest(uri);
    const sql = analysis?.version === document.version && analysis.result ? analysis.result.document : parseDocument(document.getText(), uri);
    return { document, sql, schema: index.documentSchema(uri, document.version, sql) };
  };

  const references = new WorkspaceReferences({
    index,
    documents: () => documents.all(),
    parsed: (document) => {
      const analysis = analyzer.latest(document.uri);
      return analysis?.version === document.version && analysis.result ? analysis.result.document : parseDocument(document.getText(), document.uri);
    },
    maxStatementLength: MAX_SEMANTIC_STATEMENT,
  });
  const referenceState = async (uri: string): Promise<RequestState | undefined> => {
    // Binary and oversized documents are not analysed: nothing in them is searched for or renamed.
    const open = documents.get(uri);
    if (!open || inputProblem(open.getText())) return undefined;
    const state = await semanticState(uri);
    return state && { document: state.document, sql: state.sql, lookup: state.schema.lookup };
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    configs.setWorkspaceFolders(workspaceFolderUris(params));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', ':'] },
        definitionProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        referencesProvider: true,
        // RenameOptions only for clients that announce prepareRename support (LSP 3.17).
        renameProvider: params.capabilities.textDocument?.rename?.prepareSupport ? { prepareProvider: true } : true,
        workspaceSymbolProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [')'] },
        semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true, range: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'pg-architect', version },
    };
  });

  connection.onInitialized(
    guardNotification(logger, 'initialized', async () => {
      if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
        await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE_NAME}` }, { globPattern: SQL_GLOB }] });
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
      index.reset();
    }),
  );

  connection.onDidChangeWatchedFiles(
    guardNotification(logger, 'watched files', async (params) => {
      if (params.changes.some((c) => c.uri.endsWith(`/${CONFIG_FILE_NAME}`))) await relintAll();
      for (const change of params.changes) {
        if (!/\.(sql|psql|pgsql)$/i.test(change.uri) && !change.uri.endsWith('/sqitch.plan')) continue;
        index.fileChanged(change.uri, change.type === FileChangeType.Created ? 'created' : change.type === FileChangeType.Deleted ? 'deleted' : 'changed');
      }
    }),
  );
  connection.onDidChangeConfiguration(
    guardNotification(logger, 'configuration', async (params) => {
      const settings: unknown = params.settings;
      if (settings !== null && typeof settings === 'object' && SETTINGS_SECTION in settings) pushedSettings = (settings as Record<string, unknown>)[SETTINGS_SECTION];
      await relintAll();
    }),
  );

  // The connected database's catalog, introspected by the client (which alone holds connections and secrets).
  connection.onNotification(
    DATABASE_CATALOG_NOTIFICATION,
    guardNotification(logger, 'database catalog', (params: unknown) => receiveDatabaseCatalog(params, index, logger)),
  );

  documents.onDidChangeContent(
    guardNotification(logger, 'document change', (e) => {
      analyzer.schedule(e.document.uri);
      index.documentChanged(e.document.uri);
    }),
  );
  documents.onDidClose(
    guardNotification(logger, 'document close', (e) => {
      analyzer.forget(e.document.uri);
      index.documentClosed(e.document.uri);
    }),
  );

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
      await firstIndex();
      const analysis = await analyzer.current(params.textDocument.uri);
      const document = documents.get(params.textDocument.uri);
      if (!analysis || !document || document.version !== analysis.version) return null;
      // The schema object under the cursor first, then what the statement locks and the rules found there.
      const schema = analysis.result ? index.documentSchema(document.uri, document.version, analysis.result.document) : undefined;
      const identifier = analysis.result && schema && semanticsApply(analysis.result.document, document, params.position) ? identifierHover(document, analysis.result.document, schema.lookup, params.position) : undefined;
      const statement = hover(analysis, document, params.position);
      if (!identifier) return statement;
      const rest = statement && typeof statement.contents === 'object' && 'value' in statement.contents ? statement.contents.value : '';
      return { contents: { kind: MarkupKind.Markdown, value: rest ? `${identifier.markdown}\n\n---\n\n${rest}` : identifier.markdown }, range: identifier.range };
    }),
  );
  connection.onCompletion(
    guardRequest(logger, 'completion', null, async (params) => {
      const state = await semanticState(params.textDocument.uri);
      if (!state || !semanticsApply(state.sql, state.document, params.position)) return null;
      return completion(state.document, state.sql, state.schema.lookup, params.position);
    }),
  );
  connection.onDefinition(
    guardRequest(logger, 'definition', [], async (params) => {
      const state = await semanticState(params.textDocument.uri);
      if (!state || !semanticsApply(state.sql, state.document, params.position)) return [];
      return definition(state.document, state.sql, state.schema.lookup, params.position, (uri) => index.text(uri));
    }),
  );
  connection.onDocumentSymbol(
    guardRequest(logger, 'documentSymbol', [], async (params) => {
      await parserReady;
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const analysis = analyzer.latest(document.uri);
      const sql = analysis?.version === document.version && analysis.result ? analysis.result.document : parseDocument(document.getText(), document.uri);
      return documentSymbols(document, sql);
    }),
  );
  connection.onFoldingRanges(
    guardRequest(logger, 'foldingRange', [], async (params) => {
      await parserReady;
      const document = documents.get(params.textDocument.uri);
      if (!document) return [];
      const analysis = analyzer.latest(document.uri);
      return foldingRanges(analysis?.version === document.version && analysis.result ? analysis.result.document : parseDocument(document.getText(), document.uri));
    }),
  );

  connection.onSignatureHelp(
    guardRequest(logger, 'signatureHelp', null, async (params) => {
      const state = await semanticState(params.textDocument.uri);
      if (!state || !semanticsApply(state.sql, state.document, params.position)) return null;
      return signatureHelp(state.document, state.sql, state.schema.lookup, params.position, params.context);
    }),
  );
  connection.languages.semanticTokens.on(
    guardRequest(logger, 'semanticTokens', { data: [] }, async (params) => {
      const state = await semanticState(params.textDocument.uri);
      return state ? semanticTokens(state.document, state.sql, state.schema.lookup) : { data: [] };
    }),
  );
  connection.languages.semanticTokens.onRange(
    guardRequest(logger, 'semanticTokens/range', { data: [] }, async (params) => {
      const state = await semanticState(params.textDocument.uri);
      return state ? semanticTokens(state.document, state.sql, state.schema.lookup, params.range) : { data: [] };
    }),
  );
  /** Names in open documents may now resolve differently (a table created elsewhere): the client asks again. */
  function refreshSemanticTokens(): void {
    if (capabilities.workspace?.semanticTokens?.refreshSupport) connection.languages.semanticTokens.refresh();
  }

  connection.onReferences(
    guardRequest(logger, 'references', [], async (params, token) => {
      const state = await referenceState(params.textDocument.uri);
      if (!state || !semanticsApply(state.sql, state.document, params.position)) return [];
      return references.references(state, params.position, params.context.includeDeclaration, token);
    }),
  );
  connection.onPrepareRename(
    guardRequest(logger, 'prepareRename', null, async (params) => {
      const state = await referenceState(params.textDocument.uri);
      return state ? references.prepareRename(state, params.position) : null;
    }),
  );
  connection.onRenameRequest(
    guardRequest(logger, 'rename', null, async (params, token) => {
      const state = await referenceState(params.textDocument.uri);
      return state ? references.rename(state, params.position, params.newName, token, capabilities.workspace?.workspaceEdit?.documentChanges === true) : null;
    }),
  );
  connection.onWorkspaceSymbol(
    guardRequest(logger, 'workspaceSymbol', [], async (params) => {
      await firstIndex();
      return references.workspaceSymbols(params.query);
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
