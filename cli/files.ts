/**
 * Which files `pg-architect lint` reads: explicit files always; directories walked for SQL files the
 * configuration includes (globs relative to the configuration's folder); glob arguments matched from their
 * static base. Missing paths are reported, never skipped silently.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { isIncluded, type Config } from '../core/config/config';

export interface FileSelection {
  readonly files: readonly string[];
  readonly missing: readonly string[];
}

const SQL_FILE = /\.(sql|psql|pgsql)$/i;

function isGlob(arg: string): boolean {
  return /[*?[\]{}]/.test(arg);
}

export function selectFiles(args: readonly string[], config: Config, configRoot: string, cwd: string): FileSelection {
  const files = new Set<string>();
  const missing: string[] = [];
  // Globs are relative to the configuration's folder; for files outside it, to the folder being searched.
  const included = (absolute: string, searched: string): boolean => {
    const rel = relative(configRoot, absolute);
    const path = rel.startsWith('..') || rel === '' ? relative(searched, absolute) : rel;
    return SQL_FILE.test(absolute) && isIncluded(config, path.split(sep).join('/'));
  };
  for (const arg of args.length > 0 ? args : ['.']) {
    if (isGlob(arg)) {
      const { base, glob } = picomatch.scan(arg);
      const root = resolve(cwd, base || '.');
      const matcher = picomatch(glob, { dot: false });
      let found = 0;
      if (existsSync(root)) {
        for (const file of walk(root)) {
          if (matcher(relative(root, file).split(sep).join('/')) && included(file, root)) {
            files.add(file);
            found++;
          }
        }
      }
      if (found === 0) missing.push(arg);
      continue;
    }
    const absolute = resolve(cwd, arg);
    let stat;
    try {
      stat = statSync(absolute);
    } catch {
      missing.push(arg);
      continue;
    }
    if (stat.isDirectory()) {
      for (const file of walk(absolute)) if (included(file, absolute)) files.add(file);
    } else files.add(absolute);
  }
  return { files: [...files].sort(), missing };
}

/** Every file under `dir`, skipping node_modules and dot-folders early (they are excluded by default anyway). */
function* walk(dir: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      yield* walk(path);
    } else if (entry.isFile()) yield path;
  }
}
