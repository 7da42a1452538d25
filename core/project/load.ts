/**
 * A project read from disk: every SQL file under the root that the configuration includes, and the files that
 * order migrations (sqitch.plan, atlas.sum, ...), named by their path relative to the root. The CLI's lint,
 * explain and advise-indexes read projects this way; the language server feeds its own from the editor.
 */
import { isIncluded, type Config } from '../config/config';
import { discoverFiles, type DiscoveryNotice } from './discover';
import { Project } from './project';
import { readSourceFile } from './source-file';

export interface LoadOptions {
  /** Ordered globs that replace migration detection (default: the configuration's schemaFiles). */
  readonly schemaFiles?: readonly string[];
  readonly maxFiles?: number;
  /** Each file's catalog will be read once, in order (the CLI's lint): Project's oneRead. */
  readonly oneRead?: boolean;
}

export interface LoadedProject {
  readonly project: Project;
  /** What the walk could not read or left out. */
  readonly notices: readonly DiscoveryNotice[];
}

export function loadProject(root: string, config: Config, options: LoadOptions = {}): LoadedProject {
  const schemaFiles = options.schemaFiles && options.schemaFiles.length > 0 ? options.schemaFiles : config.schemaFiles;
  const project = new Project(root, { config, ...(schemaFiles && schemaFiles.length > 0 ? { schemaFiles } : {}) }, { oneRead: options.oneRead === true });
  const found = discoverFiles(root, { includes: (path) => isIncluded(config, path), ...(options.maxFiles ? { maxFiles: options.maxFiles } : {}) });
  for (const f of [...found.files, ...found.markers]) {
    const read = readSourceFile(f.absolute);
    project.setFile(f.path, f.path, read.kind === 'text' ? read.text : undefined);
  }
  return { project, notices: found.notices };
}
