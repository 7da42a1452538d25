/** The embedded database's cache folder for a CLI command: core/db/embedded-cache.ts, its problem as a notice. */
import { embeddedCacheFolder } from '../core/db/embedded-cache';

/** The cache folder for these schema roots, or undefined (in memory) after a notice on stderr. */
export function embeddedCacheDir(root: string, command: string): string | undefined {
  const folder = embeddedCacheFolder(root);
  if (folder.dir === undefined) process.stderr.write(`pg-architect ${command}: ${folder.problem}\n`);
  return folder.dir;
}
