/**
 * How long a document's next analysis waits after an edit. Fast typing in a document whose analyses are expensive
 * would keep the server busy with versions nobody sees: then the server first stays idle about as long as an
 * analysis takes (at most DEBOUNCE_MS). "Expensive" is judged on the last few analyses after edits, by the cheapest
 * of them: the first analyses after an open run cold (on the 15k-line lago dump, 170-200 ms, then ~30-55 ms once
 * the code is warm), and judging by the last one alone made each of them delay the next edit by 150 ms more.
 * "Fast typing" is a change less than DEBOUNCE_MS after the one before: an edit after a pause is analysed at once
 * (a 10,000-statement file: its diagnostics 150 ms sooner), and a running analysis of an older version is dropped
 * at its next pause anyway.
 */

/** The longest a change waits before its analysis. */
export const DEBOUNCE_MS = 150;
/** An analysis this quick always runs right after the change: waiting would cost more than the work. */
export const CHEAP_ANALYSIS_MS = 100;
/** How many recent analyses after edits are weighed. */
export const RECENT_ANALYSES = 3;

export interface AnalysisCost {
  /** How long it ran (ms). */
  readonly took: number;
  /** When it ended (ms, performance.now()). */
  readonly ended: number;
}

/**
 * The delay before the next analysis, from the recent analyses after edits (oldest first), the time now and when
 * the change before this one came (undefined: none since the open).
 */
export function editDelay(recent: readonly AnalysisCost[], now: number, previousChange?: number): number {
  // An edit after a pause: nothing says another keystroke follows.
  if (previousChange === undefined || now - previousChange >= DEBOUNCE_MS) return 0;
  // Fewer than RECENT_ANALYSES measured: an edit only re-parses what changed, assume cheap until shown otherwise.
  if (recent.length < RECENT_ANALYSES) return 0;
  const took = Math.min(...recent.slice(-RECENT_ANALYSES).map((c) => c.took));
  if (took <= CHEAP_ANALYSIS_MS) return 0;
  return Math.min(DEBOUNCE_MS, Math.max(0, recent[recent.length - 1].ended + took - now));
}

/** The recent costs with one more, at most RECENT_ANALYSES of them. */
export function withCost(recent: readonly AnalysisCost[] | undefined, cost: AnalysisCost): readonly AnalysisCost[] {
  return [...(recent ?? []), cost].slice(-RECENT_ANALYSES);
}
