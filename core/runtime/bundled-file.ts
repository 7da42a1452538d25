/**
 * A file the build puts next to the bundles (dist/): found next to `bundleDir` when running from a bundle, or in
 * dist/ when running from source (bundleDir is then a source folder one level down); undefined when absent.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function bundledFile(bundleDir: string, name: string): string | undefined {
  return [join(bundleDir, name), join(bundleDir, '..', 'dist', name)].find((f) => existsSync(f));
}
