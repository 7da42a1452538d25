/**
 * Linting many files on every core: a pool of worker threads, each with its own parser, fed one file at a
 * time (so large and small files balance out). Reports come back in the order the files were given.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config } from '../core/config/config';
import type { FileReport } from './lint-file';

export interface PoolJob {
  readonly path: string;
  readonly displayName: string;
}

export async function lintInPool(jobs: readonly PoolJob[], config: Config, threads = availableParallelism()): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(jobs.length);
  let next = 0;
  const workerCount = Math.max(1, Math.min(threads, jobs.length));
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(join(__dirname, 'lint-worker.js'), { workerData: { config } });
      let inFlight = 0;
      const feed = (): void => {
        if (next >= jobs.length) {
          if (inFlight === 0) void worker.terminate().then(() => resolve());
          return;
        }
        inFlight++;
        const id = next++;
        worker.postMessage({ id, path: jobs[id].path, displayName: jobs[id].displayName });
      };
      worker.on('message', (m: { ready?: boolean; id?: number; report?: FileReport; error?: string }) => {
        // Two jobs in flight per worker, so it never waits for this thread to read a report.
        if (m.ready) {
          feed();
          return feed();
        }
        if (m.id === undefined) return;
        inFlight--;
        if (m.report) reports[m.id] = m.report;
        else reports[m.id] = { path: jobs[m.id].path, findings: [], notes: [{ level: 'error', message: `internal error: ${m.error}` }], lines: {}, unreadable: true };
        feed();
      });
      worker.on('error', reject);
    });
  await Promise.all(Array.from({ length: workerCount }, runWorker));
  return reports;
}
