/**
 * Context keys for the command palette's when-clauses (package.json menus.commandPalette): commands that need a
 * connection, or advice to act on, are listed only when there is one.
 */
import * as vscode from 'vscode';
import type { ConnectionManager } from './connections/manager';

export const CONNECTED = 'pgArchitect.connected';
export const HAS_INDEX_ADVICE = 'pgArchitect.hasIndexAdvice';

export function setContextKey(key: string, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

/** Keeps pgArchitect.connected true while a session is open. */
export function trackConnection(connections: ConnectionManager): vscode.Disposable {
  const update = (): void => setContextKey(CONNECTED, connections.session !== undefined);
  update();
  return connections.onDidChange(update);
}
