/**
 * A new migration that runs right after every existing one of its folder, written in the folder's convention:
 * the next number or timestamp, the tool's file layout (Flyway `V<n>__name.sql`, golang-migrate's
 * `.up.sql`/`.down.sql` pair, Prisma's `<timestamp>_name/migration.sql`, ...) and, when the statement cannot run
 * in a transaction, the tool's way of turning its transaction off (goose `NO TRANSACTION`, dbmate
 * `transaction:false`, Atlas `txmode none`). Fixes use it to move a statement into a migration of its own.
 */
import type { NewFile } from '../rules/types';
import type { MigrationToolId } from './tools';

export interface MigrationDraft {
  /** Words for the file name (`create index orders_status_idx`): made lower-case snake_case. */
  readonly name: string;
  /** The statements of the up migration, with their semicolons. */
  readonly up: string;
  /** What undoes them, for tools with down migrations; a comment when absent. */
  readonly down?: string;
  /** The statements cannot run inside a transaction block (CREATE INDEX CONCURRENTLY, ...). */
  readonly outsideTransaction: boolean;
}

/** A new migration for a file of the project, given every file's project-relative path. */
export type NewMigration = (draft: MigrationDraft) => readonly NewFile[] | undefined;

interface Layout {
  /** The version of a file of the folder, from its path relative to the group folder; undefined: not one of its migrations. */
  readonly version: (relative: string) => string | undefined;
  /** The new files, relative to the group folder. */
  readonly files: (version: string, name: string, draft: MigrationDraft) => readonly NewFile[] | undefined;
  /** The group folder of a migration: its own folder, or its parent for one folder per migration. */
  readonly groupLevels: number;
}

const LEADING = /^(\d+)_[^/]*$/;
const leading = (relative: string, suffix: RegExp): string | undefined => (suffix.test(relative) ? LEADING.exec(relative)?.[1] : undefined);
const DOWN_PLACEHOLDER = '-- Undo the up migration here.';

const LAYOUTS: Partial<Record<MigrationToolId, Layout>> = {
  goose: {
    groupLevels: 0,
    version: (r) => leading(r, /\.sql$/i),
    files: (v, name, d) => [{ path: `${v}_${name}.sql`, text: `${d.outsideTransaction ? '-- +goose NO TRANSACTION\n' : ''}-- +goose Up\n${d.up}\n\n-- +goose Down\n${d.down ?? DOWN_PLACEHOLDER}\n` }],
  },
  dbmate: {
    groupLevels: 0,
    version: (r) => leading(r, /\.sql$/i),
    files: (v, name, d) => {
      const option = d.outsideTransaction ? ' transaction:false' : '';
      return [{ path: `${v}_${name}.sql`, text: `-- migrate:up${option}\n${d.up}\n\n-- migrate:down${option}\n${d.down ?? DOWN_PLACEHOLDER}\n` }];
    },
  },
  'golang-migrate': {
    groupLevels: 0,
    version: (r) => leading(r, /\.up\.sql$/i),
    // One statement alone in a file is not in PostgreSQL's implicit transaction.
    files: (v, name, d) => [
      { path: `${v}_${name}.up.sql`, text: `${d.up}\n` },
      { path: `${v}_${name}.down.sql`, text: `${d.down ?? DOWN_PLACEHOLDER}\n` },
    ],
  },
  prisma: {
    groupLevels: 1,
    version: (r) => /^(\d+)_[^/]+\/migration\.sql$/.exec(r)?.[1],
    files: (v, name, d) => [{ path: `${v}_${name}/migration.sql`, text: `${d.up}\n` }],
  },
  flyway: {
    groupLevels: 0,
    version: (r) => /^V(\d+(?:[._]\d+)*)__[^/]+\.sql$/.exec(r)?.[1],
    // Flyway runs a migration holding only statements that refuse a transaction without one.
    files: (v, name, d) => [{ path: `V${v}__${name}.sql`, text: `${d.up}\n` }],
  },
  atlas: {
    groupLevels: 0,
    version: (r) => leading(r, /\.sql$/i),
    files: (v, name, d) => [{ path: `${v}_${name}.sql`, text: `${d.outsideTransaction ? '-- atlas:txmode none\n\n' : ''}${d.up}\n` }],
  },
  supabase: {
    groupLevels: 0,
    version: (r) => leading(r, /\.sql$/i),
    files: (v, name, d) => [{ path: `${v}_${name}.sql`, text: `${d.up}\n` }],
  },
  // These run every migration in a transaction: a new one separates transactions, it cannot leave them.
  hasura: {
    groupLevels: 1,
    version: (r) => /^(\d+)_[^/]+\/up\.sql$/.exec(r)?.[1],
    files: (v, name, d) => (d.outsideTransaction ? undefined : [{ path: `${v}_${name}/up.sql`, text: `${d.up}\n` }, { path: `${v}_${name}/down.sql`, text: `${d.down ?? DOWN_PLACEHOLDER}\n` }]),
  },
  pop: {
    groupLevels: 0,
    version: (r) => leading(r, /\.postgres\.up\.sql$/i),
    files: (v, name, d) =>
      d.outsideTransaction ? undefined : [{ path: `${v}_${name}.postgres.up.sql`, text: `${d.up}\n` }, { path: `${v}_${name}.postgres.down.sql`, text: `${d.down ?? DOWN_PLACEHOLDER}\n` }],
  },
  'node-pg-migrate': {
    groupLevels: 0,
    version: (r) => leading(r, /\.sql$/i),
    files: (v, name, d) => (d.outsideTransaction ? undefined : [{ path: `${v}_${name}.sql`, text: `-- Up Migration\n${d.up}\n\n-- Down Migration\n${d.down ?? DOWN_PLACEHOLDER}\n` }]),
  },
};

