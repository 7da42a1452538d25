/**
 * The embedded PostgreSQL in a worker thread (bundled as dist/pglite-worker.js): PGlite runs PostgreSQL's code
 * synchronously, so in the thread that asked, its start (~0.3-1 s) and every statement block that thread's event loop.
 * The editor's extension host is shared by every extension and receives the language server's findings: it opens
 * the embedded database here instead (pglite-worker-session.ts). Requests are answered in order, one at a time.
 */
import { parentPort } from 'node:worker_threads';
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

let queue: Promise<unknown> = Promise.resolve();
parentPort?.on('message', (request: WorkerRequest) => {
  queue = queue.then(async () => {
    try {
      const value = await answer(request);
      const reply: WorkerReply = { id: request.id, ok: true, value };
      parentPort?.postMessage(reply, value.snapshot ? [value.snapshot] : []);
    } catch (e) {
      const reply: WorkerReply = { id: request.id, ok: false, error: errorData(e) };
      parentPort?.postMessage(reply);
    }
  });
});
