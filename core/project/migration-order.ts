/**
 * The order in which a project's SQL files build the schema, and the tool each migration belongs to, as a pure
 * function of their paths (and the texts that say more: sqitch.plan, goose / dbmate / node-pg-migrate markers,
 * Liquibase headers, a folder's atlas.sum). Recognised: Flyway (V1__, V1.1__, repeatable R__ after all
 * versioned, undo U__ a down file), golang-migrate (*.up.sql; .down.sql are down files, other dialects ignored),
 * gobuffalo pop (*.postgres.up.sql), goose (-- +goose Up), dbmate (-- migrate:up), node-pg-migrate
 * (-- Up Migration), Prisma (<ts>_name/migration.sql), Hasura (<ts>_name/up.sql), Supabase
 * (supabase/migrations/<ts>_name.sql, or timestamped files that use Supabase's auth schema), Atlas (a folder with
 * atlas.sum), Liquibase formatted SQL, sqitch (deploy/ scripts in sqitch.plan order), numbered files
 * (001_init.sql), and schema dumps (structure.sql, schema.sql). The schemaFiles setting (ordered globs) replaces
 * detection when set.
 */
import picomatch from 'picomatch';
import type { MigrationToolId } from './tools';
import { sqitchDeployScripts } from './sqitch-plan';

/** A migration tool, or a schema dump (applied with the migrations, in path order within its folder). */
export type MigrationTool = MigrationToolId | 'schema-dump';

export interface MigrationInput {
  /** Workspace-relative path with `/` separators. */
  readonly path: string;
  /** The text, needed for sqitch.plan, and to recognise dbmate and Liquibase files. */
  readonly text?: string;
}

export interface OrderedSchemaFile {
  readonly path: string;
  readonly tool: MigrationTool;
  /** The version the order was taken from, as written (`1.1`, `20240108234540`). */
  readonly version?: string;
}

export interface IgnoredFile {
  readonly path: string;
  readonly reason: string;
  /** A down (rollback) migration of this tool: it runs only when migrating down. */
  readonly down?: MigrationToolId;
}

export interface MigrationOrder {
  readonly files: readonly OrderedSchemaFile[];
  readonly ignored: readonly IgnoredFile[];
}

export interface MigrationOrderOptions {
  /** pgArchitect.schemaFiles: globs in order; files matching an earlier glob come first. */
  readonly schemaFiles?: readonly string[];
}

interface Candidate {
  readonly file: OrderedSchemaFile;
  /** Files of one migration folder sort together; folders sort by path. */
  readonly group: string;
  /** 0 versioned, 1 repeatable (Flyway R__ run after every versioned one). */
  readonly phase: number;
  readonly versionParts: readonly string[];
}

const FLYWAY = /^([VRU])(\d+(?:[._]\d+)*)?__(.+)\.sql$/;
const LEADING_VERSION = /^(\d+)(?:[_.-]|$)/;
const OTHER_DIALECT = /\.(mysql|sqlite3?|cockroach|mssql)\.up\.sql$/i;
const SCHEMA_DUMPS = new Set(['structure.sql', 'schema.sql']);

