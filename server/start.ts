/**
 * The language server: LSP glue between the editor and core. Transport from the process arguments
 * (`--stdio`, `--node-ipc`, `--socket=N`), so the VS Code client, `pg-architect lsp --stdio` and other editors
 * all run this same function.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hoverContent } from './hover-format';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
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
import { useBaselineWasmCompiler, useLeanHeap } from '../core/runtime/v8-flags';
import { Analyzer, DEBOUNCE_MS, type Analysis } from './analyzer';
import { codeActions, FIX_ALL_KIND } from './code-actions';
import { ConfigProblemReporter } from './config-problems';
import { ConfigStore } from './config-store';
import { DATABASE_CATALOG_NOTIFICATION } from '../core/catalog/database-snapshot';
import { receiveDatabaseCatalog } from './database-catalog';
import { DocumentGate, documentRequest, type DocumentHandler } from './document-gate';
import { describeError, guardNotification, guardRequest, installProcessGuards } from './guard';
import { hover } from './hover';
import { ResponseLimits } from './response-limits';
import { WorkspaceReferences, type RequestState } from './references';
import { SEMANTIC_TOKENS_LEGEND, semanticTokens } from './semantic-tokens';
import { signatureHelp } from './signature-help';
import { watchedStdio } from './stdio-transport';
import { completion, definition, documentSymbols, foldingRanges, identifierHover } from './semantic';
import { normalizeUri, WorkspaceIndex, type DocumentSchema } from './workspace-index';
import { WorkspaceDiagnostics } from './workspace-diagnostics';
import { SCHEMA_DIAGRAM_COMMAND, schemaDiagram, schemaDiagramArguments } from './schema-diagram-command';
import { EXPLAIN_COMMAND, ServerExplain, explainArguments } from './explain-command';
import { MigrationProof } from './migration-proof';

/** workspace/executeCommand: lint every file of the workspace now and answer with what was found. */
export const LINT_WORKSPACE_COMMAND = 'pgArchitect.server.lintWorkspace';

/** A client that never answers workspace/configuration must not stall linting. */
const SETTINGS_TIMEOUT_MS = 5000;
const SETTINGS_SECTION = 'pgArchitect';
/** SQL files the workspace catalog is built from. */
const SQL_GLOB = '**/*.{sql,psql,pgsql}';
/** Requests wait this long at most for the first workspace catalog (then answer from what there is). */
const FIRST_INDEX_WAIT_MS = 5_000;
/** How long a document's first analysis waits for the workspace's file list; after that it is judged alone first. */
const SCAN_WAIT_MS = 1_000;

/** Statements longer than this get no schema features: resolving names over megabytes would stall requests. */
const MAX_SEMANTIC_STATEMENT = 100_000;

function semanticsApply(sql: SqlDocument, document: TextDocument, position: Position): boolean {
  const offset = document.offsetAt(position);
  const statement = sql.statements.find((st) => offset >= st.start && offset <= st.end);
  return !statement || (!statement.skipped && statement.end - statement.start <= MAX_SEMANTIC_STATEMENT);
}

