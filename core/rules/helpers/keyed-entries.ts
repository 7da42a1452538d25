/**
 * A list in insertion order whose entries are found and removed by keys they carry (a table, an index name) in
 * time proportional to the entries under that key, not to the whole list: a file of 8,000 tables forgets and
 * drops without scanning every index each time. Removed entries leave a hole, so the others keep their order.
 */
export class KeyedEntries<T> {
  private readonly items: (T | undefined)[] = [];
  /** key -> positions in `items`; positions of entries removed under another key are dropped when next read. */
  private readonly positions = new Map<string, number[]>();
  private live: readonly T[] | undefined;

  constructor(private readonly keysOf: (entry: T) => readonly string[]) {}

  push(entry: T): void {
    const at = this.items.length;
    this.items.push(entry);
    for (const key of this.keysOf(entry)) {
      const list = this.positions.get(key);
      if (list) list.push(at);
      else this.positions.set(key, [at]);
    }
    this.live = undefined;
  }

  /** Every entry still in the list, in insertion order. */
  all(): readonly T[] {
    return (this.live ??= this.items.filter((e): e is T => e !== undefined));
  }

  /** The entries under `key`, in insertion order. */
  withKey(key: string): T[] {
    return this.livePositions(key).map((at) => this.items[at]!);
  }

  /** Removes the entries under `key` (those `which` accepts, when given). */
  remove(key: string, which?: (entry: T) => boolean): void {
    const kept: number[] = [];
    for (const at of this.livePositions(key)) {
      if (which && !which(this.items[at]!)) kept.push(at);
      else {
        this.items[at] = undefined;
        this.live = undefined;
      }
    }
    if (kept.length > 0) this.positions.set(key, kept);
    else this.positions.delete(key);
  }

  private livePositions(key: string): number[] {
    const list = this.positions.get(key);
    if (!list) return [];
    const live = list.filter((at) => this.items[at] !== undefined);
    if (live.length === 0) this.positions.delete(key);
    else if (live.length !== list.length) this.positions.set(key, live);
    return live;
  }
}
