/**
 * Linting many files on every core: a pool of worker threads, each with its own parser, fed one file at a
 * time (so large and small files balance out). Reports come back in the order the files were given. A worker
 * that dies (out of memory on one file, say) fails the file it was on, with a note; a new worker takes the rest.
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Config } from '../core/config/config';
import { failedReport, type FileReport } from './lint-file';

export interface PoolJob {
  readonly path: string;
  readonly displayName: string;
}

export async function lintInPool(jobs: readonly PoolJob[], config: Config, threads = availableParallelism()): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(jobs.length);
  /** Jobs to hand out: those of a dead worker that it had not started, then the rest in order. */
  const retry: number[] = [];
  let next = 0;
  const take = (): number | undefined => (retry.length > 0 ? retry.shift() : next < jobs.length ? next++ : undefined);
  const workerCount = Math.max(1, Math.min(threads, jobs.length));
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(join(__dirname, 'lint-worker.js'), { workerData: { config } });
      /** Sent and not yet reported, oldest first: the worker lints them in this order. */
      const inFlight: number[] = [];
      let finished = false;
      const feed = (): void => {
        const id = take();
        if (id === undefined) {
          if (inFlight.length === 0 && !finished) {
            finished = true;
            void worker.terminate().then(() => resolve());
          }
          return;
        }
        inFlight.push(id);
        worker.postMessage({ id, path: jobs[id].path, displayName: jobs[id].displayName });
      };
      worker.on('message', (m: { ready?: boolean; id?: number; report?: FileReport }) => {
        // Two jobs in flight per worker, so it never waits for this thread to read a report.
        if (m.ready) {
          feed();
          return feed();
        }
        if (m.id === undefined || !m.report) return;
        inFlight.splice(inFlight.indexOf(m.id), 1);
        reports[m.id] = m.report;
        feed();
      });
      const died = (error: Error): void => {
        if (finished) return;
        finished = true;
        // Nothing sent yet: the worker could not start (the parser did not load), which no retry mends.
        const [culprit, ...unstarted] = inFlight;
        if (culprit === undefined) return reject(error);
        reports[culprit] = failedReport(jobs[culprit].path, error);
        retry.unshift(...unstarted);
        void worker.terminate();
        runWorker().then(resolve, reject);
      };
      worker.on('error', died);
      worker.on('exit', (code) => died(new Error(`the lint worker stopped (exit code ${code})`)));
    });
  await Promise.all(Array.from({ length: workerCount }, runWorker));
  return reports;
}