export function startLanguageServer(): void {
  // Over stdio, a malformed frame ends the process (stdio-transport.ts); IPC and sockets as the arguments say.
  const stdio = process.argv.includes('--stdio') ? watchedStdio() : undefined;
  const connection = stdio ? createConnection(stdio.reader, stdio.writer) : createConnection();
  stdio?.attach(connection);
  const logger = connection.console;
  installProcessGuards(logger);
  const documents = new TextDocuments(TextDocument);
  // Every request about a document goes through the gate (documentRequest): binary and oversized ones get empty answers.
  const gate = new DocumentGate((uri) => documents.get(uri));
  const limits = new ResponseLimits(logger);
  useBaselineWasmCompiler();
  useLeanHeap();
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
      // Not a keystroke: wait the longest, so the re-lints of builds that end close together are one.
      for (const document of documents.all()) analyzer.schedule(document.uri, DEBOUNCE_MS);
      refreshSemanticTokens();
    },
    documentCatalogReady: (uri) => analyzer.schedule(uri, 0),
    buildFinished: () => {
      void workspaceDiagnostics.refresh();
      proof.schedule();
    },
  });
  /** Files that are not open get their diagnostics from the same engine, from disk. */
  const isOpen = (uri: string): boolean => documents.all().some((d) => normalizeUri(d.uri) === uri);
  const workspaceDiagnostics = new WorkspaceDiagnostics({
    logger,
    configs,
    index,
    isOpen,
    publish: (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics: limits.capDiagnostics(proof.reconcile(uri, undefined, diagnostics)) }),
  });
  const analyzer = new Analyzer({
    logger,
    configs,
    parserReady,
    projectKnown: () => bounded(index.scanned(), SCAN_WAIT_MS),
    document: (uri) => documents.get(uri),
    analyze: (uri, documentVersion, document, config, fileName, head) => index.analyze(uri, documentVersion, document, config, fileName, head),
    publish: (uri, documentVersion, diagnostics) => void connection.sendDiagnostics({ uri, version: documentVersion, diagnostics: limits.capDiagnostics(proof.reconcile(uri, documents.get(uri), diagnostics)) }),
  });
  // The migrations applied to the embedded PostgreSQL, after the rule findings: refusals and observed locks.
  const proof = new MigrationProof({
    logger,
    projects: () => index.folderProjects(),
    enabled: () => configs.observeMigrations(),
    changed: (uris) => {
      for (const document of documents.all()) if (uris.includes(normalizeUri(document.uri))) analyzer.schedule(document.uri, 0);
      void workspaceDiagnostics.refresh();
    },
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
    await bounded(index.ready(), FIRST_INDEX_WAIT_MS);
  };
  /** The document parsed: the linted parse when it is of this version, else parsed now. */
  const parsedDocument = (document: TextDocument): SqlDocument => {
    const analysis = analyzer.latest(document.uri);
    return analysis?.version === document.version && analysis.result ? analysis.result.document : parseDocument(document.getText(), document.uri, analysis?.result?.document);
  };
  /** After the waits a request makes, the document as it is now, if it is still analysed. */
  const semanticState = async (uri: string): Promise<{ document: TextDocument; sql: SqlDocument; schema: DocumentSchema } | undefined> => {
    await firstIndex();
    const document = gate.analysable(uri);
    if (!document) return undefined;
    const sql = parsedDocument(document);
    return { document, sql, schema: index.documentSchema(uri, document.version, sql) };
  };

  const references = new WorkspaceReferences({
    index,
    // Binary and oversized documents are not analysed: nothing in them is searched for or renamed.
    documents: () => documents.all().filter((d) => !gate.problemOf(d)),
    parsed: parsedDocument,
    maxStatementLength: MAX_SEMANTIC_STATEMENT,
    limits,
  });
  const referenceState = async (uri: string): Promise<RequestState | undefined> => {
    const state = await semanticState(uri);
    return state && { document: state.document, sql: state.sql, lookup: state.schema.lookup };
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    capabilities = params.capabilities;
    configs.setWorkspaceFolders(workspaceFolderUris(params));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
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
        executeCommandProvider: { commands: [LINT_WORKSPACE_COMMAND, EXPLAIN_COMMAND, SCHEMA_DIAGRAM_COMMAND] },
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
        // A file that is not a schema file changes no catalog: its own diagnostics are refreshed here.
        if (change.type === FileChangeType.Changed && !isOpen(normalizeUri(change.uri))) void workspaceDiagnostics.closed(normalizeUri(change.uri));
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
      void workspaceDiagnostics.closed(normalizeUri(e.document.uri));
      gate.forget(e.document.uri);
    }),
  );

  // Requests about one document: each through documentRequest, which declines documents the server does not analyse.
  const onDocument = <P extends { readonly textDocument: { readonly uri: string } }, R>(name: string, empty: R, handler: DocumentHandler<P, R>) =>
    documentRequest(gate, logger, name, empty, handler);
  /** The analysis of the document's current version, if it is still the one the request is about. */
  const currentAnalysis = async (document: TextDocument): Promise<Analysis | undefined> => {
    const analysis = await analyzer.current(document.uri);
    return analysis && gate.analysable(document.uri)?.version === analysis.version ? analysis : undefined;
  };

  connection.onCodeAction(
    onDocument('codeAction', [], async (document, params) => {
      const analysis = await currentAnalysis(document);
      const now = gate.analysable(document.uri);
      if (!analysis || !now) return [];
      return limits.cap('codeActions', codeActions(analysis, now, params, { versionedEdits: capabilities.workspace?.workspaceEdit?.documentChanges === true, createFiles: capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true }), 'code actions');
    }),
  );
  // Explain for other editors: the statement at a position on the project's embedded PostgreSQL.
  const explainer = new ServerExplain({
    text: (uri) => documents.get(uri)?.getText() ?? readDocumentFile(uri),
    project: async (uri) => ({ folder: configs.folderFor(uri), config: (await configs.forDocument(uri)).config }),
  });
  connection.onShutdown(() => {
    proof.dispose();
    return explainer.dispose();
  });
  connection.onExecuteCommand(
    guardRequest(logger, 'executeCommand', null, async (params) => {
      if (params.command === EXPLAIN_COMMAND) {
        const args = explainArguments(params.arguments);
        if (!args) return { error: `${EXPLAIN_COMMAND} takes one argument: { uri, position?, analyze?, advise?, parameters?, allowDataChanges? }.` };
        try {
          // The parser and the project's schema first: a command may come before either is ready.
          await firstIndex();
          return await explainer.run(args);
        } catch (e) {
          logger.error(`Explain failed: ${describeError(e)}`);
          return { error: `Explain failed: ${e instanceof Error ? e.message : String(e)}` };
        }
      }
      if (params.command === SCHEMA_DIAGRAM_COMMAND) {
        const args = schemaDiagramArguments(params.arguments);
        if (!args) return { error: `${SCHEMA_DIAGRAM_COMMAND} takes one argument: { uri?, at?, from? }.` };
        await firstIndex();
        return schemaDiagram(index.projectAt(args.uri), args);
      }
      if (params.command !== LINT_WORKSPACE_COMMAND) return null;
      await firstIndex();
      return (await workspaceDiagnostics.run()) ?? null;
    }),
  );
  connection.onHover(
    onDocument('hover', null, async (opened, params) => {
      await firstIndex();
      const analysis = await currentAnalysis(opened);
      const document = gate.analysable(opened.uri);
      if (!analysis || !document) return null;
      // The schema object under the cursor first, then what the statement locks and the rules found there.
      const schema = analysis.result ? index.documentSchema(document.uri, document.version, analysis.result.document) : undefined;
      const identifier = analysis.result && schema && semanticsApply(analysis.result.document, document, params.position) ? identifierHover(document, analysis.result.document, schema.lookup, params.position) : undefined;
      const statement = hover(analysis, document, params.position);
      const rest = statement && typeof statement.contents === 'object' && 'value' in statement.contents ? statement.contents.value : '';
      const markdown = identifier ? (rest ? `${identifier.markdown}\n\n---\n\n${rest}` : identifier.markdown) : rest;
      if (!markdown) return null;
      const range = identifier ? identifier.range : statement?.range;
      const observed = statement ? proof.hover(document.uri, document.getText(), document.offsetAt(params.position)) : undefined;
      const shown = observed ? `${markdown}\n\n---\n\n${observed}` : markdown;
      return { contents: hoverContent(limits.capText('hoverCharacters', shown, 'characters of hover text'), capabilities.textDocument?.hover?.contentFormat), ...(range ? { range } : {}) };
    }),
  );
  connection.onCompletion(
    onDocument('completion', null, async (document, params) => {
      const state = await semanticState(document.uri);
      if (!state || !semanticsApply(state.sql, state.document, params.position)) return null;
      return completion(state.document, state.sql, state.schema.lookup, params.position, limits);
    }),
  );
  connection.onDefinition(
    onDocument('definition', [], async (document, params) => {
      const state = await semanticState(document.uri);
      if (!state || !semanticsApply(state.sql, state.document, params.position)) return [];
      return definition(state.document, state.sql, state.schema.lookup, params.position, (uri) => index.text(uri));
    }),
  );
  connection.onDocumentSymbol(
    onDocument('documentSymbol', [], async (document) => {
      await parserReady;
      const now = gate.analysable(document.uri);
      return now ? documentSymbols(now, parsedDocument(now), limits) : [];
    }),
  );
  connection.onFoldingRanges(
    onDocument('foldingRange', [], async (document) => {
      await parserReady;
      const now = gate.analysable(document.uri);
      return now ? limits.cap('foldingRanges', foldingRanges(parsedDocument(now)), 'folding ranges') : [];
    }),
  );

  connection.onSignatureHelp(
    onDocument('signatureHelp', null, async (document, params) => {
      const state = await semanticState(document.uri);
      if (!state || !semanticsApply(state.sql, state.document, params.position)) return null;
      return signatureHelp(state.document, state.sql, state.schema.lookup, params.position, params.context);
    }),
  );
  connection.languages.semanticTokens.on(
    onDocument('semanticTokens', { data: [] }, async (document) => {
      const state = await semanticState(document.uri);
      return state ? semanticTokens(state.document, state.sql, state.schema.lookup, limits) : { data: [] };
    }),
  );
  connection.languages.semanticTokens.onRange(
    onDocument('semanticTokens/range', { data: [] }, async (document, params) => {
      const state = await semanticState(document.uri);
      return state ? semanticTokens(state.document, state.sql, state.schema.lookup, limits, params.range) : { data: [] };
    }),
  );
  /** Names in open documents may now resolve differently (a table created elsewhere): the client asks again. */
  function refreshSemanticTokens(): void {
    if (capabilities.workspace?.semanticTokens?.refreshSupport) connection.languages.semanticTokens.refresh();
  }

  connection.onReferences(
    onDocument('references', [], async (document, params, token) => {
      const state = await referenceState(document.uri);
      if (!state || !semanticsApply(state.sql, state.document, params.position)) return [];
      return references.references(state, params.position, params.context.includeDeclaration, token);
    }),
  );
  connection.onPrepareRename(
    onDocument('prepareRename', null, async (document, params) => {
      const state = await referenceState(document.uri);
      return state ? references.prepareRename(state, params.position) : null;
    }),
  );
  connection.onRenameRequest(
    onDocument('rename', null, async (document, params, token) => {
      const state = await referenceState(document.uri);
      if (!state) return null;
      const options = { createFiles: capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create') === true, editMigrations: await configs.renameEditsMigrations() };
      return references.rename(state, params.position, params.newName, token, capabilities.workspace?.workspaceEdit?.documentChanges === true, options);
    }),
  );
  connection.onWorkspaceSymbol(
    guardRequest(logger, 'workspaceSymbol', [], async (params) => {
      await firstIndex();
      return limits.cap('workspaceSymbols', references.workspaceSymbols(params.query), 'workspace symbols');
    }),
  );

  documents.listen(connection);
  connection.listen();
}

/** A document that is not open in the editor, read from disk (undefined when it cannot be). */
function readDocumentFile(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? readFileSync(fileURLToPath(uri), 'utf8') : undefined;
  } catch {
    return undefined;
  }
}

function workspaceFolderUris(params: InitializeParams): string[] {
  if (params.workspaceFolders) return params.workspaceFolders.map((f) => f.uri);
  if (params.rootUri) return [params.rootUri];
  if (params.rootPath) return [pathToFileURL(params.rootPath).href];
  return [];
}

/** Waits for `promise`, or `ms` at most. */
async function bounded(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
