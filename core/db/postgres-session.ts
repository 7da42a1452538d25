/**
 * A PostgreSQL server through node-postgres: connection timeouts, sslmode as libpq reads it (prefer retries
 * without TLS when the server has none), a statement timeout, cancellation on the server (pg_cancel_backend from
 * a second, short connection), and every failure classified and redacted.
 */
import { readFileSync } from 'node:fs';
import { Client, type ClientConfig, type QueryConfig as PgQueryConfig } from 'pg';
import { classifyFailure, type DatabaseFailure } from './errors';
import { majorVersion, type QueryResult, type Session } from './session';

/** node-postgres reads `queryMode` ('extended' forces Parse/Bind/Execute); its type definitions lack it. */
type QueryConfig = PgQueryConfig & { readonly queryMode: 'extended' };

export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full';

export interface ConnectionOptions {
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
  readonly sslmode?: SslMode;
  readonly sslrootcert?: string;
  readonly sslcert?: string;
  readonly sslkey?: string;
  readonly applicationName?: string;
  readonly connectTimeoutMs?: number;
  /** Applied to every statement of the session (0 = none). */
  readonly statementTimeoutMs?: number;
}

export type ConnectResult = { readonly session: Session } | { readonly failure: DatabaseFailure };

/** user@host:port/database, never the password. */
export function describeTarget(o: ConnectionOptions): string {
  return `${o.user ?? 'postgres'}@${o.host ?? 'localhost'}:${o.port ?? 5432}/${o.database ?? o.user ?? 'postgres'}`;
}

function sslConfig(o: ConnectionOptions, useTls: boolean): ClientConfig['ssl'] {
  if (!useTls) return false;
  const read = (path: string | undefined): string | undefined => (path ? readFileSync(path, 'utf8') : undefined);
  const verify = o.sslmode === 'verify-ca' || o.sslmode === 'verify-full';
  return {
    rejectUnauthorized: verify,
    ...(o.sslrootcert ? { ca: read(o.sslrootcert) } : {}),
    ...(o.sslcert ? { cert: read(o.sslcert) } : {}),
    ...(o.sslkey ? { key: read(o.sslkey) } : {}),
    // verify-ca checks the chain, not the host name.
    ...(o.sslmode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
  };
}

function clientConfig(o: ConnectionOptions, useTls: boolean): ClientConfig {
  return {
    host: o.host ?? 'localhost',
    port: o.port ?? 5432,
    database: o.database ?? o.user ?? 'postgres',
    user: o.user ?? 'postgres',
    password: o.password,
    ssl: sslConfig(o, useTls),
    application_name: o.applicationName ?? 'pg-architect',
    connectionTimeoutMillis: o.connectTimeoutMs ?? 10_000,
    ...(o.statementTimeoutMs ? { statement_timeout: o.statementTimeoutMs } : {}),
  };
}

async function open(o: ConnectionOptions, useTls: boolean): Promise<Client> {
  const client = new Client(clientConfig(o, useTls));
  // A dropped connection emits 'error' on the client; without a listener Node would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw e;
  }
  return client;
}

export async function connectPostgres(o: ConnectionOptions): Promise<ConnectResult> {
  const target = describeTarget(o);
  // node-postgres falls back to PGPASSWORD by itself, so that password must be redacted too.
  const secrets = [o.password, process.env.PGPASSWORD].filter((s): s is string => !!s);
  const mode = o.sslmode ?? 'prefer';
  let client: Client;
  try {
    if (mode === 'disable') client = await open(o, false);
    else if (mode === 'allow') client = await open(o, false).catch(() => open(o, true));
    else if (mode === 'prefer') client = await open(o, true).catch((e: Error) => (/does not support SSL/i.test(e.message) ? open(o, false) : Promise.reject(e)));
    else client = await open(o, true);
  } catch (e) {
    return { failure: classifyFailure(e, target, secrets) };
  }
  let serverVersion = 0;
  try {
    const r = await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
    serverVersion = majorVersion(Number(r.rows[0].v));
  } catch (e) {
    await client.end().catch(() => undefined);
    return { failure: classifyFailure(e, target, secrets) };
  }
  const pid = (client as unknown as { processID?: number }).processID;
  const session: Session = {
    kind: 'postgres',
    serverVersion,
    label: target,
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      try {
        // The extended protocol, always: the server accepts exactly one statement per Parse message, so text
        // that it reads differently from our parser (standard_conforming_strings = off, say) can never smuggle
        // a second statement past our one-statement check.
        const r = await client.query({ text: sql, values: params ? [...params] : [], queryMode: 'extended' } as QueryConfig);
        return { rows: r.rows as Row[] };
      } catch (e) {
        const failure = classifyFailure(e, target, secrets);
        throw Object.assign(new Error(failure.message), { failure });
      }
    },
    async cancel() {
      if (pid === undefined) return;
      const other = await open(o, mode !== 'disable' && mode !== 'allow').catch(() => open(o, false)).catch(() => undefined);
      if (!other) return;
      try {
        await other.query('SELECT pg_cancel_backend($1)', [pid]);
      } finally {
        await other.end().catch(() => undefined);
      }
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
  return { session };
}

/** The failure carried by an error thrown from Session.query, if any. */
export function failureOf(e: unknown): DatabaseFailure | undefined {
  return (e as { failure?: DatabaseFailure } | undefined)?.failure;
}