function dirname(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Numeric strings compared as numbers of any length: by length without leading zeros, then by digits. */
function compareNumeric(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareVersions(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareNumeric(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

const SUPABASE_AUTH = /\bauth\.(uid|users|jwt|role)\b/;

function classify(input: MigrationInput, markers: ReadonlySet<string>): Candidate | IgnoredFile {
  const { path, text } = input;
  const name = basename(path);
  const dir = dirname(path);
  const lower = name.toLowerCase();
  if (!lower.endsWith('.sql')) return { path, reason: 'not a SQL file' };
  const flyway = FLYWAY.exec(name);
  if (flyway) {
    if (flyway[1] === 'U') return { path, reason: 'Flyway undo migration', down: 'flyway' };
    if (flyway[1] === 'R') return { file: { path, tool: 'flyway' }, group: dir, phase: 1, versionParts: [] };
    if (flyway[2] !== undefined) return { file: { path, tool: 'flyway', version: flyway[2].replace(/_/g, '.') }, group: dir, phase: 0, versionParts: flyway[2].split(/[._]/) };
  }
  if (OTHER_DIALECT.test(lower) || OTHER_DIALECT.test(lower.replace(/\.down\.sql$/, '.up.sql'))) return { path, reason: 'migration for another database' };
  const dialect = /\.postgres(ql)?\.(up|down)\.sql$/.test(lower);
  if (/(^|[._-])down\.sql$/i.test(lower)) {
    const tool: MigrationToolId = dialect ? 'pop' : lower === 'down.sql' ? 'hasura' : LEADING_VERSION.test(name) ? 'golang-migrate' : 'numbered';
    return { path, reason: 'down migration', down: tool };
  }
  // Prisma and Hasura: the version is the folder's, one folder per migration.
  if (lower === 'migration.sql' || lower === 'up.sql') {
    const folder = basename(dir);
    const m = LEADING_VERSION.exec(folder);
    if (m) return { file: { path, tool: lower === 'up.sql' ? 'hasura' : 'prisma', version: m[1] }, group: dirname(dir), phase: 0, versionParts: [m[1]] };
  }
  if (text !== undefined && /^\s*--\s*liquibase\s+formatted\s+sql/i.test(text)) {
    const m = LEADING_VERSION.exec(name);
    return { file: { path, tool: 'liquibase', ...(m ? { version: m[1] } : {}) }, group: dir, phase: 0, versionParts: m ? [m[1]] : [] };
  }
  const m = LEADING_VERSION.exec(name);
  if (m) {
    const tool = versionedTool(path, lower, dialect, text, markers);
    return { file: { path, tool, version: m[1] }, group: dir, phase: 0, versionParts: [m[1]] };
  }
  if (SCHEMA_DUMPS.has(lower)) return { file: { path, tool: 'schema-dump' }, group: dir, phase: 0, versionParts: [] };
  return { path, reason: 'not a migration; list it in schemaFiles to apply it' };
}

/** The tool of a file named `<version>_name...`: by its markers, its folder, its suffix. */
function versionedTool(path: string, lower: string, dialect: boolean, text: string | undefined, markers: ReadonlySet<string>): MigrationToolId {
  if (lower.endsWith('.up.sql')) return dialect ? 'pop' : 'golang-migrate';
  if (text !== undefined) {
    if (/^--\s*\+goose\s+up\b/im.test(text)) return 'goose';
    if (/^--\s*migrate:up\b/im.test(text)) return 'dbmate';
    if (/^--\s*up\s+migration\b/im.test(text)) return 'node-pg-migrate';
  }
  const dir = dirname(path);
  if (markers.has(dir === '' ? 'atlas.sum' : `${dir}/atlas.sum`)) return 'atlas';
  if (/(^|\/)supabase\/migrations$/.test(dir)) return 'supabase';
  return 'numbered';
}

function byOrder(a: Candidate, b: Candidate): number {
  if (a.group !== b.group) return a.group < b.group ? -1 : 1;
  if (a.phase !== b.phase) return a.phase - b.phase;
  const v = compareVersions(a.versionParts, b.versionParts);
  if (v !== 0) return v;
  return a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0;
}

/** Natural order of paths: digit runs compare as numbers. */
function naturalCompare(a: string, b: string): number {
  const split = (s: string): string[] => s.split(/(\d+)/);
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    const numeric = /^\d+$/.test(x[i]) && /^\d+$/.test(y[i]);
    return numeric ? compareNumeric(x[i], y[i]) || (x[i] < y[i] ? -1 : 1) : x[i] < y[i] ? -1 : 1;
  }
  return x.length - y.length;
}

function configuredOrder(inputs: readonly MigrationInput[], globs: readonly string[]): MigrationOrder {
  const taken = new Set<string>();
  const files: OrderedSchemaFile[] = [];
  for (const glob of globs) {
    const matches = picomatch(glob, { dot: true });
    const hits = inputs.map((i) => i.path).filter((p) => !taken.has(p) && matches(p)).sort(naturalCompare);
    for (const path of hits) {
      taken.add(path);
      files.push({ path, tool: 'configured' });
    }
  }
  const ignored = inputs.filter((i) => !taken.has(i.path)).map((i) => ({ path: i.path, reason: 'not matched by pgArchitect.schemaFiles' }));
  return { files, ignored };
}

export function orderMigrations(inputs: readonly MigrationInput[], options: MigrationOrderOptions = {}): MigrationOrder {
  if (options.schemaFiles && options.schemaFiles.length > 0) return configuredOrder(inputs, options.schemaFiles);
  const files: OrderedSchemaFile[] = [];
  const ignored: IgnoredFile[] = [];
  // sqitch: a plan decides the order of the deploy scripts beside it; revert/ and verify/ never apply.
  const claimed = new Set<string>();
  const available = new Set(inputs.map((i) => i.path));
  for (const plan of inputs.filter((i) => basename(i.path) === 'sqitch.plan' && i.text !== undefined)) {
    const root = dirname(plan.path);
    for (const script of sqitchDeployScripts(plan.text!, root)) {
      if (!available.has(script.path)) {
        ignored.push({ path: script.path, reason: `listed in ${plan.path} but not in the workspace` });
        continue;
      }
      files.push({ path: script.path, tool: 'sqitch', version: script.change });
      claimed.add(script.path);
    }
    const prefix = root === '' ? '' : `${root}/`;
    for (const input of inputs) {
      if (claimed.has(input.path) || !input.path.startsWith(prefix)) continue;
      const rest = input.path.slice(prefix.length);
      if (/^(deploy|revert|verify)\//.test(rest) && rest.endsWith('.sql')) {
        claimed.add(input.path);
        ignored.push({ path: input.path, reason: rest.startsWith('deploy/') ? `not in ${plan.path}` : 'sqitch revert/verify script', ...(rest.startsWith('revert/') ? { down: 'sqitch' as const } : {}) });
      }
    }
  }
  const candidates: Candidate[] = [];
  const texts = new Map(inputs.map((i) => [i.path, i.text]));
  const markers = new Set(inputs.filter((i) => !i.path.toLowerCase().endsWith('.sql')).map((i) => i.path));
  for (const input of inputs) {
    if (claimed.has(input.path) || markers.has(input.path)) continue;
    const c = classify(input, markers);
    if ('reason' in c) ignored.push(c);
    else candidates.push(c);
  }
  // A folder of numbered files one of which uses Supabase's auth schema is a Supabase project's migrations.
  const supabaseFolders = new Set(candidates.filter((c) => c.file.tool === 'numbered' && SUPABASE_AUTH.test(texts.get(c.file.path) ?? '')).map((c) => c.group));
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (c.file.tool === 'numbered' && supabaseFolders.has(c.group)) candidates[i] = { ...c, file: { ...c.file, tool: 'supabase' } };
  }
  candidates.sort(byOrder);
  return { files: [...files, ...candidates.map((c) => c.file)], ignored };
}
