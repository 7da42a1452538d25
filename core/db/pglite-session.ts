/**
 * The embedded PostgreSQL (PGlite, PostgreSQL 18 in WASM) behind the Session interface. Its data directory
 * persists between runs, so only the first start pays for initdb. Loaded lazily: nothing else needs it.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { untar } from './untar';
import type { QueryResult, Session } from './session';
import { majorVersion } from './session';

/**
 * The initdb'd data directory the build makes (scripts/build.mjs), next to the bundles (or in dist/ when running
 * from source); undefined when absent. Read once.
 */
let templateBytes: ArrayBuffer | null | undefined;
function template(): ArrayBuffer | undefined {
  if (templateBytes === undefined) {
    const file = [join(__dirname, 'pglite-template.tar.gz'), join(__dirname, '..', '..', 'dist', 'pglite-template.tar.gz')].find((f) => existsSync(f));
    const bytes = file ? readFileSync(file) : undefined;
    templateBytes = bytes ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : null;
  }
  return templateBytes ?? undefined;
}

/** Starts new clusters from this template file instead (tests: one that does not fit, to prove the fallback). */
export function setPgliteTemplate(file: string | undefined): void {
  const bytes = file && existsSync(file) ? readFileSync(file) : undefined;
  templateBytes = bytes ? bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) : null;
}

/** A data directory that holds no cluster yet (absent, or empty). */
function freshDataDir(dataDir: string): boolean {
  try {
    return readdirSync(dataDir).length === 0;
  } catch {
    return true;
  }
}

interface PGliteLike {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[] }>;
  dumpDataDir(compression?: 'none' | 'gzip' | 'auto'): Promise<Blob>;
  close(): Promise<void>;
}

/** Where the PGlite package is (the extension ships it next to its bundles; elsewhere node resolution). */
let moduleSpecifier = '@electric-sql/pglite';
export function setPgliteModule(specifier: string): void {
  moduleSpecifier = specifier;
}

/**
 * PGlite's bundled extensions by the name CREATE EXTENSION uses (contrib, and pgvector), loaded only when asked for:
 * each adds its archive to the start. Missing ones (the .vsix leaves contrib out) are skipped: CREATE EXTENSION then
 * says it is not available.
 */
async function bundledExtensions(names: readonly string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(names.map((n) => n.toLowerCase().replace(/-/g, '_')))) {
    if (!/^[a-z0-9_]+$/.test(name)) continue;
    const path = name === 'vector' ? `${moduleSpecifier}/vector` : `${moduleSpecifier}/contrib/${name}`;
    try {
      const mod = (await import(path)) as Record<string, unknown>;
      if (mod[name]) out[name] = mod[name];
    } catch {
      // Not shipped here.
    }
  }
  return out;
}

export interface PgliteOptions {
  /** Extensions to load (CREATE EXTENSION's names): PGlite ships some, each loaded only when asked for. */
  readonly extensions?: readonly string[];
  /** In memory only: start from this snapshot (a Session's `snapshot()`) instead of a new cluster. */
  readonly from?: Blob;
}

/**
 * PGlite's start parameters with a smaller buffer pool. Its default, 128 MB, is allocated and zeroed at each start:
 * measured, shared_buffers = 16MB starts an existing cluster in ~270 ms instead of ~350 and holds ~160 MiB RSS
 * instead of ~290. The embedded database holds schemas and plans, not data, and the planner does not look at it.
 */
const SHARED_BUFFERS = '16MB';
function startParams(defaults: readonly string[] | undefined): string[] | undefined {
  return defaults ? [...defaults, '-c', `shared_buffers=${SHARED_BUFFERS}`] : undefined;
}

export async function openPglite(dataDir: string | undefined, options: PgliteOptions = {}): Promise<Session> {
  // A new cluster starts from the build's initdb'd template (initdb is most of a cold start): written to the data
  // directory with node:fs, or handed to PGlite as a plain tar for one in memory. If the template does not fit this
  // PGlite, the cluster is made the usual way.
  const seed = options.from === undefined && (dataDir === undefined || freshDataDir(dataDir)) ? template() : undefined;
  const mod = (await import(moduleSpecifier)) as { PGlite: { defaultStartParams?: readonly string[]; create(options: { dataDir?: string; extensions?: Record<string, unknown>; loadDataDir?: Blob; startParams?: string[] }): Promise<PGliteLike> } };
  const extensions = options.extensions && options.extensions.length > 0 ? await bundledExtensions(options.extensions) : {};
  const params = startParams(mod.PGlite.defaultStartParams);
  const base = { ...(dataDir ? { dataDir } : {}), ...(Object.keys(extensions).length > 0 ? { extensions } : {}), ...(params ? { startParams: params } : {}) };
  let db: PGliteLike;
  try {
    // Synchronous: zlib's asynchronous gunzip hands each 16 kB back through the event loop, which in a busy
    // extension host took 430 ms instead of 80.
    const archive = seed ? gunzipSync(seed) : undefined;
    const written = archive && dataDir ? untar(archive, dataDir) : undefined;
    if (written && 'error' in written) throw new Error(written.error);
    const loadDataDir = options.from && !dataDir ? options.from : archive && !dataDir ? new Blob([archive], { type: 'application/x-tar' }) : undefined;
    db = await mod.PGlite.create({ ...base, ...(loadDataDir ? { loadDataDir } : {}) });
  } catch (e) {
    if (!seed) throw e;
    if (dataDir) for (const entry of readdirSync(dataDir)) rmSync(join(dataDir, entry), { recursive: true, force: true });
    db = await mod.PGlite.create(base);
  }
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
    snapshot() {
      return db.dumpDataDir('none');
    },
  };
}
