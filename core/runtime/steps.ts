/**
 * Work that can pause between pieces: a generator that yields after every few statements and returns its result.
 * The CLI runs it to the end at once (`finish`); the language server runs it a slice of time at a time and lets
 * other requests in between, or drops it when the document changed meanwhile (server/analysis-slices.ts).
 */
export type Steps<T> = Generator<void, T, void>;

/** Statements handled between two pauses: small enough for a slice of a few milliseconds, large enough to cost nothing. */
export const STATEMENTS_PER_STEP = 128;

/** Runs `steps` to the end, without pausing. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
