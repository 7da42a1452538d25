/**
 * Which files a project tree holds: its SQL files and the few files that tell how migrations run (sqitch.plan,
 * atlas.sum, Prisma's migration_lock.toml, ...). The one walk of a tree, shared by the CLI, the language
 * server and the embedded database, so all three see the same files.
 *
 * A tree may be hostile or just odd, and the walk must end: directory symlinks are followed once (by real
 * path, so `ln -s . loop` and two links to one folder are entered once), only regular files are listed
 * (a FIFO named x.sql would block a reader forever), and the walk stops at a file count and a time budget.
 * Whatever could not be read or was left out is reported as a notice, never dropped silently.
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isIgnored, parseGitignore, type IgnoreRules } from './gitignore';

export const SQL_FILE = /\.(sql|psql|pgsql)$/i;
/** Files that say how a folder's migrations run or in what order. */
export const MARKER_FILES: ReadonlySet<string> = new Set(['sqitch.plan', 'atlas.sum', 'migration_lock.toml', 'flyway.conf', 'flyway.toml', 'dbmate.yml']);
/** Folders never worth entering (dependencies, VCS data, build output); dot-folders are skipped too. */
const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(['node_modules', 'bower_components', 'vendor', 'dist', 'out', 'target', 'venv', '__pycache__']);

export const DEFAULT_MAX_FILES = 20_000;
export const DEFAULT_TIME_BUDGET_MS = 10_000;

export interface DiscoveredFile {
  /** Absolute path as found (through the link, if one led here). */
  readonly absolute: string;
  /** Relative to the root, `/`-separated. */
  readonly path: string;
  readonly size: number;
}

export type DiscoveryNoticeKind = 'unreadable' | 'not-a-regular-file' | 'link-loop' | 'file-limit' | 'time-limit';

export interface DiscoveryNotice {
  readonly kind: DiscoveryNoticeKind;
  /** Relative to the root (`''` for the root itself). */
  readonly path: string;
  readonly message: string;
}

export interface Discovery {
  readonly root: string;
  /** SQL files, sorted by path. */
  readonly files: readonly DiscoveredFile[];
  /** Marker files (sqitch.plan, atlas.sum, ...), sorted by path. */
  readonly markers: readonly DiscoveredFile[];
  readonly notices: readonly DiscoveryNotice[];
  /** The walk stopped early (file count or time): the lists are incomplete. */
  readonly truncated: boolean;
}

export interface DiscoverOptions {
  /** Whether a SQL file (relative path) belongs to the project: the configuration's include/exclude. */
  readonly includes?: (path: string) => boolean;
  readonly maxFiles?: number;
  readonly timeBudgetMs?: number;
  /** Honour .gitignore files (default true). */
  readonly gitignore?: boolean;
  /** For tests: the clock. */
  readonly now?: () => number;
}

export function discoverFiles(root: string, options: DiscoverOptions = {}): Discovery {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const now = options.now ?? Date.now;
  const deadline = now() + (options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
  const files: DiscoveredFile[] = [];
  const markers: DiscoveredFile[] = [];
  const notices: DiscoveryNotice[] = [];
  const entered = new Set<string>();
  const seenFiles = new Set<string>();
  let truncated = false;

  const note = (kind: DiscoveryNoticeKind, path: string, message: string): void => {
    if (notices.length < 200) notices.push({ kind, path, message });
  };

  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch (e) {
    note('unreadable', '', `cannot read ${root}: ${reason(e)}`);
    return { root, files, markers, notices, truncated };
  }

  /** Depth-first with an explicit stack: a deep tree cannot overflow the call stack. */
  const stack: { readonly dir: string; readonly rel: string; readonly ignores: readonly IgnoreRules[] }[] = [{ dir: root, rel: '', ignores: [] }];
  entered.add(rootReal);
  while (stack.length > 0) {
    if (truncated) break;
    const { dir, rel, ignores: inherited } = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      note('unreadable', rel, `cannot read folder ${rel || '.'}: ${reason(e)}`);
      continue;
    }
    let ignores = inherited;
    if (options.gitignore !== false && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
      try {
        ignores = [...inherited, parseGitignore(readFileSync(join(dir, '.gitignore'), 'utf8'), rel)];
      } catch (e) {
        note('unreadable', join(rel, '.gitignore'), `cannot read ${rel ? `${rel}/` : ''}.gitignore: ${reason(e)}`);
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subfolders: { dir: string; rel: string }[] = [];
    for (const entry of entries) {
      if (now() > deadline) {
        truncated = true;
        note('time-limit', rel, `stopped looking for files after ${Math.round((options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS) / 1000)} s; files not reached are not checked`);
        break;
      }
      const name = entry.name;
      const path = join(dir, name);
      const relPath = rel === '' ? name : `${rel}/${name}`;
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let stats: Stats | undefined;
      if (entry.isSymbolicLink()) {
        try {
          stats = statSync(path);
        } catch {
          continue; // a dangling link points nowhere: nothing to read
        }
        isDirectory = stats.isDirectory();
        isFile = stats.isFile();
      }
      if (isDirectory) {
        if (name.startsWith('.') || SKIPPED_DIRECTORIES.has(name)) continue;
        if (isIgnored(ignores, relPath, true)) continue;
        let real: string;
        try {
          real = realpathSync(path);
        } catch (e) {
          note('unreadable', relPath, `cannot read folder ${relPath}: ${reason(e)}`);
          continue;
        }
        if (entered.has(real)) {
          if (entry.isSymbolicLink()) note('link-loop', relPath, `${relPath} links to a folder already searched: not searched again`);
          continue;
        }
        entered.add(real);
        subfolders.push({ dir: path, rel: relPath });
        continue;
      }
      const wanted = SQL_FILE.test(name) || MARKER_FILES.has(name);
      if (!wanted) continue;
      if (!isFile) {
        if (!entry.isSymbolicLink() || stats) note('not-a-regular-file', relPath, `${relPath} is not a regular file (a pipe, socket or device): not read`);
        continue;
      }
      if (isIgnored(ignores, relPath, false)) continue;
      const marker = MARKER_FILES.has(name);
      if (!marker && options.includes && !options.includes(relPath)) continue;
      let size = stats?.size;
      let real = path;
      try {
        if (entry.isSymbolicLink()) real = realpathSync(path);
        size ??= statSync(path).size;
      } catch (e) {
        note('unreadable', relPath, `cannot read ${relPath}: ${reason(e)}`);
        continue;
      }
      // Two names for one file (links) are one file: listing it twice would edit it twice on rename.
      if (seenFiles.has(real)) continue;
      seenFiles.add(real);
      if (marker) markers.push({ absolute: path, path: relPath, size });
      else {
        if (files.length >= maxFiles) {
          truncated = true;
          note('file-limit', rel, `more than ${maxFiles.toLocaleString('en-US')} SQL files: the rest are not checked`);
          break;
        }
        files.push({ absolute: path, path: relPath, size });
      }
    }
    // Reversed, so the stack yields them in name order.
    for (let i = subfolders.length - 1; i >= 0; i--) stack.push({ ...subfolders[i], ignores });
  }
  const byPath = (a: DiscoveredFile, b: DiscoveredFile): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { root, files: files.sort(byPath), markers: markers.sort(byPath), notices, truncated };
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return e instanceof Error ? e.message : String(e);
}
