/**
 * "Schema Diagram": one panel per window showing the project's schema. The language server builds the graph
 * (the same core entry as `pg-architect schema`); this host moves messages, opens definitions and saves exports.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import type { SchemaGraph } from '../../core/schema-diagram/graph';
import type { SchemaHostMessage, SchemaPointOption, SchemaViewerMessage } from '../webview/schema/protocol';
import { SchemaCodeLensProvider } from './codelens';
import { schemaDiagramHtml } from './html';

/** The server's command (server/schema-diagram-command.ts). */
const SERVER_COMMAND = 'pgArchitect.server.schemaDiagram';
const VIEW_TYPE = 'pgArchitect.schema';

type ServerResult = { readonly graph: SchemaGraph; readonly points: readonly SchemaPointOption[] } | { readonly error: string };

/** What tests and the API can read about the open panel. */
export interface SchemaPanelState {
  readonly nodes: number;
  readonly painted: boolean;
}

class SchemaPanel {
  /** The point picked in the panel (undefined: the server's default, the end of the history or the database). */
  private at: string | undefined;
  private from: string | undefined;
  private focus: string | undefined;
  private ready = false;
  painted = false;
  nodes = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly client: () => LanguageClient | undefined,
    private readonly uri: () => string | undefined,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
    webview.html = schemaDiagramHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'schema-webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'schema-webview.css')).toString(),
    });
    webview.onDidReceiveMessage((m: SchemaViewerMessage) => void this.onMessage(m));
  }

  show(focus: string | undefined): void {
    this.focus = focus;
    this.panel.reveal(undefined, true);
    if (this.ready) void this.load();
  }

  private post(message: SchemaHostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private async load(): Promise<void> {
    const running = this.client();
    if (!running?.isRunning()) return this.post({ type: 'error', message: 'The language server is not running: the diagram is built from its view of the workspace.' });
    this.post({ type: 'loading', message: 'Reading the schema…' });
    this.painted = false;
    let result: ServerResult | null;
    try {
      const uri = this.uri();
      result = (await running.sendRequest(ExecuteCommandRequest.type, { command: SERVER_COMMAND, arguments: [{ ...(uri ? { uri } : {}), ...(this.at ? { at: this.at } : {}), ...(this.from ? { from: this.from } : {}) }] })) as ServerResult | null;
    } catch (e) {
      return this.post({ type: 'error', message: `The schema could not be read: ${e instanceof Error ? e.message : String(e)}` });
    }
    if (!result) return this.post({ type: 'error', message: 'The language server does not know the schema diagram (restart it after an update).' });
    if ('error' in result) return this.post({ type: 'error', message: result.error });
    this.nodes = result.graph.nodes.length;
    this.post({ type: 'graph', graph: result.graph, points: result.points, at: this.at ?? (result.graph.source.kind === 'database' && !result.graph.compared ? 'database' : 'end'), ...(this.from ? { from: this.from } : {}), ...(this.focus ? { focus: this.focus } : {}) });
    this.focus = undefined;
  }

  private async onMessage(message: SchemaViewerMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        return this.load();
      case 'pick':
        this.at = message.at;
        this.from = message.from;
        return this.load();
      case 'painted':
        this.painted = true;
        this.nodes = message.nodes;
        return;
      case 'reveal': {
        const uri = vscode.Uri.parse(message.location.file);
        const document = await vscode.workspace.openTextDocument(uri);
        const range = new vscode.Range(document.positionAt(message.location.start), document.positionAt(message.location.end));
        await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: range, preserveFocus: false });
        return;
      }
      case 'export': {
        const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
        const target = await vscode.window.showSaveDialog({
          ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${message.name}.${message.format}`) } : {}),
          filters: message.format === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] },
        });
        if (!target) return;
        const bytes = message.format === 'svg' ? Buffer.from(message.data, 'utf8') : Buffer.from(message.data.replace(/^data:image\/png;base64,/, ''), 'base64');
        await vscode.workspace.fs.writeFile(target, bytes);
        this.post({ type: 'exported', path: vscode.workspace.asRelativePath(target) });
        return;
      }
    }
  }
}

let extensionUri: vscode.Uri;
let open: SchemaPanel | undefined;

export function registerSchemaDiagram(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, parserReady: Promise<void>): void {
  extensionUri = context.extensionUri;
  const lenses = new SchemaCodeLensProvider();
  context.subscriptions.push(vscode.languages.registerCodeLensProvider([{ language: 'sql' }, { language: 'postgres' }], lenses));
  void parserReady.then(() => lenses.refresh());
  const activeUri = (): string | undefined => {
    const editor = vscode.window.activeTextEditor;
    return editor && editor.document.uri.scheme === 'file' ? editor.document.uri.toString() : undefined;
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('pgArchitect.schemaDiagram', (focus?: unknown, uri?: unknown): SchemaPanelState => {
      const documentUri = uri instanceof vscode.Uri ? uri.toString() : activeUri();
      if (!open) {
        const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'Schema', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, { retainContextWhenHidden: true });
        panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'icon.png');
        const created = new SchemaPanel(panel, client, () => documentUri ?? activeUri());
        open = created;
        panel.onDidDispose(() => {
          if (open === created) open = undefined;
        });
      }
      open.show(typeof focus === 'string' ? focus : undefined);
      return { nodes: open.nodes, painted: open.painted };
    }),
    // For tests and the API: the open panel's state, without opening one.
    vscode.commands.registerCommand('pgArchitect.schemaDiagram.state', (): SchemaPanelState | undefined => (open ? { nodes: open.nodes, painted: open.painted } : undefined)),
  );
}
