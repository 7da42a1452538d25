// A lint worker thread (dist/lint-worker.js): loads the parser once, then lints the files it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import { initParser, setParseCacheLimit } from '../core/parse/parser';
import type { Config } from '../core/config/config';
import { failedReport, lintFile } from './lint-file';

interface Job {
  readonly id: number;
  readonly path: string;
  readonly displayName: string;
}

const config = (workerData as { config: Config }).config;
// One pass over the files: no statement is parsed twice, so keep no history (see setParseCacheLimit).
setParseCacheLimit(0);
void initParser().then(() => {
  parentPort?.on('message', (job: Job) => {
    // lintFile turns a failure on the file into a note; this catches what is left (a report that cannot be sent).
    try {
      parentPort?.postMessage({ id: job.id, report: lintFile(job.path, config, job.displayName) });
    } catch (e) {
      parentPort?.postMessage({ id: job.id, report: failedReport(job.path, e) });
    }
  });
  parentPort?.postMessage({ ready: true });
});
