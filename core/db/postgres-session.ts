/**
 * A PostgreSQL server through node-postgres: connection timeouts, sslmode as libpq reads it (prefer retries
 * without TLS when the server has none), a statement timeout, cancellation on the server (pg_cancel_backend from
 * a second, short connection), and every failure classified and redacted.
 *
 * Nothing waits forever on a connection that stopped forwarding (a network partition): the connection and its
 * first answer are bounded by the connect timeout, each statement by the statement_timeout the server applies plus
 * a grace (deadline.ts), and TCP keepalive reports a peer gone silent. On expiry, or when a cancel gets no answer,
 * the session is given up: its backend is terminated through a second connection (bounded too; that ends the
 * statement and its transaction, and frees its locks), the socket is destroyed, and every statement then fails
 * with one message saying whether the query was stopped on the server.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type { Client, ClientConfig, QueryConfig as PgQueryConfig } from 'pg';
import { classifyFailure, failureOf, noAnswerFailure, type CancelOutcome, type DatabaseFailure } from './errors';
import { deadlineAfter, durationMs, StatementTimeoutMirror } from './deadline';
import { majorVersion, type QueryResult, type Session } from './session';

export { failureOf } from './errors';

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

/** TCP keepalive: the system probes a connection silent this long, and reports a peer that stopped answering. */
const KEEPALIVE_IDLE_MS = 10_000;
/** The whole of a cancel through a second connection: connecting, asking, the answer. */
const CANCEL_DEADLINE_MS = 5_000;
/** After the server confirmed a cancel, the statement's own connection answers at once, unless it is dead. */
const CANCEL_ANSWER_MS = 3_000;
/** Closing waits this long for the server to acknowledge before the socket is destroyed. */
const CLOSE_DEADLINE_MS = 2_000;

function connectTimeoutOf(o: ConnectionOptions): number {
  return o.connectTimeoutMs ?? 10_000;
}

/** The node-postgres internals a deadline needs: the socket (a TLS one once upgraded). */
/**
 * node-postgres, loaded on the first connection: most runs (lint, the language server's start) never connect, and
 * loading it costs ~25 ms of every start.
 */
function pg(): typeof import('pg') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('pg') as typeof import('pg');
}

function socketOf(client: Client): Socket {
  return (client as unknown as { connection: { stream: Socket } }).connection.stream;
}

/** Drops a connection without a goodbye: over a partition the goodbye would wait forever. */
function destroy(client: Client): void {
  socketOf(client).destroy();
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
    connectionTimeoutMillis: connectTimeoutOf(o),
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
    ...(o.statementTimeoutMs ? { statement_timeout: Math.max(1, Math.round(o.statementTimeoutMs)) } : {}),
  };
}

async function open(o: ConnectionOptions, useTls: boolean): Promise<Client> {
  const client = new (pg().Client)(clientConfig(o, useTls));
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

/** What a second connection needs to stop a session's backend, and only that one (a pid can be reused). */
interface Backend {
  readonly pid: number;
  /** pg_stat_activity.backend_start as text; null where it could not be read. */
  readonly started: string | null;
}

/** How to open another connection like a session's own: the same options and the same TLS choice. */
interface Link {
  readonly options: ConnectionOptions;
  readonly useTls: boolean;
  readonly target: string;
  readonly secrets: readonly string[];
}

function failed(failure: DatabaseFailure): Error {
  return Object.assign(new Error(failure.message), { failure });
}

/** `work`, or an error after `ms` (then `onExpiry` runs, to destroy what `work` waits on). */
async function within<T>(work: Promise<T>, ms: number, onExpiry: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onExpiry();
      reject(new Error('timeout expired'));
    }, ms);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Cancels the backend's statement (or terminates the backend) from a second connection, all of it within
 * CANCEL_DEADLINE_MS. 'cancelled' also when the backend is gone already: nothing of it runs any more.
 */
