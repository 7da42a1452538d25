/**
 * A Session on the embedded PostgreSQL running in a worker thread (pglite-worker.ts), for a thread that must stay
 * responsive while PostgreSQL starts and runs (the editor's extension host). The same database as openPglite's,
 * the same data directory; only where PostgreSQL's code runs differs. And a running statement can be cancelled:
 * the worker is stopped, and the next query starts the database again from its data directory.
 */
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { CancelOutcome } from './errors';
import { bundledFile } from '../runtime/bundled-file';
import { openPglite } from './pglite-session';
import type { WorkerReply, WorkerRequest, WorkerValue } from './pglite-worker-protocol';
import type { QueryResult, Session } from './session';

/** The longest this thread waits for a reply without its event loop (a query longer than that is awaited as usual). */
const SYNC_WAIT_MS = 25;

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface WorkerSessionOptions {
  /** Where the worker loads PGlite from (default: node resolution of @electric-sql/pglite). */
  readonly module?: string;
  readonly extensions?: readonly string[];
}

/** An error from the worker made an Error again, with PostgreSQL's fields (code, position, ...) on it. */
function asError(data: Record<string, unknown>): Error {
  const error = new Error(typeof data.message === 'string' ? data.message : 'the embedded PostgreSQL failed');
  for (const [key, value] of Object.entries(data)) if (key !== 'message' && key !== 'stack') (error as unknown as Record<string, unknown>)[key] = value;
  return error;
}

/** PostgreSQL's own words and SQLSTATE for a cancelled statement, so callers treat it as any cancel. */
function cancelledError(): Error {
  return Object.assign(new Error('canceling statement due to user request'), { code: '57014' });
}

/** One worker with PostgreSQL started in it, and the requests it has not answered yet. */
class WorkerDatabase {
  private readonly port: MessagePort;
  private readonly sent: Int32Array;
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(value: WorkerValue): void; reject(e: Error): void }>();
  private next = 0;
  private gone: Error | undefined;

  constructor(workerFile: string) {
    const { port1, port2 } = new MessageChannel();
    const replies = new SharedArrayBuffer(4);
    this.port = port1;
    this.sent = new Int32Array(replies);
    this.worker = new Worker(workerFile, { workerData: { port: port2, replies }, transferList: [port2] });
    this.port.on('message', (reply: WorkerReply) => this.dispatch(reply));
    this.worker.on('error', (e) => this.fail(new Error(`the embedded PostgreSQL stopped: ${e.message}`)));
    this.worker.on('exit', (code) => this.fail(new Error(`the embedded PostgreSQL stopped (its worker exited with code ${code})`)));
  }

  get busy(): boolean {
    return this.pending.size > 0;
  }

  private fail(e: Error): void {
    this.gone ??= e;
    for (const p of this.pending.values()) p.reject(this.gone);
    this.pending.clear();
  }

  private dispatch(reply: WorkerReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(asError(reply.error));
  }

  /**
   * Sends a request. `waitMs`: how long this thread waits for the reply without its event loop. A reply through the
   * event loop waits for every task queued before it, which in a busy extension host made each of an Explain's
   * dozen queries wait tens of milliseconds; the queries are short, so they are waited for here (up to SYNC_WAIT_MS,
   * then as usual). The start is long and never waited for this way.
   */
  ask(request: Request, waitMs = SYNC_WAIT_MS): Promise<WorkerValue> {
    return new Promise<WorkerValue>((resolve, reject) => {
      if (this.gone) return reject(this.gone);
      const id = this.next++;
      this.pending.set(id, { resolve, reject });
      let seen = Atomics.load(this.sent, 0);
      this.port.postMessage({ ...request, id });
      const until = performance.now() + waitMs;
      while (this.pending.has(id) && !this.gone) {
        const left = until - performance.now();
        if (left <= 0 || Atomics.wait(this.sent, 0, seen, left) === 'timed-out') break;
        seen = Atomics.load(this.sent, 0);
        for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) this.dispatch(m.message as WorkerReply);
      }
    });
  }

  /** Stops the worker; what it had not answered fails with `why`. */
  async stop(why: Error): Promise<void> {
    this.fail(why);
    this.port.close();
    await this.worker.terminate();
  }
}

async function start(workerFile: string, dataDir: string | undefined, options: WorkerSessionOptions): Promise<{ db: WorkerDatabase; serverVersion: number }> {
  const db = new WorkerDatabase(workerFile);
  try {
    const opened = await db.ask({ op: 'open', module: options.module ?? '@electric-sql/pglite', dataDir, ...(options.extensions ? { extensions: options.extensions } : {}) }, 0);
    return { db, serverVersion: opened.serverVersion ?? 0 };
  } catch (e) {
    await db.stop(e instanceof Error ? e : new Error(String(e)));
    throw e;
  }
}

/**
 * Opens the embedded database in a new worker running `workerFile` (the bundled pglite-worker.js). Rejects when it
 * does not start; the worker is then gone. With a data directory, a cancelled statement's worker is replaced on the
 * next query (what was committed is in the directory); in memory, a cancel ends the session.
 */
export async function openPgliteInWorker(workerFile: string, dataDir: string | undefined, options: WorkerSessionOptions = {}): Promise<Session> {
  const first = await start(workerFile, dataDir, options);
  let current: Promise<WorkerDatabase> = Promise.resolve(first.db);
  let closed: Error | undefined;
  const database = (): Promise<WorkerDatabase> => (closed ? Promise.reject(closed) : current);
  return {
    kind: 'pglite',
    serverVersion: first.serverVersion,
    label: 'embedded PostgreSQL (PGlite)',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const value = await (await database()).ask({ op: 'query', sql, ...(params ? { params: [...params] } : {}) });
      return { rows: (value.rows ?? []) as Row[] };
    },
    // PostgreSQL's code in the worker cannot be interrupted: the worker is stopped instead.
    async cancel(): Promise<CancelOutcome> {
      if (closed) return 'idle';
      const db = await current;
      if (!db.busy) return 'idle';
      await db.stop(cancelledError());
      if (dataDir === undefined) closed = new Error('the embedded PostgreSQL (in memory) was stopped to cancel a statement');
      else {
        current = start(workerFile, dataDir, options).then((s) => s.db);
        // A failed restart is said by the next query.
        current.catch(() => undefined);
      }
      return 'cancelled';
    },
    async close() {
      if (closed) return;
      closed = new Error('the embedded PostgreSQL was closed');
      const db = await current.catch(() => undefined);
      if (!db) return;
      await db.ask({ op: 'close' }, 0).catch(() => undefined);
      await db.stop(closed);
    },
    async snapshot() {
      const value = await (await database()).ask({ op: 'snapshot' }, 0);
      return new Blob([value.snapshot ?? new ArrayBuffer(0)], { type: 'application/x-tar' });
    },
  };
}

/**
 * How a long-lived process that must stay responsive (the extension host, the language server) opens an embedded
 * database: in a worker, from the bundled pglite-worker.js next to `bundleDir` (or in dist/ when running from
 * source); in this thread when there is none.
 */
export function embeddedOpener(bundleDir: string, options: WorkerSessionOptions = {}): (dataDir: string | undefined) => Promise<Session> {
  const workerFile = bundledFile(bundleDir, 'pglite-worker.js');
  return workerFile ? (dataDir) => openPgliteInWorker(workerFile, dataDir, options) : (dataDir) => openPglite(dataDir);
}
