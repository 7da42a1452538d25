/**
 * The workspace's schema files, as the embedded database replays them: the project's schema files in the order
 * its migration tool applies them (core/project), with their text.
 */
import type { Config } from '../config/config';
import { loadProject } from '../project/load';
import type { SchemaFile } from './schema-replay';

/** A workspace with more SQL than this is not replayed whole (it would take minutes to start). */
const MAX_FILES = 5000;

export function workspaceSchemaFiles(root: string, config: Config, options: { readonly schemaFiles?: readonly string[] } = {}): SchemaFile[] {
  const { project } = loadProject(root, config, { maxFiles: MAX_FILES, ...(options.schemaFiles ? { schemaFiles: options.schemaFiles } : {}) });
  const out: SchemaFile[] = [];
  for (const id of project.schemaOrder()) {
    const text = project.text(id);
    if (text !== undefined) out.push({ path: id, text });
  }
  return out;
}
