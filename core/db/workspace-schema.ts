/**
 * The workspace's schema files, as the embedded database replays them: every SQL file the configuration
 * includes (the project walk, core/project/discover.ts), in migration order (Flyway, golang-migrate, Prisma,
 * dbmate, sqitch, ... see core/catalog/migrations).
 */
import { isIncluded, type Config } from '../config/config';
import { orderMigrations } from '../project/migration-order';
import { discoverFiles } from '../project/discover';
import { readSourceFile } from '../project/source-file';
import type { SchemaFile } from './schema-replay';

/** A workspace with more SQL than this is not replayed whole (it would take minutes to start). */
const MAX_FILES = 5000;

export function workspaceSchemaFiles(root: string, config: Config, options: { readonly schemaFiles?: readonly string[] } = {}): SchemaFile[] {
  const found = discoverFiles(root, { includes: (path) => isIncluded(config, path), maxFiles: MAX_FILES });
  const inputs: { path: string; text: string }[] = [];
  for (const f of found.files) {
    const read = readSourceFile(f.absolute);
    if (read.kind === 'text') inputs.push({ path: f.path, text: read.text });
  }
  for (const m of found.markers) {
    if (!m.path.endsWith('sqitch.plan')) continue;
    const read = readSourceFile(m.absolute);
    if (read.kind === 'text') inputs.push({ path: m.path, text: read.text });
  }
  const texts = new Map(inputs.map((i) => [i.path, i.text]));
  const order = orderMigrations(inputs, options.schemaFiles ? { schemaFiles: options.schemaFiles } : {});
  return order.files.filter((f) => /\.(sql|psql|pgsql)$/i.test(f.path)).map((f) => ({ path: f.path, text: texts.get(f.path) ?? '' }));
}
