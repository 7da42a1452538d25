/**
 * The workspace's schema files, as the embedded database replays them: the project's schema files in the order
 * its migration tool applies them (core/project), with their text.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config/config';
import { loadProject } from '../project/load';
import { readSourceFile } from '../project/source-file';
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

export interface SchemaPaths {
  readonly files: SchemaFile[];
  /** Paths that gave nothing: missing, unreadable, or a folder without schema files. */
  readonly notices: string[];
}

/**
 * The schema files of `--schema` arguments, in the order given: a file is replayed as it is (whatever its name),
 * a folder as its project (its migration tool's order).
 */
export function schemaFilesOf(paths: readonly string[], config: Config): SchemaPaths {
  const files: SchemaFile[] = [];
  const notices: string[] = [];
  for (const path of paths) {
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch (e) {
      notices.push(`${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`);
      continue;
    }
    if (directory) {
      const found = workspaceSchemaFiles(resolve(path), config);
      if (found.length === 0) notices.push(`${path}: no schema files in this folder (migrations or DDL)`);
      files.push(...found);
      continue;
    }
    const read = readSourceFile(path);
    if (read.kind === 'text') files.push({ path, text: read.text });
    else notices.push(`${path}: ${read.kind === 'binary' ? 'a binary file' : read.kind === 'too-large' ? `too large (${read.bytes} bytes)` : read.message}`);
  }
  return { files, notices };
}
