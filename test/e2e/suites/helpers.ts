// Small waits over the real VS Code API: diagnostics and extension activation arrive asynchronously.
import * as vscode from 'vscode';

export const WORKSPACE = (): vscode.Uri => {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the e2e workspace folder is not open');
  return folder.uri;
};

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Diagnostics of our extension on `uri`, once `accept` is satisfied. */
export function diagnosticsOf(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, what = 'diagnostics'): Promise<vscode.Diagnostic[]> {
  return waitFor(what, () => {
    const ours = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pg-architect');
    return accept(ours) ? ours : undefined;
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  const code = d.code;
  if (code === undefined) return '';
  if (typeof code === 'object') return String(code.value);
  return String(code);
}

/** Opens a scratch SQL document with `text` (an untitled file keeps the workspace clean). */
export async function openSql(text: string, language = 'sql'): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language, content: text });
  return vscode.window.showTextDocument(doc);
}
