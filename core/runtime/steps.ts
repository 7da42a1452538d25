/**
 * Work that can pause between pieces: a generator that yields after every few statements and returns its result.
 * The CLI runs it to the end at once (`finish`); the language server runs it a slice of time at a time and lets
 * other requests in between, or drops it when the document changed meanwhile (server/analysis-slices.ts).
 */
export type Steps<T> = Generator<void, T, void>;

/**
 * Statements handled between two pauses: a few milliseconds even where each statement costs much (a dump's foreign
 * keys: 128 took 80-100 ms there), and still nothing beside the work.
 */
export const STATEMENTS_PER_STEP = 32;

/** Statements between two pauses of a light pass over the whole file (a few reads of each AST): ~0.3 ms each. */
export const STATEMENTS_PER_LIGHT_STEP = STATEMENTS_PER_STEP * 8;

/** Runs `steps` to the end, without pausing. */
export function finish<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