/** Numbered files of a tool we do not know (`0042_add_orders.sql`): the next number, a plain SQL file. */
const NUMBERED: Layout = { groupLevels: 0, version: (r) => leading(r, /\.sql$/i), files: (v, name, d) => [{ path: `${v}_${name}.sql`, text: `${d.up}\n` }] };

/**
 * The new-migration maker for the file at `path` (project-relative), or undefined when its tool has no file layout
 * a new migration can follow (Liquibase changelogs, sqitch plans, unknown tools).
 */
export function newMigrationFor(tool: MigrationToolId | undefined, path: string, projectPaths: () => readonly string[]): NewMigration | undefined {
  return makerFor(tool ? LAYOUTS[tool] : undefined, path, projectPaths);
}

/**
 * For numbered migrations of a tool we do not know, only where a new file is the user's explicit wish (a rename
 * written as a migration): how such a tool runs a file is unknown, so fixes do not move statements there.
 */
export function numberedMigrationFor(path: string, projectPaths: () => readonly string[]): NewMigration | undefined {
  return makerFor(NUMBERED, path, projectPaths);
}

function makerFor(layout: Layout | undefined, path: string, projectPaths: () => readonly string[]): NewMigration | undefined {
  if (!layout) return undefined;
  const parts = path.split('/');
  const group = parts.slice(0, parts.length - 1 - layout.groupLevels).join('/');
  const own = parts.slice(parts.length - 1 - layout.groupLevels).join('/');
  if (layout.version(own) === undefined) return undefined;
  // Paths are relative to the file's folder: one level up for one folder per migration.
  const up = '../'.repeat(layout.groupLevels);
  return (draft) => {
    const prefix = group === '' ? '' : `${group}/`;
    const versions = projectPaths()
      .filter((p) => p.startsWith(prefix))
      .map((p) => layout.version(p.slice(prefix.length)))
      .filter((v): v is string => v !== undefined);
    const next = nextVersion(versions);
    if (next === undefined) return undefined;
    return layout.files(next, fileName(draft.name), draft)?.map((f) => ({ path: `${up}${f.path}`, text: f.text }));
  };
}

/** `create index "Orders_idx"` -> `create_index_orders_idx`. */
function fileName(words: string): string {
  const name = words
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60)
    .replace(/_+$/, '');
  return name || 'migration';
}

/**
 * The version after the highest one: a timestamp (YYYYMMDDHHMMSS) one second later, a number one higher with
 * the same zero padding, a dotted Flyway version with its last part one higher.
 */
export function nextVersion(versions: readonly string[]): string | undefined {
  if (versions.length === 0) return undefined;
  const parts = (v: string): bigint[] => v.split(/[._]/).map((p) => BigInt(p));
  const highest = versions.reduce((a, b) => (compareVersions(parts(a), parts(b)) >= 0 ? a : b));
  const timestamp = nextTimestamp(highest);
  if (timestamp) return timestamp;
  const m = /^(.*?)(\d+)$/.exec(highest)!;
  const last = (BigInt(m[2]) + 1n).toString();
  return `${m[1]}${last.padStart(m[2].length, '0')}`;
}

function compareVersions(a: readonly bigint[], b: readonly bigint[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1n;
    const y = b[i] ?? -1n;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** YYYYMMDDHHMMSS plus one second, or undefined when the version is not such a timestamp. */
function nextTimestamp(version: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(version);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getUTCHours() !== hour || date.getUTCMinutes() !== minute || date.getUTCSeconds() !== second) return undefined;
  const next = new Date(date.getTime() + 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(next.getUTCFullYear(), 4)}${pad(next.getUTCMonth() + 1)}${pad(next.getUTCDate())}${pad(next.getUTCHours())}${pad(next.getUTCMinutes())}${pad(next.getUTCSeconds())}`;
}
