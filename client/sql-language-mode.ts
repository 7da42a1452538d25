/**
 * `.sql` files open in VS Code's generic SQL mode (its status bar says "MS SQL"). In a workspace whose SQL is
 * PostgreSQL, offer once to open them in this extension's PostgreSQL mode (`postgres`: PostgreSQL's keywords,
 * types and dollar quoting), by a workspace `files.associations` entry the user can see and undo. Users who keep
 * `.sql` for other databases say so once (`pgArchitect.sqlFiles: keep`), and everything still works in `sql` mode.
 */
import * as vscode from 'vscode';
import { looksLikePostgres } from '../core/parse/dialect';

/** `ask`: offer once per workspace; `postgres`: associate without asking; `keep`: never touch `.sql`. */
export type SqlFilesMode = 'ask' | 'postgres' | 'keep';

const SETTING = 'sqlFiles';
const ASKED = 'pgArchitect.sqlFilesAsked';
const PATTERN = '*.sql';
function associated(): boolean {
  const associations = vscode.workspace.getConfiguration('files').get<Record<string, string>>('associations') ?? {};
  return associations[PATTERN] !== undefined;
}

async function associate(): Promise<void> {
  const files = vscode.workspace.getConfiguration('files');
  const current = files.inspect<Record<string, string>>('associations')?.workspaceValue ?? {};
  await files.update('associations', { ...current, [PATTERN]: 'postgres' }, vscode.ConfigurationTarget.Workspace);
}

export function registerSqlLanguageMode(context: vscode.ExtensionContext, parserReady: Promise<void>): void {
  let busy = false;
  const consider = async (document: vscode.TextDocument | undefined): Promise<void> => {
    if (busy || !document || document.languageId !== 'sql' || document.uri.scheme !== 'file' || !vscode.workspace.getWorkspaceFolder(document.uri)) return;
    const mode = vscode.workspace.getConfiguration('pgArchitect').get<SqlFilesMode>(SETTING, 'ask');
    if (mode === 'keep' || associated() || (mode === 'ask' && context.workspaceState.get<boolean>(ASKED))) return;
    busy = true;
    try {
      await parserReady;
      if (!looksLikePostgres(document.getText())) return;
      if (mode === 'postgres') return await associate();
      await context.workspaceState.update(ASKED, true);
    } finally {
      busy = false;
    }
    // Asked once per workspace; the answer may never come (a notification left alone), so nothing waits on it.
    const use = 'Use PostgreSQL mode';
    const keep = 'Keep SQL mode';
    const answer = await vscode.window.showInformationMessage(
      'This workspace\'s .sql files are PostgreSQL. Open them in the PostgreSQL language mode (PostgreSQL keywords, types and $$ quoting)? It adds a "files.associations" entry to this workspace\'s settings.',
      use,
      keep,
    );
    if (answer === use) await associate();
    else if (answer === keep) await vscode.workspace.getConfiguration('pgArchitect').update(SETTING, 'keep', vscode.ConfigurationTarget.Workspace);
  };
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor((editor) => void consider(editor?.document)));
  void consider(vscode.window.activeTextEditor?.document);
}
