/**
 * A large document's analysis, a slice of time at a time (core's Steps): between slices the event loop answers
 * other requests (hover, completion, another document's analysis), so a 40,000-statement file no longer holds the
 * server for seconds; and an analysis whose document changed meanwhile is dropped at the next slice instead of
 * finishing for a version nobody sees (the change has scheduled the next one). Small documents finish within
 * their first slice, with no pause at all.
 */
import type { Steps } from '../core/runtime/steps';

/**
 * How long one slice holds the thread. A request reaches its handler through several turns of the event loop
 * (vscode-jsonrpc hands each message on with setImmediate), and each turn may wait for one slice: measured on a
 * 40,000-statement file, another document's hover took 99 ms (p50) with 20 ms slices, 46 with 8, 25 with 4, and
 * the whole analysis barely longer.
 */
export const SLICE_MS = 5;

/** `steps` to the end, pausing once per SLICE_MS; undefined when `stale()` says to drop it at a pause. */
export async function runInSlices<T>(steps: Steps<T>, stale: () => boolean): Promise<T | undefined> {
  let sliceStarted = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - sliceStarted < SLICE_MS) continue;
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (stale()) {
      steps.return(undefined as never);
      return undefined;
    }
    sliceStarted = performance.now();
  }
}

/**
 * A pause for async work that never returns to the event loop by itself (the embedded PostgreSQL's queries): awaited
 * often, it lets the event loop run once per SLICE_MS.
 */
export function slicedPause(): () => Promise<void> {
  let sliceStarted = performance.now();
  return async () => {
    if (performance.now() - sliceStarted < SLICE_MS) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    sliceStarted = performance.now();
  };
}
