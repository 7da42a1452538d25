/**
 * A real LSP client for tests and benchmarks: spawns the built language server (`node dist/server.js --stdio`,
 * or any command speaking LSP over stdio, e.g. `pg-architect lsp --stdio`) and talks JSON-RPC to it, keeping
 * its own copy of every open document, the diagnostics published for it, log messages and registrations.
 *
 *   const client = await LspClient.start({ workspaceFolders: [dir] });
 *   client.open(uri, 'CREATE INDEX i ON t (a);');
 *   const diagnostics = await client.waitForDiagnostics(uri);
 *   await client.stop();
 */
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
  type ClientCapabilities,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Registration,
  type TextDocumentContentChangeEvent,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

export const ROOT = join(__dirname, '..', '..');
export const SERVER_BUNDLE = join(ROOT, 'dist', 'server.js');

/** Builds the bundles when dist/server.js is missing or older than a source it is built from. */
export function ensureServerBuilt(): void {
  const built = existsSync(SERVER_BUNDLE) ? statSync(SERVER_BUNDLE).mtimeMs : 0;
  if (built > 0 && newestSource(['server', 'core', 'cli'].map((d) => join(ROOT, d)), join(ROOT, 'package.json')) <= built) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
}

function newestSource(dirs: readonly string[], ...files: string[]): number {
  let newest = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (name.endsWith('.ts')) newest = Math.max(newest, s.mtimeMs);
    }
  };
  for (const d of dirs) if (existsSync(d)) walk(d);
  for (const f of files) newest = Math.max(newest, statSync(f).mtimeMs);
  return newest;
}

export interface LspClientOptions {
  /** Workspace folders (file-system paths); the first is also the rootUri. */
  readonly workspaceFolders?: readonly string[];
  /** The `pgArchitect` settings the client answers workspace/configuration with (changeable: `client.settings`). */
  readonly settings?: Record<string, unknown>;
  /** Replaces the default client capabilities (a full editor's: configuration, dynamic watchers, versions). */
  readonly capabilities?: ClientCapabilities;
  /** Server command; default `node dist/server.js --stdio` (built first if stale). */
  readonly command?: readonly [string, ...string[]];
  /** Node options before dist/server.js in the default command (e.g. `--require` a preload). */
  readonly nodeArgs?: readonly string[];
  /** Extra environment variables for the server process. */
  readonly env?: Readonly<Record<string, string>>;
  /** How long a wait for diagnostics may take before it fails with what was received (not a speed check). */
  readonly waitTimeoutMs?: number;
  /** The client's name and version in initialize (default pg-architect-tests). */
  readonly clientInfo?: { readonly name: string; readonly version?: string };
  readonly initializationOptions?: unknown;
  /** The server's working directory (default the repository root). */
  readonly cwd?: string;
  /**
   * How the client answers workspace/configuration for a section: default, `settings` for pgArchitect and null
   * for the rest. Editors differ (Neovim answers null for sections it has no settings for, Helix its `config`).
   */
  readonly configuration?: (section: string | undefined, settings: Record<string, unknown>) => unknown;
}

export const DEFAULT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeWatchedFiles: { dynamicRegistration: true },
    didChangeConfiguration: { dynamicRegistration: true },
    workspaceEdit: { documentChanges: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false },
    publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true, relatedInformation: false },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
};

