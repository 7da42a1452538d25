/**
 * A Session on the embedded PostgreSQL running in a worker thread (pglite-worker.ts), for a thread that must stay
 * responsive while PostgreSQL starts and runs (the editor's extension host). The same database as openPglite's,
 * the same data directory; only where PostgreSQL's code runs differs.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest, WorkerValue } from './pglite-worker-protocol';
import type { QueryResult, Session } from './session';

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
  const worker = new Worker(workerFile);
  const pending = new Map<number, { resolve(value: WorkerValue): void; reject(e: Error): void }>();
  let next = 0;
  let gone: Error | undefined;
  const fail = (e: Error): void => {
    gone ??= e;
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  worker.on('message', (reply: WorkerReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve(reply.value);
    else p.reject(asError(reply.error));
  });
  worker.on('error', (e) => fail(new Error(`the embedded PostgreSQL stopped: ${e.message}`)));
  worker.on('exit', (code) => fail(new Error(`the embedded PostgreSQL stopped (its worker exited with code ${code})`)));
  const ask = (request: Request): Promise<WorkerValue> =>
    new Promise((resolve, reject) => {
      if (gone) return reject(gone);
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  let opened: WorkerValue;
  try {
    opened = await ask({ op: 'open', module: options.module ?? '@electric-sql/pglite', dataDir, ...(options.extensions ? { extensions: options.extensions } : {}) });
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
      if (!gone) await ask({ op: 'close' }).catch(() => undefined);
      gone ??= new Error('the embedded PostgreSQL was closed');
      await worker.terminate();
    },
    async snapshot() {
      const value = await ask({ op: 'snapshot' });
      return new Blob([value.snapshot ?? new ArrayBuffer(0)], { type: 'application/x-tar' });
    },
  };
}