async function signalBackend(link: Link, backend: Backend, signal: 'cancel' | 'terminate'): Promise<CancelOutcome> {
  const o: ConnectionOptions = { ...link.options, connectTimeoutMs: CANCEL_DEADLINE_MS, statementTimeoutMs: CANCEL_DEADLINE_MS, applicationName: `${link.options.applicationName ?? 'pg-architect'} (cancel)` };
  const other = new (pg().Client)(clientConfig(o, link.useTls));
  other.on('error', () => undefined);
  const fn = signal === 'cancel' ? 'pg_cancel_backend' : 'pg_terminate_backend';
  try {
    const asked = (async () => {
      await other.connect();
      return other.query<{ ok: boolean }>(
        `SELECT pg_catalog.${fn}(pid) AS ok FROM pg_catalog.pg_stat_activity WHERE pid = $1 AND ($2::timestamptz IS NULL OR backend_start = $2::timestamptz)`,
        [backend.pid, backend.started],
      );
    })();
    asked.catch(() => undefined);
    const r = await within(asked, CANCEL_DEADLINE_MS, () => destroy(other));
    return r.rows.length === 0 || r.rows[0].ok === true ? 'cancelled' : 'unreachable';
  } catch {
    return 'unreachable';
  } finally {
    // A goodbye where the server answers (no "unexpected EOF" in its log), else the socket is destroyed.
    await within(other.end(), CLOSE_DEADLINE_MS, () => destroy(other)).catch(() => undefined);
  }
}

/** A network error that means the peer stopped answering (TCP keepalive or retransmissions gave up). */
function isSilentPeer(e: unknown): boolean {
  const code = (e as { code?: unknown } | undefined)?.code;
  return code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
}

interface Running {
  readonly started: number;
  /** Settles when the server answered (either way). */
  readonly answered: Promise<void>;
  giveUp(failure: DatabaseFailure): void;
}

class PostgresSession implements Session {
  readonly kind = 'postgres';
  /** Statements run one after another, so that each deadline counts from when its statement was sent. */
  private queue: Promise<unknown> = Promise.resolve();
  private running: Running | undefined;
  /** Set once the connection was given up: the failure every later statement gets. */
  private gone: DatabaseFailure | undefined;
  private dropping: Promise<CancelOutcome> | undefined;
  private lastAnswer = Date.now();

  constructor(
    private readonly client: Client,
    private readonly link: Link,
    private readonly backend: Backend | undefined,
    private readonly timeouts: StatementTimeoutMirror,
    readonly serverVersion: number,
  ) {
    // Any byte from the server proves the connection alive: deadlines measure silence, not work.
    socketOf(client).on('data', () => {
      this.lastAnswer = Date.now();
    });
  }

  get label(): string {
    return this.link.target;
  }

  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    const next = this.queue.then(() => this.run<Row>(sql, params));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async run<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
    if (this.gone) throw failed(this.gone);
    const started = Date.now();
    const deadlineMs = deadlineAfter(this.timeouts.currentMs);
    // The extended protocol, always: the server accepts exactly one statement per Parse message, so text
    // that it reads differently from our parser (standard_conforming_strings = off, say) can never smuggle
    // a second statement past our one-statement check.
    const answer = this.client.query({ text: sql, values: params ? [...params] : [], queryMode: 'extended' } as QueryConfig);
    const answered = answer.then(
      () => undefined,
      () => undefined,
    );
    let giveUp: (failure: DatabaseFailure) => void = () => undefined;
    const givenUp = new Promise<never>((_, reject) => {
      giveUp = (failure) => reject(failed(failure));
    });
    this.running = { started, answered, giveUp };
    let timer: NodeJS.Timeout | undefined;
    const watch = (): void => {
      const silentMs = Date.now() - Math.max(started, this.lastAnswer);
      if (silentMs >= deadlineMs) void this.drop(deadlineMs);
      else timer = setTimeout(watch, deadlineMs - silentMs);
    };
    if (deadlineMs > 0) timer = setTimeout(watch, deadlineMs);
    try {
      const r = await Promise.race([answer, givenUp]);
      this.timeouts.observe(sql);
      return { rows: r.rows as Row[] };
    } catch (e) {
      if (failureOf(e)) throw e;
      if (isSilentPeer(e)) {
        await this.drop(Date.now() - started);
        throw failed(this.gone ?? classifyFailure(e, this.label, this.link.secrets));
      }
      throw failed(classifyFailure(e, this.label, this.link.secrets));
    } finally {
      clearTimeout(timer);
      this.running = undefined;
    }
  }

  /**
   * Gives the connection up: the backend terminated through a second connection (unless the server is known
   * to be unreachable), then the socket destroyed, so the statement waiting on it fails at once.
   */
  private drop(waitedMs: number, known?: CancelOutcome): Promise<CancelOutcome> {
    this.dropping ??= (async () => {
      const outcome = known ?? (this.backend ? await signalBackend(this.link, this.backend, 'terminate') : 'unreachable');
      this.gone = noAnswerFailure(this.label, waitedMs, outcome);
      destroy(this.client);
      this.running?.giveUp(this.gone);
      return outcome;
    })();
    return this.dropping;
  }

  async cancel(): Promise<CancelOutcome> {
    const running = this.running;
    if (!running) return 'idle';
    if (this.dropping) return this.dropping;
    const asked = this.backend ? await signalBackend(this.link, this.backend, 'cancel') : 'unreachable';
    // No way to the server: the statement's own connection is most likely dead too; stop waiting on it.
    if (asked === 'unreachable') return this.drop(Date.now() - running.started, 'unreachable');
    // The server cancelled it: its answer (an error) comes at once over a live connection.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), CANCEL_ANSWER_MS);
    });
    const silent = await Promise.race([running.answered.then(() => false), late]);
    clearTimeout(timer);
    return silent ? this.drop(Date.now() - running.started) : 'cancelled';
  }

  async close(): Promise<void> {
    await within(this.client.end(), CLOSE_DEADLINE_MS, () => destroy(this.client)).catch(() => undefined);
  }
}

