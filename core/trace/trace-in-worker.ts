/**
 * traceProject for a process that must stay responsive (the language server): the project is read here
 * (traceInput), the history is applied in a worker thread (trace-worker.ts) that ends with the run, and what the
 * run keeps for the next one (TraceSnapshots) comes back as data.
 */
import { Worker } from 'node:worker_threads';
import type { Project } from '../project/project';
import { bundledFile } from '../runtime/bundled-file';
import type { ProjectTrace } from './model';
import { traceInput } from './project';
import type { TraceSnapshotsData } from './snapshot';
import type { TraceWorkerReply, TraceWorkerRequest } from './trace-worker-protocol';

/** The bundled trace worker next to `bundleDir` (or in dist/ when running from source); undefined when absent. */
export function traceWorkerFile(bundleDir: string): string | undefined {
  return bundledFile(bundleDir, 'trace-worker.js');
}

export interface WorkerTraceOptions {
  /** Filled with the text each traced file had (by path). */
  readonly texts?: Map<string, string>;
  readonly statementTimeoutMs?: number;
  /** What the last run kept (undefined: the first run). */
  readonly snapshots?: TraceSnapshotsData;
}

export async function traceInWorker(workerFile: string, project: Project, options: WorkerTraceOptions = {}): Promise<{ trace: ProjectTrace; snapshots: TraceSnapshotsData }> {
  const started = Date.now();
  const input = traceInput(project, options.texts ? { texts: options.texts } : {});
  const request: TraceWorkerRequest = {
    // A document's uri is the project's id of its file (traceInput parses each under it).
    files: input.files.map((f) => ({ id: f.document.uri, path: f.path, text: f.document.text, sections: f.sections })),
    extensions: input.extensions,
    partialHistory: input.partialHistory,
    ...(options.statementTimeoutMs ? { statementTimeoutMs: options.statementTimeoutMs } : {}),
    ...(options.snapshots ? { snapshots: options.snapshots } : {}),
  };
  const worker = new Worker(workerFile, { workerData: request });
  try {
    const reply = await new Promise<TraceWorkerReply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the trace's worker exited with code ${code} before it answered`)));
    });
    if (!reply.ok) throw new Error(reply.message);
    return { trace: { ...reply.trace, durationMs: Date.now() - started }, snapshots: reply.snapshots };
  } finally {
    await worker.terminate();
  }
}
