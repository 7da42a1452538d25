/**
 * The configuration each document is linted with: pg-architect.json found from the document's workspace
 * folder (core's loadConfig, as the CLI finds it), with the editor's `pgArchitect` settings filling in
 * postgresVersion / assumeInTransaction when the file does not set them, and include/exclude applied to the
 * path relative to the file's folder; `pgArchitect.enable: false` (per folder) leaves a folder's files alone. Loads
 * are cached per folder until the file or the settings change.
 */
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEFAULT_CONFIG, SUPPORTED_POSTGRES_VERSIONS, isIncluded, type Config } from '../core/config/config';
import { loadConfig, type LoadedConfig } from '../core/config/discover';
import type { ProjectSettings } from '../core/project/project';
import { describeError, type Logger } from './guard';

export interface DocumentConfig {
  readonly config: Config;
  /** False when include/exclude leave the file out: it gets no diagnostics. */
  readonly included: boolean;
  /** What the linter sees as the file name (the path for files, else the URI): `*.down.sql` and the like. */
  readonly fileName: string;
}

export interface ConfigStoreHost {
  readonly logger: Logger;
  /** The client's `pgArchitect` settings for a folder (undefined scope: global), or undefined if unsupported. */
  fetchEditorSettings(scopeUri: string | undefined): Promise<unknown>;
  /** Called after every load with the configuration files read and their problems (empty: none). */
  reportProblems(loaded: readonly LoadedConfig[]): void;
}

interface FolderConfig {
  readonly loaded: LoadedConfig;
  readonly config: Config;
  /** The `pgArchitect.enable` setting of the folder: false, its files get no diagnostics. */
  readonly enabled: boolean;
}

export class ConfigStore {
  private folders: string[] = [];
  /** The client's URI of each workspace folder (the scope for its settings). */
  private folderUris = new Map<string, string>();
  private cache = new Map<string, Promise<FolderConfig>>();

  constructor(private readonly host: ConfigStoreHost) {}

  /** Workspace folder URIs (non-file folders are ignored: nothing to read there). */
  setWorkspaceFolders(uris: readonly string[]): void {
    this.folderUris = new Map();
    for (const uri of uris) {
      const path = filePath(uri);
      if (path !== undefined) this.folderUris.set(path, uri);
    }
    // Deepest first, so a nested folder wins over its parent.
    this.folders = [...this.folderUris.keys()].sort((a, b) => b.length - a.length);
  }

  /** Drops every cached load and loads the workspace folders (and folders seen before) again. */
  async reload(): Promise<void> {
    const folders = new Set<string>([...this.folders, ...this.cache.keys()].filter((k) => k !== ''));
    this.cache = new Map();
    await Promise.all([...folders].map((f) => this.folderConfig(f)));
  }

  /** Workspace folders (file-system paths), deepest first. */
  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** The `pgArchitect.schemaFiles` setting for a workspace folder: ordered globs, empty when unset or invalid. */
  async schemaFiles(folder: string): Promise<string[]> {
    let raw: unknown;
    try {
      raw = await this.host.fetchEditorSettings(this.folderUris.get(folder) ?? pathToFileURL(folder).href);
    } catch {
      return [];
    }
    if (raw === null || typeof raw !== 'object') return [];
    const value = (raw as { schemaFiles?: unknown }).schemaFiles;
    return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
  }

  /**
   * What a workspace folder's project is built with: its configuration, and the schema files in order (the
   * `pgArchitect.schemaFiles` setting, else the configuration's `schemaFiles`).
   */
  async projectSettings(folder: string): Promise<ProjectSettings> {
    const { config } = await this.folderConfig(folder);
    const editor = await this.schemaFiles(folder);
    const schemaFiles = editor.length > 0 ? editor : (config.schemaFiles ?? []);
    return { config, ...(schemaFiles.length > 0 ? { schemaFiles } : {}) };
  }

  /** The `pgArchitect.workspaceDiagnostics` setting: diagnostics for files that are not open (default on). */
  workspaceDiagnostics(): Promise<boolean> {
    return this.windowSetting(['workspaceDiagnostics'], (v) => v !== false, true);
  }

  /** The `pgArchitect.migrations.observe` setting: apply the migrations to the embedded PostgreSQL (default on). */
  observeMigrations(): Promise<boolean> {
    return this.windowSetting(['migrations', 'observe'], (v) => v !== false, true);
  }

  /** The `pgArchitect.rename.migrations` setting: "edit" rewrites migrations in place; default, a new migration. */
  renameEditsMigrations(): Promise<boolean> {
    return this.windowSetting(['rename', 'migrations'], (v) => v === 'edit', false);
  }