/** Opens the connection as sslmode says; which TLS choice worked, for the second connections of cancels. */
async function negotiate(o: ConnectionOptions): Promise<{ client: Client; useTls: boolean }> {
  const mode = o.sslmode ?? 'prefer';
  const plain = async (): Promise<{ client: Client; useTls: boolean }> => ({ client: await open(o, false), useTls: false });
  const tls = async (): Promise<{ client: Client; useTls: boolean }> => ({ client: await open(o, true), useTls: true });
  if (mode === 'disable') return plain();
  if (mode === 'allow') return plain().catch(tls);
  if (mode === 'prefer') return tls().catch((e: Error) => (/does not support SSL/i.test(e.message) ? plain() : Promise.reject(e)));
  return tls();
}

interface Identity {
  v: string;
  timeout: string;
  pid: number;
  started: string | null;
}

export async function connectPostgres(o: ConnectionOptions): Promise<ConnectResult> {
  const target = describeTarget(o);
  // node-postgres falls back to PGPASSWORD by itself, so that password must be redacted too.
  const secrets = [o.password, process.env.PGPASSWORD].filter((s): s is string => !!s);
  let opened: { client: Client; useTls: boolean };
  try {
    opened = await negotiate(o);
  } catch (e) {
    return { failure: classifyFailure(e, target, secrets) };
  }
  const { client, useTls } = opened;
  let identity: Identity;
  try {
    // The first answer is bounded like the connection itself.
    const asked = client.query<Identity>(
      `SELECT current_setting('server_version_num') AS v, current_setting('statement_timeout') AS timeout, pg_catalog.pg_backend_pid() AS pid,
        (SELECT backend_start::text FROM pg_catalog.pg_stat_activity WHERE pid = pg_catalog.pg_backend_pid()) AS started`,
    );
    asked.catch(() => undefined);
    identity = (await within(asked, connectTimeoutOf(o), () => destroy(client))).rows[0];
  } catch (e) {
    await within(client.end(), CLOSE_DEADLINE_MS, () => destroy(client)).catch(() => undefined);
    return { failure: classifyFailure(e, target, secrets) };
  }
  const backend: Backend = { pid: Number(identity.pid), started: identity.started };
  const timeouts = new StatementTimeoutMirror(durationMs(identity.timeout) ?? o.statementTimeoutMs ?? 0);
  const session = new PostgresSession(client, { options: o, useTls, target, secrets }, backend, timeouts, majorVersion(Number(identity.v)));
  return { session };
}
