/**
 * Where the embedded PostgreSQL of a workspace is kept between runs ($XDG_CACHE_HOME/pg-architect/embedded/<hash
 * of the schema roots>), so only the first run pays for initdb. A cache that cannot be written (a read-only
 * folder, a file in the way) is no reason to fail: the database then lives in memory, and the caller says so.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export type CacheFolder = { readonly dir: string } | { readonly dir: undefined; readonly problem: string };

/** The per-user cache folder of pg-architect ($XDG_CACHE_HOME/pg-architect). */
export function cacheBase(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'pg-architect');
}

/** The cache folder for these schema roots, or why there is none (then: in memory). */
export function embeddedCacheFolder(root: string): CacheFolder {
  const dir = join(cacheBase(), 'embedded', createHash('sha1').update(resolve(root)).digest('hex').slice(0, 16));
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.R_OK | constants.W_OK);
    return { dir };
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { dir: undefined, problem: `cannot use the cache folder ${dir} (${reason}): the embedded database is kept in memory for this run (point XDG_CACHE_HOME at a writable folder to keep it between runs)` };
  }
}
