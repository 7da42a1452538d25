/**
 * Where migrations live: the pgArchitect.advisors.migrationsFolder setting, else folders of SQL files that are
 * named like migrations or hold numbered/timestamped files; asked when there are several, offered to create
 * `migrations/` when there is none.
 */
import * as vscode from 'vscode';
import { posix } from 'node:path';
import { advisorSettings } from './settings';

const MIGRATION_DIR = /(^|[-_])(migrations?|migrate)$|^(flyway|changelog|changes|deploy)$/i;
const VERSIONED_FILE = /^(V?\d{3,}[_-]|V\d+__)/;

/** How much a folder looks like a migrations folder, from its name and its files; 0: not at all. */
export function migrationFolderScore(folderPath: string, fileNames: readonly string[]): number {
  const versioned = fileNames.filter((n) => VERSIONED_FILE.test(n)).length;
  const named = MIGRATION_DIR.test(posix.basename(folderPath)) ? 2 : 0;
  if (named === 0 && versioned < 2) return 0;
  return named + Math.min(versioned, 20) / 10;
}

async function candidates(): Promise<vscode.Uri[]> {
  const files = await vscode.workspace.findFiles('**/*.sql', '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**}', 5000);
  const byDir = new Map<string, { uri: vscode.Uri; names: string[] }>();
  for (const f of files) {
    const dir = vscode.Uri.joinPath(f, '..');
    const entry = byDir.get(dir.toString()) ?? { uri: dir, names: [] };
    entry.names.push(posix.basename(f.path));
    byDir.set(dir.toString(), entry);
  }
  return [...byDir.values()]
    .map((d) => ({ uri: d.uri, score: migrationFolderScore(d.uri.path, d.names) }))
    .filter((d) => d.score > 0)
    .sort((a, b) => b.score - a.score || a.uri.path.localeCompare(b.uri.path))
    .map((d) => d.uri);
}

/** The migrations folder to use; undefined when the user cancels or no workspace is open. */
export async function migrationsFolder(): Promise<vscode.Uri | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0];
  if (!root) {
    void vscode.window.showWarningMessage('PostgreSQL Architect: open the folder that holds your migrations first.');
    return undefined;
  }
  const configured = advisorSettings(root.uri).migrationsFolder;
  if (configured) return vscode.Uri.joinPath(root.uri, configured);
  const found = await candidates();
  if (found.length === 1) return found[0];
  if (found.length === 0) {
    const create = `Create migrations/ in ${root.name}`;
    const choice = await vscode.window.showQuickPick([create], { title: 'No migrations folder found (set pgArchitect.advisors.migrationsFolder to choose one)' });
    return choice === create ? vscode.Uri.joinPath(root.uri, 'migrations') : undefined;
  }
  const picked = await vscode.window.showQuickPick(
    found.map((uri) => ({ label: vscode.workspace.asRelativePath(uri, true), uri })),
    { title: 'Migrations folder', placeHolder: 'Where the new migration goes (pgArchitect.advisors.migrationsFolder remembers it)' },
  );
  return picked?.uri;
}
