/**
 * The language client: runs the bundled server (dist/server.js, the same one `pg-architect lsp --stdio` serves)
 * in a Node process over IPC for SQL documents. Trace level: the `pgArchitect.trace.server` setting (read by
 * vscode-languageclient from the client id).
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { renderedRuleLinks } from './hover-links';

export const CLIENT_ID = 'pgArchitect';
export const CLIENT_NAME = 'PostgreSQL Architect';

export function createLanguageClient(context: vscode.ExtensionContext, outputChannel: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const configWatcher = vscode.workspace.createFileSystemWatcher('**/pg-architect.json');
  context.subscriptions.push(configWatcher);
  const clientOptions: LanguageClientOptions = {
    // Files and unsaved editors only: the virtual documents of a refactoring preview, a diff's left side or a git
    // revision would otherwise be linted into Problems beside the real file.
    documentSelector: (['file', 'untitled'] as const).flatMap((scheme) => [{ scheme, language: 'sql' }, { scheme, language: 'postgres' }, { scheme, pattern: '**/*.{psql,pgsql}' }]),
    synchronize: { fileEvents: configWatcher },
    outputChannel,
    middleware: {
      provideHover: async (document, position, token, next) => renderedRuleLinks(await next(document, position, token)),
    },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
