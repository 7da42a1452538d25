/**
 * Gives the language server the connected database's schema: when a connection becomes active (or changes, or
 * on "Refresh Database Schema"), the catalog is introspected through the connection's own session, one query
 * per object kind, and sent as a plain-JSON notification; on disconnect the server is told to forget it. The
 * server gets the catalog and the profile's display name only: never a host, a user or a password.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { DATABASE_CATALOG_NOTIFICATION, type DatabaseCatalogParams, type DatabaseCatalogPayload } from '../../core/catalog/database-snapshot';
import { introspectCatalog } from '../../core/catalog/introspect/introspect';
import type { Row } from '../../core/catalog/introspect/rows';
import { serializeCatalog } from '../../core/catalog/serialize';
import type { ConnectionManager } from './manager';

/** What a refresh did (the command's result, for its own tests). */
export type RefreshOutcome =
  | { readonly sent: true; readonly name: string; readonly relations: number; readonly indexes: number; readonly problems: readonly string[] }
  | { readonly sent: false; readonly reason: string };

export class DatabaseCatalogPublisher implements vscode.Disposable {
  private client: LanguageClient | undefined;
  /** The last params sent, re-sent when the server restarts. */
  private last: DatabaseCatalogParams = { database: null };
  /** Bumped on every refresh: a slower, older introspection must not overwrite a newer one. */
  private generation = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly connections: ConnectionManager,
    private readonly output: vscode.OutputChannel,
  ) {
    this.disposables.push(connections.onDidChange(() => void this.refresh()));
  }

  /** The language client to send to (once it started); sends the current state right away. */
  attach(client: LanguageClient): void {
    this.client = client;
    this.disposables.push(
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) void this.send(this.last);
      }),
    );
    if (this.connections.session) void this.refresh();
  }

  /** Reads the active connection's catalog and sends it; with no connection, tells the server so. */
  async refresh(): Promise<RefreshOutcome> {
    const generation = ++this.generation;
    const profile = this.connections.profile;
    const session = this.connections.session;
    if (!profile || !session) {
      await this.send({ database: null });
      return { sent: false, reason: 'no database is connected' };
    }
    const started = Date.now();
    const { catalog, problems } = await introspectCatalog(async (sql) => (await session.query<Row>(sql)).rows);
    // The connection changed while reading: the newer refresh sends its own.
    if (generation !== this.generation || this.connections.session !== session) return { sent: false, reason: 'the connection changed while reading' };
    const payload: DatabaseCatalogPayload = {
      name: profile.name,
      serverVersion: session.serverVersion,
      readAt: new Date().toISOString(),
      catalog: serializeCatalog(catalog),
      problems: problems.map((p) => `${p.kind}: ${p.message}`),
    };
    const relations = catalog.relations().length;
    const indexes = catalog.indexes().length;
    this.output.appendLine(
      `Database schema of "${profile.name}": ${relations} relation(s), ${indexes} index(es) read in ${Date.now() - started} ms` +
        (problems.length > 0 ? `; could not read ${problems.map((p) => p.kind).join(', ')} (${problems[0].message})` : '') +
        '.',
    );
    const sent = await this.send({ database: payload });
    if (!sent) return { sent: false, reason: 'the language server is not running' };
    return { sent: true, name: profile.name, relations, indexes, problems: payload.problems ?? [] };
  }

  private async send(params: DatabaseCatalogParams): Promise<boolean> {
    this.last = params;
    const client = this.client;
    if (!client || client.state !== State.Running) return false;
    try {
      await client.sendNotification(DATABASE_CATALOG_NOTIFICATION, params);
      return true;
    } catch (e) {
      this.output.appendLine(`Sending the database schema to the language server failed: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

export function registerDatabaseCatalogCommand(context: vscode.ExtensionContext, publisher: DatabaseCatalogPublisher, connections: ConnectionManager): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('pgArchitect.refreshDatabaseSchema', async (): Promise<RefreshOutcome> => {
      if (!connections.profile) {
        void vscode.window.showInformationMessage('PostgreSQL Architect: connect to a database first; the schema features use the workspace’s DDL until then.');
        return { sent: false, reason: 'no database is connected' };
      }
      const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Reading the schema of ${connections.profile.name}` }, () => publisher.refresh());
      if (!outcome.sent) void vscode.window.showWarningMessage(`PostgreSQL Architect: the database schema was not refreshed: ${outcome.reason}.`);
      return outcome;
    }),
  );
}
