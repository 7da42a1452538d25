/**
 * Where a run's time went (`pg-architect lint --timing`, `explain --timing`): the run's phases in order, and what
 * some of them were made of (time in PostgreSQL's parser, each rule's share). Nothing is measured unless a caller
 * makes one and hands it down: without it the rules' visitors are called as they are.
 */
export interface TimedPart {
  readonly name: string;
  readonly ms: number;
  /** How many times it ran (files, statements, visitor calls). */
  readonly count: number;
}

export class Timings {
  private readonly phaseTimes = new Map<string, { ms: number; count: number }>();
  private readonly partTimes = new Map<string, { ms: number; count: number }>();
  private readonly ruleTimes = new Map<string, { ms: number; count: number }>();

  /** Runs `fn` as (part of) the phase `name`. */
  phase<T>(name: string, fn: () => T): T {
    const started = performance.now();
    try {
      return fn();
    } finally {
      add(this.phaseTimes, name, performance.now() - started);
    }
  }

  async phaseAsync<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await fn();
    } finally {
      add(this.phaseTimes, name, performance.now() - started);
    }
  }

  /** A phase measured elsewhere (the embedded database's start, say). */
  addPhase(name: string, ms: number): void {
    add(this.phaseTimes, name, ms);
  }

  /** Time inside the phases spent on one kind of work (parsing, a file's facts), measured where it happens. */
  addPart(name: string, ms: number): void {
    add(this.partTimes, name, ms);
  }

  addRule(id: string, ms: number): void {
    add(this.ruleTimes, id, ms);
  }

  phases(): readonly TimedPart[] {
    return entries(this.phaseTimes);
  }

  parts(): readonly TimedPart[] {
    return entries(this.partTimes);
  }

  /** Rules, slowest first. */
  rules(): readonly TimedPart[] {
    return entries(this.ruleTimes).sort((a, b) => b.ms - a.ms);
  }
}

function add(map: Map<string, { ms: number; count: number }>, name: string, ms: number): void {
  const entry = map.get(name);
  if (entry) {
    entry.ms += ms;
    entry.count++;
  } else map.set(name, { ms, count: 1 });
}

function entries(map: ReadonlyMap<string, { ms: number; count: number }>): TimedPart[] {
  return [...map].map(([name, { ms, count }]) => ({ name, ms, count }));
}

/** The rule's visitors, each call's time added to the rule (the same functions otherwise). */
export function timedVisitors<V extends object>(visitors: V, ruleId: string, timings: Timings): V {
  const out: Record<string, unknown> = {};
  for (const [key, fn] of Object.entries(visitors)) {
    out[key] =
      typeof fn === 'function'
        ? (...args: unknown[]): unknown => {
            const started = performance.now();
            try {
              return (fn as (...a: unknown[]) => unknown)(...args);
            } finally {
              timings.addRule(ruleId, performance.now() - started);
            }
          }
        : fn;
  }
  return out as V;
}
