/**
 * "Add to migration…": puts a statement into a migration file the user picks (it is inserted at the end and
 * left unsaved, for review) or into a new file named by the folder's convention (written to disk; for
 * golang-migrate with its .down.sql). Nothing is run.
 */
import * as vscode from 'vscode';
import { posix } from 'node:path';
import { migrationsFolder } from './migration-folder';
import { nextMigrationName } from './migration-name';

export interface MigrationChange {
  /** The statement, exactly as it goes into the file. */
  readonly sql: string;
  /** What undoes it, for a down migration. */
  readonly undoSql?: string;
  /** Comment lines above the statement. */
  readonly comments: readonly string[];
  /** Words for the new file's name (`add index orders_customer_id_idx`). */
  readonly name: string;
}

/** `new`: a new file; a URI: that file; undefined: ask. */
export type MigrationTarget = 'new' | vscode.Uri | undefined;

const NEW_FILE = '$(new-file) New migration file';

function block(change: MigrationChange): string {
  return `${change.comments.map((c) => `-- ${c.replace(/\s*\n\s*/g, ' ')}\n`).join('')}${change.sql}\n`;
}

async function sqlFilesIn(folder: vscode.Uri): Promise<string[]> {
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder);
    return entries.filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.sql')).map(([name]) => name).sort();
  } catch {
    return [];
  }
}

async function writeNew(folder: vscode.Uri, existing: readonly string[], change: MigrationChange): Promise<vscode.Uri> {
  const name = nextMigrationName(existing, change.name, new Date());
  const up = vscode.Uri.joinPath(folder, name.up);
  await vscode.workspace.fs.createDirectory(folder);
  await vscode.workspace.fs.writeFile(up, Buffer.from(block(change), 'utf8'));
  if (name.down && change.undoSql) await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, name.down), Buffer.from(`${change.undoSql}\n`, 'utf8'));
  return up;
}

async function appendTo(file: vscode.Uri, change: MigrationChange): Promise<vscode.Uri> {
  const document = await vscode.workspace.openTextDocument(file);
  const text = document.getText();
  const separator = text.length === 0 ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  const edit = new vscode.WorkspaceEdit();
  edit.insert(file, document.positionAt(text.length), separator + block(change));
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${posix.basename(file.path)}`);
  return file;
}

/** Adds the change to a migration; the file it went into, or undefined when cancelled. */
export async function addToMigration(change: MigrationChange, target: MigrationTarget): Promise<vscode.Uri | undefined> {
  let file: vscode.Uri | 'new' | undefined = target;
  let folder: vscode.Uri | undefined;
  if (file === undefined || file === 'new') {
    folder = await migrationsFolder();
    if (!folder) return undefined;
  }
  const existing = folder ? await sqlFilesIn(folder) : [];
  if (file === undefined && folder) {
    const newName = nextMigrationName(existing, change.name, new Date()).up;
    const recent = existing.filter((n) => !n.includes('.down.')).slice(-15).reverse();
    const picked = await vscode.window.showQuickPick(
      [{ label: NEW_FILE, description: newName }, ...recent.map((n) => ({ label: n, description: 'append to this file' }))],
      { title: 'Add to migration', placeHolder: `In ${vscode.workspace.asRelativePath(folder, true)}` },
    );
    if (!picked) return undefined;
    file = picked.label === NEW_FILE ? 'new' : vscode.Uri.joinPath(folder, picked.label);
  }
  const written = file === 'new' && folder ? await writeNew(folder, existing, change) : file instanceof vscode.Uri ? await appendTo(file, change) : undefined;
  if (!written) return undefined;
  const document = await vscode.workspace.openTextDocument(written);
  const editor = await vscode.window.showTextDocument(document, { preview: false });
  const at = document.getText().lastIndexOf(change.sql);
  if (at >= 0) editor.selection = new vscode.Selection(document.positionAt(at), document.positionAt(at + change.sql.length));
  editor.revealRange(editor.selection);
  return written;
}
