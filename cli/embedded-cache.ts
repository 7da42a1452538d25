/**
 * Where the embedded PostgreSQL of a workspace is kept between runs ($XDG_CACHE_HOME/pg-architect/embedded/<hash
 * of the schema roots>), so only the first run pays for initdb. A cache that cannot be written (a read-only
 * folder, a file in the way) is no reason to fail: the database then lives in memory for this run, with a notice.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The cache folder for these schema roots, or undefined (in memory) after a notice on stderr. */
export function embeddedCacheDir(root: string, command: string): string | undefined {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const dir = join(base, 'pg-architect', 'embedded', createHash('sha1').update(resolve(root)).digest('hex').slice(0, 16));
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.R_OK | constants.W_OK);
    return dir;
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    process.stderr.write(`pg-architect ${command}: cannot use the cache folder ${dir} (${reason}): the embedded database is kept in memory for this run (point XDG_CACHE_HOME at a writable folder to keep it between runs)\n`);
    return undefined;
  }
}
