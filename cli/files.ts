/**
 * Which files `pg-architect lint` reads: explicit files always; directories searched for SQL files the
 * configuration includes (globs relative to the configuration's folder) by the project walk
 * (core/project/discover.ts: links followed once, regular files only, bounded); glob arguments matched from
 * their static base. Missing paths, folders without SQL files and what could not be read are reported, never
 * skipped silently.
 */
import { existsSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { isIncluded, type Config } from '../core/config/config';
import { discoverFiles, type DiscoveryNotice } from '../core/project/discover';

export interface FileSelection {
  readonly files: readonly string[];
  /** Arguments that name nothing: no such path, or no SQL file under it or matching it. */
  readonly missing: readonly { readonly arg: string; readonly message: string }[];
  /** What the search could not read or left out, with the folder it started from. */
  readonly notices: readonly { readonly arg: string; readonly notice: DiscoveryNotice }[];
}

function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

export function selectFiles(args: readonly string[], config: Config, configRoot: string, cwd: string): FileSelection {
  const files = new Set<string>();
  const missing: { arg: string; message: string }[] = [];
  const notices: { arg: string; notice: DiscoveryNotice }[] = [];
  // Globs are relative to the configuration's folder; for files outside it, to the folder being searched.
  const included = (absolute: string, searched: string): boolean => {
    const rel = relative(configRoot, absolute);
    const path = rel.startsWith('..') || rel === '' ? relative(searched, absolute) : rel;
    return isIncluded(config, path.split(sep).join('/'));
  };
  const search = (arg: string, root: string, matches: (path: string) => boolean): number => {
    const found = discoverFiles(root, { includes: (path) => matches(path) && included(resolve(root, path), root) });
    for (const notice of found.notices) notices.push({ arg, notice });
    for (const f of found.files) files.add(f.absolute);
    return found.files.length;
  };
  for (const arg of args.length > 0 ? args : ['.']) {
    if (isGlob(arg)) {
      const { base, glob } = picomatch.scan(arg);
      const root = resolve(cwd, base || '.');
      const matcher = picomatch(glob, { dot: false });
      if (!existsSync(root) || search(arg, root, matcher) === 0) missing.push({ arg, message: 'no SQL file matches' });
      continue;
    }
    const absolute = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      missing.push({ arg, message: 'no such file or directory' });
      continue;
    }
    if (stat.isDirectory()) {
      if (search(arg, absolute, () => true) === 0) missing.push({ arg, message: 'no SQL file (.sql, .psql, .pgsql) in this folder that the configuration includes' });
    } else files.add(absolute);
  }
  return { files: [...files].sort(), missing, notices };
}
