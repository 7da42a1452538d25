/**
 * One embedded PostgreSQL per workspace folder, opened on first use and kept open: each Explain re-checks the
 * schema files (hashes; only changes are re-applied), so the first start pays for initdb and later ones take
 * a few milliseconds. Its data lives in the extension's global storage.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadConfig } from '../../core/config/discover';
import { openEmbedded, relationSizer, syncSchema, type EmbeddedDatabase } from '../../core/db/embedded';
import { setPgliteModule } from '../../core/db/pglite-session';
import { embeddedOpener } from '../../core/db/pglite-worker-session';
import { workspaceSchemaFiles } from '../../core/db/workspace-schema';

const PGLITE_MODULE = '@electric-sql/pglite';

export class EmbeddedManager implements vscode.Disposable {
  private readonly open = new Map<string, Promise<EmbeddedDatabase>>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly output: vscode.OutputChannel,
  ) {
    // The packaged extension ships PGlite next to its bundles (dist/node_modules); in development node resolves it.
    setPgliteModule(PGLITE_MODULE);
  }

  private dataDirPath(folder: vscode.Uri): string {
    return join(this.context.globalStorageUri.fsPath, 'embedded', createHash('sha1').update(folder.toString()).digest('hex').slice(0, 16));
  }

  dataDir(folder: vscode.Uri): string {
    const dir = this.dataDirPath(folder);
    mkdirSync(dir, { recursive: true });
    return dir;
  }

  /** Whether an earlier window made `folder`'s embedded database: the user has explained here before. */
  hasCluster(folder: vscode.Uri): boolean {
    return existsSync(join(this.dataDirPath(folder), 'PG_VERSION'));
  }

  /** Whether `folder`'s embedded database is open or opening in this window. */
  isOpen(folder: vscode.Uri): boolean {
    return this.open.has(folder.toString());
  }

  /** The embedded database of `folder`, with its schema brought up to date. Serialized: PGlite runs one thing at a time. */
  database(folder: vscode.Uri): Promise<EmbeddedDatabase> {
    const run = this.queue.then(async () => {
      const config = loadConfig(folder.fsPath).config;
      const schemaFiles = vscode.workspace.getConfiguration('pgArchitect', folder).get<string[]>('schemaFiles') ?? [];
      const files = workspaceSchemaFiles(folder.fsPath, config, schemaFiles.length > 0 ? { schemaFiles } : {});
      const started = Date.now();
      const existing = this.open.get(folder.toString());
      let db: EmbeddedDatabase;
      if (existing) {
        const open = await existing;
        db = { session: open.session, dataDir: open.dataDir, ...(await syncSchema(open.session, files)) };
      } else {
        // In a worker thread: PostgreSQL's start and statements would otherwise block the extension host, which
        // every extension shares and through which the language server's findings arrive.
        const opened = openEmbedded(this.dataDir(folder), files, embeddedOpener(__dirname, { module: PGLITE_MODULE }));
        this.open.set(folder.toString(), opened);
        db = await opened.catch((e) => {
          this.open.delete(folder.toString());
          throw e;
        });
      }
      const { startMs, schemaMs } = db.timing;
      this.output.appendLine(`Embedded PostgreSQL ready in ${Date.now() - started} ms (started in ${Math.round(startMs)} ms, schema in ${Math.round(schemaMs)} ms: ${files.length} schema file(s), ${db.filesApplied} applied${db.rebuilt ? ', rebuilt' : ''}).`);
      for (const p of db.problems.slice(0, 20)) this.output.appendLine(`  schema statement rejected in ${p.file}: ${p.message}`);
      return db;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Starts `folder`'s embedded database in the background (`why`: an Explain is likely), so the first Explain finds
   * it started and its schema applied. Does nothing when it is open or opening.
   */
  warm(folder: vscode.Uri, why: string): void {
    if (this.open.has(folder.toString())) return;
    this.output.appendLine(`Starting the embedded PostgreSQL for ${folder.fsPath} in the background (${why}).`);
    void this.database(folder).catch((e) => this.output.appendLine(`The embedded PostgreSQL did not start: ${e instanceof Error ? e.message : String(e)}`));
  }

  sizer(folder: vscode.Uri): (path: string, pages: number) => void {
    return relationSizer(this.dataDir(folder));
  }

  dispose(): void {
    for (const db of this.open.values()) void db.then((d) => d.session.close()).catch(() => undefined);
    this.open.clear();
  }
}