interface Waiter {
  readonly uri: string;
  readonly accept: (p: PublishDiagnosticsParams) => boolean;
  readonly resolve: (p: PublishDiagnosticsParams) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class LspClient {
  /** Every publishDiagnostics received, per URI, oldest first. */
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly logs: { type: number; message: string }[] = [];
  readonly shownMessages: { type: number; message: string }[] = [];
  readonly telemetry: unknown[] = [];
  readonly registrations: Registration[] = [];
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;
  /** Resolves with the exit code (null when killed by a signal) once the server process ends. */
  readonly exited: Promise<number | null>;
  private readonly documents = new Map<string, TextDocument>();
  private readonly waiters = new Set<Waiter>();
  private stderrText = '';
  private exitCode: number | null | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    private readonly options: LspClientOptions,
  ) {
    this.settings = { ...(options.settings ?? {}) };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderrText = (this.stderrText + chunk).slice(-20_000);
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.exitCode = code;
        for (const w of [...this.waiters]) this.settle(w, new Error(`the server exited (code ${code}) ${this.describe(w.uri)}`));
        resolve(code);
      });
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      let list = this.published.get(p.uri);
      if (!list) this.published.set(p.uri, (list = []));
      list.push(p);
      for (const w of [...this.waiters]) if (w.uri === p.uri && w.accept(p)) this.settle(w, p);
    });
    connection.onNotification('window/logMessage', (p: { type: number; message: string }) => void this.logs.push(p));
    connection.onNotification('window/showMessage', (p: { type: number; message: string }) => void this.shownMessages.push(p));
    connection.onNotification('telemetry/event', (p: unknown) => void this.telemetry.push(p));
    connection.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((item) => (options.configuration ? options.configuration(item.section, this.settings) : item.section === 'pgArchitect' ? this.settings : null)),
    );
    connection.onRequest('client/registerCapability', (p: { registrations: Registration[] }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/workspaceFolders', () => this.folders());
    connection.listen();
  }

  static async start(options: LspClientOptions = {}): Promise<LspClient> {
    if (!options.command) ensureServerBuilt();
    const [command, ...args] = options.command ?? [process.execPath, ...(options.nodeArgs ?? []), SERVER_BUNDLE, '--stdio'];
    const child = spawn(command, args, { cwd: options.cwd ?? ROOT, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection, options);
    const folders = client.folders();
    client.initializeResult = await Promise.race([
      connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        clientInfo: options.clientInfo ?? { name: 'pg-architect-tests' },
        ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
        rootUri: folders[0]?.uri ?? null,
        workspaceFolders: folders.length > 0 ? folders : null,
        capabilities: options.capabilities ?? DEFAULT_CAPABILITIES,
      }),
      client.exited.then((code) => Promise.reject(new Error(`the server exited (code ${code}) before initializing: ${client.stderr}`))),
    ]);
    await connection.sendNotification('initialized', {});
    return client;
  }

  /** What the server wrote to stderr (the tail). */
  get stderr(): string {
    return this.stderrText;
  }

  /** The server process id (for memory readings in benchmarks). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** The client's copy of an open document. */
  document(uri: string): TextDocument {
    const d = this.documents.get(uri);
    if (!d) throw new Error(`${uri} is not open`);
    return d;
  }

  open(uri: string, text: string, languageId = 'sql'): TextDocument {
    const document = TextDocument.create(uri, languageId, 1, text);
    this.documents.set(uri, document);
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return document;
  }

  /** Sends incremental changes (ranges in the current text, applied in order) under the next version. */
  change(uri: string, changes: TextDocumentContentChangeEvent[]): TextDocument {
    const document = this.document(uri);
    TextDocument.update(document, changes, document.version + 1);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: changes });
    return document;
  }

  /** Replaces the whole text, as one incremental change. */
  setText(uri: string, text: string): TextDocument {
    const document = this.document(uri);
    return this.change(uri, [{ range: { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) }, text }]);
  }

  close(uri: string): void {
    this.documents.delete(uri);
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The text `uri` would have after applying the edits a WorkspaceEdit makes to it (nothing is sent). */
  editedText(uri: string, edit: WorkspaceEdit): string {
    const document = this.document(uri);
    const edits = [
      ...(edit.changes?.[uri] ?? []),
      ...(edit.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : [])),
    ];
    return TextDocument.applyEdits(document, edits.map((e) => ({ range: e.range, newText: e.newText })));
  }

  /**
   * The diagnostics published for `uri` at `version` (default: the client's current version of the document),
   * already received or still to come.
   */
  async waitForDiagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    const wanted = version ?? this.documents.get(uri)?.version;
    const accept = (p: PublishDiagnosticsParams): boolean => wanted === undefined || p.version === wanted;
    const received = (this.published.get(uri) ?? []).filter(accept).at(-1);
    if (received) return received.diagnostics;
    return (await this.waitFor(uri, accept)).diagnostics;
  }

  /** The next diagnostics published for `uri` after this call (e.g. a re-lint after a configuration change). */
  async nextDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<Diagnostic[]> {
    return (await this.waitFor(uri, accept)).diagnostics;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest<R>(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** shutdown + exit; resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    if (this.running) {
      await this.request('shutdown', null);
      await this.notify('exit', null);
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** For after-hooks: ends the server whatever state it is in. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
    this.connection.dispose();
  }

  private waitFor(uri: string, accept: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    if (!this.running) return Promise.reject(new Error(`the server has exited ${this.describe(uri)}`));
    return new Promise((resolve, reject) => {
      const timeoutMs = this.options.waitTimeoutMs ?? 30_000;
      const waiter: Waiter = {
        uri,
        accept,
        resolve,
        reject,
        timer: setTimeout(() => this.settle(waiter, new Error(`no matching diagnostics within ${timeoutMs} ms ${this.describe(uri)}`)), timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  private settle(w: Waiter, outcome: PublishDiagnosticsParams | Error): void {
    this.waiters.delete(w);
    clearTimeout(w.timer);
    if (outcome instanceof Error) w.reject(outcome);
    else w.resolve(outcome);
  }

  private describe(uri: string): string {
    const versions = (this.published.get(uri) ?? []).map((p) => p.version ?? '-').join(', ');
    const logs = this.logs.slice(-5).map((l) => l.message).join('\n');
    return `for ${uri} (published versions: [${versions}]); last logs:\n${logs}\nstderr:\n${this.stderr.slice(-2000)}`;
  }

  private folders(): { uri: string; name: string }[] {
    return (this.options.workspaceFolders ?? []).map((p, i) => ({ uri: pathToFileURL(p).href, name: `folder${i}` }));
  }
}
