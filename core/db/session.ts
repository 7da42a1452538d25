/**
 * One interface over the databases we talk to — a PostgreSQL server through node-postgres, or the embedded
 * PGlite — so explain, introspection and the advisors run on either. The only part of core that does I/O with
 * databases; analysis modules never import it.
 */
import type { CancelOutcome } from './errors';

export type { CancelOutcome } from './errors';

export interface QueryResult<Row = Record<string, unknown>> {
  readonly rows: readonly Row[];
}

export interface Session {
  readonly kind: 'postgres' | 'pglite';
  /** Server major version (e.g. 15, 18). */
  readonly serverVersion: number;
  /** A label for messages: user@host:port/db (never the password), or "embedded PostgreSQL". */
  readonly label: string;
  /**
   * Runs exactly one statement, over the extended query protocol (Parse/Bind/Execute), so the server itself
   * rejects text holding more than one. User SQL reaches a server through this method only.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>>;
  /**
   * Cancels the statement running on this session, on the server, and resolves when it ended there (or could
   * not be reached: a connection that does not answer the cancel is given up, so nothing keeps waiting on it).
   */
  cancel(): Promise<CancelOutcome>;
  close(): Promise<void>;
  /**
   * The embedded database only: its data directory as it is now (a tar), to start another one from (openPglite's
   * `from`). Outside any transaction.
   */
  snapshot?(): Promise<Blob>;
}

/** Major version from server_version_num (150018 -> 15, 90624 -> 9). */
export function majorVersion(versionNum: number): number {
  return Math.floor(versionNum / 10000);
}
