/**
 * ELK in a Web Worker, off the UI thread: the worker script ships inside this bundle (scripts/build.mjs) and is
 * started from a blob: URL, which the panel's CSP allows for workers and which works the same in VS Code's
 * webview origin, a file:// page and the Chromium tests. One layout at a time; a newer request wins.
 */
import ELK from 'elkjs/lib/elk-api';
import { ELK_WORKER_SOURCE } from 'elk-worker-source';
import type { ElkLike } from '../../../core/schema-diagram/layout';

let elk: ElkLike | undefined;

export function layoutEngine(): ElkLike {
  if (!elk) {
    const url = URL.createObjectURL(new Blob([ELK_WORKER_SOURCE], { type: 'text/javascript' }));
    elk = new ELK({ workerFactory: () => new Worker(url) as never });
  }
  return elk;
}
