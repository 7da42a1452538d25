/**
 * A database's catalog as the extension hands it to the language server: the notification's name and payload,
 * and the server's reading of it. The payload names the connection by its profile name only (no host, user or
 * password): the server neither needs nor gets anything that could open a connection.
 */
import type { Catalog } from './catalog';
import { deserializeCatalog, type SerializedCatalog } from './serialize';

/** Client -> server notification; `database: null` when the connection closed. */
export const DATABASE_CATALOG_NOTIFICATION = 'pgArchitect/databaseCatalog';

export interface DatabaseCatalogPayload {
  /** The connection profile's display name. */
  readonly name: string;
  /** Server major version. */
  readonly serverVersion: number;
  /** When the catalog was read (ISO 8601). */
  readonly readAt: string;
  readonly catalog: SerializedCatalog;
  /** Object kinds introspection could not read (permissions, an unexpected server), as messages. */
  readonly problems?: readonly string[];
}

export interface DatabaseCatalogParams {
  readonly database: DatabaseCatalogPayload | null;
}

/** The database catalog as the server keeps it. */
export interface DatabaseSnapshot {
  readonly name: string;
  readonly serverVersion: number;
  readonly readAt: string;
  readonly catalog: Catalog;
  /** Introspection problems reported by the client, then records the server could not read. */
  readonly problems: readonly string[];
}

export type ReadSnapshot = { readonly snapshot: DatabaseSnapshot | null } | { readonly error: string };

/** Validates the notification's params: a snapshot, null (disconnected), or why the params were refused. */
export function readDatabaseCatalogParams(params: unknown): ReadSnapshot {
  if (params === null || typeof params !== 'object' || !('database' in params)) return { error: 'the notification has no "database" field' };
  const database = (params as { database: unknown }).database;
  if (database === null) return { snapshot: null };
  if (typeof database !== 'object' || Array.isArray(database)) return { error: '"database" is neither an object nor null' };
  const d = database as Record<string, unknown>;
  if (typeof d.name !== 'string' || d.name.trim() === '') return { error: '"database.name" must be a non-empty string' };
  if (typeof d.readAt !== 'string') return { error: '"database.readAt" must be a string' };
  const serverVersion = typeof d.serverVersion === 'number' && Number.isFinite(d.serverVersion) ? d.serverVersion : 0;
  const read = deserializeCatalog(d.catalog);
  if ('error' in read) return { error: `"database.catalog": ${read.error}` };
  const reported = Array.isArray(d.problems) ? d.problems.filter((p): p is string => typeof p === 'string') : [];
  return { snapshot: { name: d.name, serverVersion, readAt: d.readAt, catalog: read.catalog, problems: [...reported, ...read.problems] } };
}