  /** A window-scoped `pgArchitect.*` setting at `path`, read live; `fallback` when the editor does not answer. */
  private async windowSetting<T>(path: readonly string[], read: (value: unknown) => T, fallback: T): Promise<T> {
    let value: unknown;
    try {
      value = await this.host.fetchEditorSettings(undefined);
    } catch {
      return fallback;
    }
    for (const key of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return read(value);
  }

  async forDocument(uri: string): Promise<DocumentConfig> {
    const path = filePath(uri);
    const folder = this.folderOf(path);
    const { loaded, config, enabled } = await this.folderConfig(folder);
    if (path === undefined) return { config, included: enabled, fileName: uri };
    // Files outside the configuration's folder were opened on purpose: lint them.
    const inside = isInside(loaded.root, path);
    return { config, included: enabled && (!inside || isIncluded(config, relative(loaded.root, path))), fileName: path };
  }

  /** The project folder of a document: the deepest workspace folder holding it, else its own directory. */
  folderFor(uri: string): string {
    return this.folderOf(filePath(uri));
  }

  /** Deepest workspace folder containing the file; a file outside every folder uses its own directory. */
  private folderOf(path: string | undefined): string {
    if (path === undefined) return this.folders.at(-1) ?? '';
    for (const folder of this.folders) if (isInside(folder, path)) return folder;
    return dirname(path);
  }

  private folderConfig(folder: string): Promise<FolderConfig> {
    let pending = this.cache.get(folder);
    if (!pending) {
      pending = this.load(folder).catch((e: unknown) => {
        this.host.logger.error(`Reading the configuration for ${folder} failed: ${describeError(e)}`);
        return { loaded: { config: DEFAULT_CONFIG, problems: [], path: undefined, root: folder }, config: DEFAULT_CONFIG, enabled: true };
      });
      this.cache.set(folder, pending);
      void pending.then(() => this.report());
    }
    return pending;
  }

  private async load(folder: string): Promise<FolderConfig> {
    const loaded: LoadedConfig =
      folder === '' ? { config: DEFAULT_CONFIG, problems: [], path: undefined, root: '' } : loadConfig(folder);
    const editor = await this.editorSettings(folder === '' ? undefined : folder);
    const specified = new Set(loaded.specified ?? []);
    const config: Config = {
      ...loaded.config,
      ...(editor.postgresVersion !== undefined && !specified.has('postgresVersion') ? { postgresVersion: editor.postgresVersion } : {}),
      ...(editor.assumeInTransaction !== undefined && !specified.has('assumeInTransaction') ? { assumeInTransaction: editor.assumeInTransaction } : {}),
    };
    return { loaded, config, enabled: editor.enable !== false };
  }

  private async editorSettings(folder: string | undefined): Promise<{ postgresVersion?: number; assumeInTransaction?: boolean; enable?: boolean }> {
    let raw: unknown;
    try {
      raw = await this.host.fetchEditorSettings(folder === undefined ? undefined : (this.folderUris.get(folder) ?? pathToFileURL(folder).href));
    } catch (e) {
      this.host.logger.warn(`Could not read the pgArchitect settings: ${e instanceof Error ? e.message : String(e)}`);
      return {};
    }
    if (raw === null || typeof raw !== 'object') return {};
    const { postgresVersion, assumeInTransaction, enable } = raw as { postgresVersion?: unknown; assumeInTransaction?: unknown; enable?: unknown };
    const out: { postgresVersion?: number; assumeInTransaction?: boolean; enable?: boolean } = {};
    if (enable === false) out.enable = false;
    if (typeof postgresVersion === 'number' && Number.isInteger(postgresVersion) && postgresVersion >= SUPPORTED_POSTGRES_VERSIONS.min && postgresVersion <= SUPPORTED_POSTGRES_VERSIONS.max) {
      out.postgresVersion = postgresVersion;
    } else if (postgresVersion !== undefined && postgresVersion !== null) {
      this.host.logger.warn(`Ignoring setting pgArchitect.postgresVersion = ${JSON.stringify(postgresVersion)}: expected a major version from ${SUPPORTED_POSTGRES_VERSIONS.min} to ${SUPPORTED_POSTGRES_VERSIONS.max}.`);
    }
    if (typeof assumeInTransaction === 'boolean') out.assumeInTransaction = assumeInTransaction;
    else if (assumeInTransaction !== undefined && assumeInTransaction !== null) {
      this.host.logger.warn(`Ignoring setting pgArchitect.assumeInTransaction = ${JSON.stringify(assumeInTransaction)}: expected true or false.`);
    }
    return out;
  }

  private report(): void {
    void Promise.all(this.cache.values()).then(
      (all) => this.host.reportProblems(all.map((f) => f.loaded)),
      () => undefined,
    );
  }
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** The file-system path of a file: URI, else undefined (untitled documents and other schemes). */
export function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

