/**
 * The workspace's schema files, as the embedded database replays them: every SQL file the configuration
 * includes, in migration order (Flyway, golang-migrate, Prisma, dbmate, sqitch, ... see core/catalog/migrations).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isIncluded, type Config } from '../config/config';
import { orderMigrations } from '../catalog/migrations/order';
import type { SchemaFile } from './schema-replay';

const SQL = /\.(sql|psql|pgsql)$/i;
/** A workspace with more SQL than this is not replayed whole (it would take minutes to start). */
const MAX_FILES = 5000;

export function workspaceSchemaFiles(root: string, config: Config, options: { readonly schemaFiles?: readonly string[] } = {}): SchemaFile[] {
  const paths: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      if (paths.length >= MAX_FILES) return;
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      let stat;
      try {
        stat = statSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(path);
      else if ((SQL.test(name) || name === 'sqitch.plan') && (name === 'sqitch.plan' || isIncluded(config, relative(root, path).split(sep).join('/')))) paths.push(path);
    }
  };
  walk(root);
  const inputs = paths.map((p) => ({ path: relative(root, p).split(sep).join('/'), text: readFileSync(p, 'utf8') }));
  const texts = new Map(inputs.map((i) => [i.path, i.text]));
  const order = orderMigrations(inputs, options.schemaFiles ? { schemaFiles: options.schemaFiles } : {});
  return order.files.filter((f) => SQL.test(f.path)).map((f) => ({ path: f.path, text: texts.get(f.path) ?? '' }));
}
