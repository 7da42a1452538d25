/**
 * A Session on the embedded PostgreSQL running in a worker thread (pglite-worker.ts), for a thread that must stay
 * responsive while PostgreSQL starts and runs (the editor's extension host). The same database as openPglite's,
 * the same data directory; only where PostgreSQL's code runs differs.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerValue } from './pglite-worker-protocol';
import type { QueryResult, Session } from './session';

/** The longest this thread waits for a reply without its event loop (a query longer than that is awaited as usual). */
const SYNC_WAIT_MS = 25;

type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** An error from the worker made an Error again, with PostgreSQL's fields (code, position, ...) on it. */
function asError(data: Record<string, unknown>): Error {
  const error = new Error(typeof data.message === 'string' ? data.message : 'the embedded PostgreSQL failed');
  for (const [key, value] of Object.entries(data)) if (key !== 'message' && key !== 'stack') (error as unknown as Record<string, unknown>)[key] = value;
  return error;
}

/**
 * Opens the embedded database in a new worker running `workerFile` (the bundled pglite-worker.js). `module`: where
 * the worker loads PGlite from. Rejects when it does not start; the worker is then gone.
 */
export async function openPgliteInWorker(workerFile: string, dataDir: string | undefined, options: { readonly module?: string; readonly extensions?: readonly string[] } = {}): Promise<Session> {
  const { port1: port, port2 } = new MessageChannel();
  const replies = new SharedArrayBuffer(4);
  const sent = new Int32Array(replies);
  const worker = new Worker(workerFile, { workerData: { port: port2, replies }, transferList: [port2] });
  const pending = new Map<number, { resolve(value: WorkerValue): void; reject(e: Error): void }>();
  let next = 0;
  let gone: Error | undefined;
  const fail = (e: Error): void => {
    gone ??= e;
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  const dispatch = (reply: WorkerReply): void => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(asError(reply.error));
  };
  port.on('message', dispatch);
  worker.on('error', (e) => fail(new Error(`the embedded PostgreSQL stopped: ${e.message}`)));
  worker.on('exit', (code) => fail(new Error(`the embedded PostgreSQL stopped (its worker exited with code ${code})`)));
  /**
   * Sends a request. `waitMs`: how long this thread waits for the reply without its event loop. A reply through the
   * event loop waits for every task queued before it, which in a busy extension host made each of an Explain's
   * dozen queries wait tens of milliseconds; the queries are short, so they are waited for here (up to SYNC_WAIT_MS,
   * then as usual). The start is long and never waited for this way.
   */
  const ask = (request: Request, waitMs = SYNC_WAIT_MS): Promise<WorkerValue> => {
    const answered = new Promise<WorkerValue>((resolve, reject) => {
      if (gone) return reject(gone);
      const id = next++;
      pending.set(id, { resolve, reject });
      let seen = Atomics.load(sent, 0);
      port.postMessage({ ...request, id });
      const until = performance.now() + waitMs;
      while (pending.has(id) && !gone) {
        const left = until - performance.now();
        if (left <= 0 || Atomics.wait(sent, 0, seen, left) === 'timed-out') break;
        seen = Atomics.load(sent, 0);
        for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) dispatch(m.message as WorkerReply);
      }
    });
    return answered;
  };
  let opened: WorkerValue;
  try {
    opened = await ask({ op: 'open', module: options.module ?? '@electric-sql/pglite', dataDir, ...(options.extensions ? { extensions: options.extensions } : {}) }, 0);
  } catch (e) {
    await worker.terminate();
    throw e;
  }
  return {
    kind: 'pglite',
    serverVersion: opened.serverVersion ?? 0,
    label: 'embedded PostgreSQL (PGlite)',
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<Row>> {
      const value = await ask({ op: 'query', sql, ...(params ? { params: [...params] } : {}) });
      return { rows: (value.rows ?? []) as Row[] };
    },
    // One statement at a time in the worker, and PostgreSQL's code does not stop mid-statement from outside.
    async cancel() {
      return 'idle' as const;
    },
    async close() {
      if (!gone) await ask({ op: 'close' }, 0).catch(() => undefined);
      gone ??= new Error('the embedded PostgreSQL was closed');
      await worker.terminate();
    },
    async snapshot() {
      const value = await ask({ op: 'snapshot' }, 0);
      return new Blob([value.snapshot ?? new ArrayBuffer(0)], { type: 'application/x-tar' });
    },
  };
}
