/**
 * The embedded PostgreSQL (PGlite, PostgreSQL 18 in WASM) behind the Session interface. Its data directory
 * persists between runs, so only the first start pays for initdb. Loaded lazily: nothing else needs it.
 */
import type { QueryResult, Session } from './session';
import { majorVersion } from './session';

interface PGliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  close(): Promise<void>;
}

/** Where the PGlite package is (the extension ships it next to its bundles; elsewhere node resolution). */
let moduleSpecifier = '@electric-sql/pglite';
export function setPgliteModule(specifier: string): void {
  moduleSpecifier = specifier;
}

export async function openPglite(dataDir: string | undefined): Promise<Session> {
  const mod = (await import(moduleSpecifier)) as { PGlite: { create(options: { dataDir?: string }): Promise<PGliteLike> } };
  const db = await mod.PGlite.create(dataDir ? { dataDir } : {});
  const version = await db.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
  return {
    kind: 'pglite',
    serverVersion: majorVersion(Number(version.rows[0].v)),
    label: 'embedded PostgreSQL (PGlite)',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      // PGlite's query() is the extended protocol: one statement, whatever the text holds.
      const r = await db.query<Row>(sql, params ? [...params] : []);
      return { rows: r.rows };
    },
    // PGlite runs in this process, one statement at a time: there is nothing to cancel from outside.
    async cancel() {
      return 'idle' as const;
    },
    async close() {
      await db.close();
    },
  };
}
