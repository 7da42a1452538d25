// Linting as users meet it in VS Code: activation on a .sql file, squiggles in the Problems panel, a quick fix
// applied through the command API, the lock hover, and a settings change re-linting open documents.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import { codeOf, diagnosticsOf, openSql, waitFor, WORKSPACE } from './helpers';

describe('linting in VS Code', () => {
  const migration = (): vscode.Uri => vscode.Uri.joinPath(WORKSPACE(), 'migrations', '002_add_index.sql');

  it('activates on a .sql file and reports the migration problem', async () => {
    const doc = await vscode.workspace.openTextDocument(migration());
    await vscode.window.showTextDocument(doc);
    const extension = vscode.extensions.all.find((e) => e.id.toLowerCase().endsWith('.pg-architect'));
    assert.ok(extension, 'extension installed');
    await waitFor('activation', () => extension.isActive);
    const diagnostics = await diagnosticsOf(doc.uri, (d) => d.some((x) => codeOf(x) === 'require-concurrent-index-creation'));
    const finding = diagnostics.find((x) => codeOf(x) === 'require-concurrent-index-creation')!;
    assert.equal(doc.getText(finding.range), 'CREATE INDEX');
    assert.equal(finding.severity, vscode.DiagnosticSeverity.Warning);
  });

  it('applies the CONCURRENTLY quick fix through the code action command', async () => {
    const editor = await openSql('CREATE INDEX orders_status_idx ON orders (status);\n');
    const uri = editor.document.uri;
    const [finding] = await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'require-concurrent-index-creation'));
    const actions = await waitFor('quick fixes', async () => {
      const offered = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, finding.range);
      return offered.length > 0 ? offered : undefined;
    });
    const fix = actions.find((a) => a.title === 'Add CONCURRENTLY');
    assert.ok(fix?.edit, `actions offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(editor.document.getText(), 'CREATE INDEX CONCURRENTLY orders_status_idx ON orders (status);\n');
    await diagnosticsOf(uri, (d) => !d.some((x) => codeOf(x) === 'require-concurrent-index-creation'), 'the finding to go away');
  });

  it('explains the lock a statement takes on hover', async () => {
    const editor = await openSql('ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n');
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 3));
      return h.length > 0 ? h : undefined;
    });
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /ACCESS EXCLUSIVE/);
    assert.match(text, /rewrites the table/);
    // The findings under the cursor (require-lock-timeout): one line each, its page opening rendered.
    assert.match(text, /\*\*require-lock-timeout\*\* — .*\[More…\]\(command:markdown\.showPreview\?/);
    assert.doesNotMatch(text, /\(file:[^)]*docs\/rules\//, 'no link opens the raw Markdown file');
    assert.ok(text.length < 2500, `a short hover: ${text.length} characters`);
  });

  it('opens a PostgreSQL .sql file in the PostgreSQL language mode when set to (a files.associations entry), still linted', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, 'language-mode.sql');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('CREATE INDEX orders_note_idx ON orders (note);\n'));
    const config = vscode.workspace.getConfiguration('pgArchitect');
    await config.update('sqlFiles', 'postgres', vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitFor('the document in the postgres mode', () => (vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId === 'postgres' ? true : undefined));
      const associations = vscode.workspace.getConfiguration('files').inspect<Record<string, string>>('associations')?.workspaceValue;
      assert.equal(associations?.['*.sql'], 'postgres');
      await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'require-concurrent-index-creation'), 'the finding in the postgres mode');
    } finally {
      await vscode.workspace.getConfiguration('files').update('associations', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('sqlFiles', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('Rename Symbol on a column the migrations create writes a new migration and leaves the applied ones as they are', async () => {
    const report = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(WORKSPACE(), 'queries', 'report.sql'));
    const at = report.positionAt(report.getText().indexOf('o.placed_at') + 4);
    const edit = await waitFor('the rename edit', async () => {
      try {
        return await vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>('vscode.executeDocumentRenameProvider', report.uri, at, 'ordered_at');
      } catch {
        return undefined;
      }
    });
    const entries = edit.entries().map(([uri, edits]) => ({ path: vscode.workspace.asRelativePath(uri), text: edits.map((e) => e.newText).join('') }));
    const created = entries.find((e) => /^migrations\/003_rename_orders_placed_at_to_ordered_at\.sql$/.test(e.path));
    assert.ok(created, JSON.stringify(entries));
    assert.match(created.text, /^SET lock_timeout = '5s';\nALTER TABLE public\.orders RENAME COLUMN placed_at TO ordered_at;/);
    assert.ok(entries.some((e) => e.path === 'queries/report.sql' && e.text === 'ordered_at'), JSON.stringify(entries));
    assert.ok(!entries.some((e) => e.path.startsWith('migrations/001') || e.path.startsWith('migrations/002')), 'applied migrations are history');
  });

  it('re-lints open documents when a setting changes', async () => {
    const editor = await openSql('ALTER TABLE orders ADD COLUMN note text DEFAULT now();\n');
    const uri = editor.document.uri;
    const config = vscode.workspace.getConfiguration('pgArchitect');
    await config.update('postgresVersion', 10, vscode.ConfigurationTarget.Global);
    try {
      await diagnosticsOf(uri, (d) => d.some((x) => codeOf(x) === 'adding-field-with-default'), 'the PostgreSQL 10 finding');
      await config.update('postgresVersion', 16, vscode.ConfigurationTarget.Global);
      await diagnosticsOf(uri, (d) => !d.some((x) => codeOf(x) === 'adding-field-with-default'), 'no finding on PostgreSQL 16');
    } finally {
      await config.update('postgresVersion', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('restarts the language server on request, and lints again after', async () => {
    assert.equal(await vscode.commands.executeCommand('pgArchitect.restartServer'), true);
    const editor = await openSql('CREATE INDEX after_restart_idx ON orders (status);\n');
    await diagnosticsOf(editor.document.uri, (d) => d.some((x) => codeOf(x) === 'require-concurrent-index-creation'), 'diagnostics from the restarted server');
    await vscode.commands.executeCommand('pgArchitect.showOutput');
  });
});
