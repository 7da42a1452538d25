/**
 * The database an advisor may read: the active connection, refused with a clear message in an untrusted
 * workspace (no connection is opened there) or when nothing is connected.
 */
import * as vscode from 'vscode';
import type { Session } from '../../core/db/session';
import type { ConnectionManager } from '../connections/manager';

export type SessionChoice = { readonly session: Session } | { readonly refused: string };

export function connectedSession(connections: ConnectionManager, what: string): SessionChoice {
  if (!vscode.workspace.isTrusted) {
    return { refused: `${what} needs a database connection, and this workspace is not trusted: PostgreSQL Architect opens no connection in it (trust the workspace first).` };
  }
  const session = connections.session;
  if (!session) return { refused: `${what} runs on a database: connect first (PostgreSQL Architect: Connect).` };
  return { session };
}

/** Shows a refusal as a warning with a Connect button when connecting would help. */
export function showRefusal(refused: string): void {
  const connect = 'Connect';
  const offer = vscode.workspace.isTrusted ? [connect] : [];
  void vscode.window.showWarningMessage(`PostgreSQL Architect: ${refused}`, ...offer).then((choice) => {
    if (choice === connect) void vscode.commands.executeCommand('pgArchitect.connect');
  });
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
