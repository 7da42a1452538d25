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
export async function diagnosticsOf(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, what = 'diagnostics'): Promise<vscode.Diagnostic[]> {
  let seen: vscode.Diagnostic[] = [];
  try {
    return await waitFor(what, () => {
      seen = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'pg-architect');
      return accept(seen) ? seen : undefined;
    });
  } catch (e) {
    // What was there instead, and in which mode: a timeout alone says nothing about why.
    const mode = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId ?? 'not open';
    throw new Error(`${e instanceof Error ? e.message : String(e)}; the document is ${mode}; its diagnostics: ${JSON.stringify(seen.map((d) => `${codeOf(d)}@${d.range.start.line}`))}`);
  }
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
