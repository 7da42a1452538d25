/**
 * The embedded PostgreSQL in a worker thread (bundled as dist/pglite-worker.js): PGlite runs PostgreSQL's code
 * synchronously, so in the thread that asked, its start (~0.3-1 s) and every statement block that thread's event loop.
 * The editor's extension host is shared by every extension and receives the language server's findings: it opens
 * the embedded database here instead (pglite-worker-session.ts). Requests are answered in order, one at a time.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import { openPglite, setPgliteModule, type PgliteOptions } from './pglite-session';
import type { Session } from './session';
import type { WorkerReply, WorkerRequest, WorkerValue } from './pglite-worker-protocol';

let session: Session | undefined;

/** An error as plain data: PostgreSQL's fields (code, position, detail, ...) travel with the message. */
function errorData(e: unknown): Record<string, unknown> {
  if (!(e instanceof Error)) return { message: String(e) };
  const out: Record<string, unknown> = { message: e.message, name: e.name };
  for (const [key, value] of Object.entries(e)) if (value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)) out[key] = value;
  return out;
}

async function answer(request: WorkerRequest): Promise<WorkerValue> {
  switch (request.op) {
    case 'open': {
      setPgliteModule(request.module);
      const options: PgliteOptions = request.extensions ? { extensions: request.extensions } : {};
      session = await openPglite(request.dataDir, options);
      return { serverVersion: session.serverVersion };
    }
    case 'query': {
      if (!session) throw new Error('the embedded PostgreSQL is not open');
      return { rows: (await session.query(request.sql, request.params)).rows };
    }
    case 'snapshot': {
      if (!session?.snapshot) throw new Error('the embedded PostgreSQL is not open');
      return { snapshot: await (await session.snapshot()).arrayBuffer() };
    }
    case 'close': {
      await session?.close();
      session = undefined;
      return {};
    }
  }
}

// The asking thread's port, and a counter of the replies sent that it can wait on without its event loop
// (pglite-worker-session.ts: a short query is answered as if PGlite ran in that thread).
const { port, replies } = workerData as { port: MessagePort; replies: SharedArrayBuffer };
const sent = new Int32Array(replies);
const send = (reply: WorkerReply, transfer: ArrayBuffer[] = []): void => {
  port.postMessage(reply, transfer);
  Atomics.add(sent, 0, 1);
  Atomics.notify(sent, 0);
};

let queue: Promise<unknown> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    try {
      const value = await answer(request);
      send({ id: request.id, ok: true, value }, value.snapshot ? [value.snapshot] : []);
    } catch (e) {
      send({ id: request.id, ok: false, error: errorData(e) });
    }
  });
});
