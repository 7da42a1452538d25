/**
 * The embedded default database: PGlite holding the workspace's schema. Kept in a data directory, so later
 * starts reuse it: unchanged files are not re-applied, files added at the end of the migration order are applied
 * on top, anything else (an edited or removed earlier file) rebuilds the schema from scratch.
 */
import { createHash } from 'node:crypto';
import { existsSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { openPglite } from './pglite-session';
import { schemaStatements, type SchemaFile } from './schema-replay';
import type { Session } from './session';

export interface EmbeddedProblem {
  readonly file: string;
  readonly message: string;
}

export interface EmbeddedDatabase {
  readonly session: Session;
  /** The data directory (undefined: in memory). */
  readonly dataDir: string | undefined;
  /** Schema statements that PostgreSQL rejected (a dump needing an extension PGlite lacks, say). */
  readonly problems: readonly EmbeddedProblem[];
  readonly filesApplied: number;
  readonly rebuilt: boolean;
  /** Table statistics were imported from a real server (plans then resemble production). */
  readonly statisticsImported: boolean;
  /** Where the time went: starting PostgreSQL (0 when it was open) and bringing the schema up to date. */
  readonly timing: { readonly startMs: number; readonly schemaMs: number };
}

const STATE = '_pg_architect';

function hash(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export async function openEmbedded(dataDir: string | undefined, files: readonly SchemaFile[], open: (dataDir: string | undefined) => Promise<Session> = openPglite): Promise<EmbeddedDatabase> {
  const started = performance.now();
  const session = await open(dataDir);
  const startMs = performance.now() - started;
  const synced = await syncSchema(session, files);
  return { session, dataDir, ...synced, timing: { startMs, schemaMs: synced.timing.schemaMs } };
}

/** Brings an open embedded database's schema up to date with the files (a hash check when nothing changed). */
export async function syncSchema(session: Session, files: readonly SchemaFile[]): Promise<Omit<EmbeddedDatabase, 'session' | 'dataDir'>> {
  const started = performance.now();
  await session.query(`CREATE SCHEMA IF NOT EXISTS ${STATE}`);
  await session.query(`CREATE TABLE IF NOT EXISTS ${STATE}.applied (position int PRIMARY KEY, path text NOT NULL, hash text NOT NULL)`);
  await session.query(`CREATE TABLE IF NOT EXISTS ${STATE}.facts (key text PRIMARY KEY, value text NOT NULL)`);
  const applied = (await session.query<{ path: string; hash: string }>(`SELECT path, hash FROM ${STATE}.applied ORDER BY position`)).rows;
  const hashes = files.map((f) => hash(f.text));
  let same = 0;
  while (same < applied.length && same < files.length && applied[same].path === files[same].path && applied[same].hash === hashes[same]) same++;
  const rebuilt = same < applied.length;
  if (rebuilt) {
    await wipe(session);
    same = 0;
  }
  const problems: EmbeddedProblem[] = [];
  for (let i = same; i < files.length; i++) {
    for (const sql of schemaStatements(files[i])) {
      try {
        await session.query(sql);
      } catch (e) {
        if (problems.length < 50) problems.push({ file: files[i].path, message: e instanceof Error ? e.message : String(e) });
      }
    }
    await session.query(`INSERT INTO ${STATE}.applied (position, path, hash) VALUES ($1, $2, $3)`, [i, files[i].path, hashes[i]]);
  }
  // No ANALYZE: analysed-empty tables make every estimate one row, while never-analysed ones get the
  // planner's ten-page guess, which gives plans closer to a real database's until statistics are imported.
  const imported = (await session.query<{ value: string }>(`SELECT value FROM ${STATE}.facts WHERE key = 'statistics-imported'`)).rows.length > 0;
  return { problems, filesApplied: files.length - same, rebuilt, statisticsImported: imported && !rebuilt, timing: { startMs: 0, schemaMs: performance.now() - started } };
}

/** Drops every schema but the system ones and our bookkeeping, and every extension but plpgsql. */
async function wipe(session: Session): Promise<void> {
  const schemas = await session.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', '${STATE}') AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast_temp%'`,
  );
  for (const s of schemas.rows) await session.query(`DROP SCHEMA "${s.nspname.replace(/"/g, '""')}" CASCADE`);
  const extensions = await session.query<{ extname: string }>("SELECT extname FROM pg_extension WHERE extname <> 'plpgsql'");
  for (const e of extensions.rows) await session.query(`DROP EXTENSION IF EXISTS "${e.extname.replace(/"/g, '""')}" CASCADE`);
  await session.query('CREATE SCHEMA IF NOT EXISTS public');
  await session.query(`DELETE FROM ${STATE}.applied`);
  await session.query(`DELETE FROM ${STATE}.facts`);
}

/** Marks the embedded database as holding production statistics (see import-statistics.ts). */
export async function markStatisticsImported(session: Session, source: string): Promise<void> {
  await session.query(`INSERT INTO ${STATE}.facts (key, value) VALUES ('statistics-imported', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [source]);
}

/**
 * Gives a relation's file the size the imported statistics describe, as a sparse file of zero pages (PostgreSQL
 * reads them as empty pages). The planner scales reltuples by the file's real size, so without this an empty
 * table keeps estimating zero rows whatever pg_class says. Never shrinks a file.
 */
export function relationSizer(dataDir: string): (relationPath: string, pages: number) => void {
  return (relationPath, pages) => {
    const file = join(dataDir, relationPath);
    const bytes = Math.min(pages, MAX_SPARSE_PAGES) * 8192;
    if (existsSync(file) && statSync(file).size < bytes) truncateSync(file, bytes);
  };
}

/** 2^24 pages = 128 GiB of sparse file at most: beyond that the estimate no longer changes plans. */
const MAX_SPARSE_PAGES = 1 << 24;
