/**
 * A history applied in a worker thread (bundled as dist/trace-worker.js), for the language server: PGlite never
 * returns to the event loop, so in the server's own thread its start and each statement held every request. One
 * request per worker (workerData), one reply; the worker then ends and its memory with it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { setPgliteModule } from '../db/pglite-session';
import { parseDocument } from '../parse/document';
import { initParser } from '../parse/parser';
import { applyTrace } from './project';
import { TraceSnapshots } from './snapshot';
import type { TraceWorkerReply, TraceWorkerRequest } from './trace-worker-protocol';

async function answer(request: TraceWorkerRequest): Promise<TraceWorkerReply> {
  await initParser();
  if (request.module) setPgliteModule(request.module);
  const files = request.files.map((f) => ({ path: f.path, document: parseDocument(f.text, f.id), sections: f.sections }));
  const snapshots = TraceSnapshots.from(request.snapshots);
  const trace = await applyTrace({ files, extensions: request.extensions, partialHistory: request.partialHistory }, { snapshots, ...(request.statementTimeoutMs ? { statementTimeoutMs: request.statementTimeoutMs } : {}) });
  return { ok: true, trace, snapshots: snapshots.data() };
}

void answer(workerData as TraceWorkerRequest)
  .catch((e: unknown): TraceWorkerReply => ({ ok: false, message: e instanceof Error ? e.message : String(e) }))
  .then((reply) => parentPort?.postMessage(reply));
