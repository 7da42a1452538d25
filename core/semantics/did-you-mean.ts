/** "Did you mean": the closest known name by edit distance (Damerau: a swap of two letters counts once). */

export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, current[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    [prev, current] = [current, prev];
  }
  return prev[b.length];
}

/** How far a candidate may be from `name` to be offered: a third of its length, at least 1, at most 3. */
function limitFor(name: string): number {
  return Math.min(3, Math.max(1, Math.floor(name.length / 3)));
}

/** The search of closestName, over candidates in order, from a best found so far. */
function closer(name: string, lower: string, candidates: Iterable<readonly [candidate: string, lower: string]>, found: { best: string | undefined; distance: number }): void {
  for (const [c, cLower] of candidates) {
    if (c === name) continue;
    const d = editDistance(lower, cLower, found.distance);
    if (d < found.distance) {
      found.best = c;
      found.distance = d;
    }
  }
}

function* lowered(candidates: Iterable<string>): Iterable<readonly [string, string]> {
  for (const c of candidates) yield [c, c.toLowerCase()];
}

/**
 * The candidate closest to `name` (case-insensitive), when it is close enough to be a typo: at most a third
 * of the name's length (at least 1, at most 3), or the same name in other case. Ties go to the first.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const found = { best: undefined as string | undefined, distance: limitFor(name) + 1 };
  closer(name, name.toLowerCase(), lowered(candidates), found);
  return found.best;
}

/**
 * closestName over one list of candidates asked many times (the relations of a schema, for every unknown table
 * of a file): only candidates whose length is within the limit of the name's are compared (editDistance refuses
 * the others at once), so the answers are closestName's without reading the whole list for each name.
 */
export class NameSuggester {
  /** Lower-cased length -> positions of the candidates of that length, ascending. */
  private readonly byLength = new Map<number, number[]>();
  private readonly lower: readonly string[];
  private readonly answers = new Map<string, string | undefined>();

  constructor(private readonly candidates: readonly string[]) {
    this.lower = candidates.map((c) => c.toLowerCase());
    this.lower.forEach((c, i) => {
      const list = this.byLength.get(c.length);
      if (list) list.push(i);
      else this.byLength.set(c.length, [i]);
    });
  }

  /** closestName(name, [...candidates, ...extra]). */
  closest(name: string, extra: readonly string[] = []): string | undefined {
    if (extra.length === 0 && this.answers.has(name)) return this.answers.get(name);
    const lower = name.toLowerCase();
    const limit = limitFor(name);
    const positions: number[] = [];
    for (let n = lower.length - limit; n <= lower.length + limit; n++) positions.push(...(this.byLength.get(n) ?? []));
    positions.sort((a, b) => a - b);
    const found = { best: undefined as string | undefined, distance: limit + 1 };
    closer(name, lower, positions.map((i) => [this.candidates[i], this.lower[i]] as const), found);
    closer(name, lower, lowered(extra), found);
    if (extra.length === 0) this.answers.set(name, found.best);
    return found.best;
  }
}
