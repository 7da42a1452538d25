/**
 * A derived lookup over one of the catalog's keyed maps: its values grouped by keys they name (the indexes of a
 * table, the foreign keys that reference a table, ...). Built once from the map, then kept current by each write,
 * so DDL application, which reads between writes, costs a group's size per read instead of the whole catalog.
 * Every group lists its entries in the map's order (a JavaScript Map's: first insertion since the last delete),
 * then in the order `entriesOf` gives them for one value: exactly what grouping the map from scratch gives.
 */
export type GroupEntries<E> = readonly (readonly [group: string, entry: E])[];

export class Grouping<T, E> {
  /** group -> map key -> that value's entries in the group. */
  private readonly members = new Map<string, Map<string, E[]>>();
  /** The arrays handed out, per group; dropped when the group changes (never mutated: callers may hold them). */
  private readonly lists = new Map<string, readonly E[]>();
  /** Each map key's place in the map's order. */
  private readonly order = new Map<string, number>();
  private next = 0;

  constructor(
    source: ReadonlyMap<string, T>,
    private readonly entriesOf: (value: T) => GroupEntries<E>,
  ) {
    for (const [key, value] of source) this.set(key, undefined, value);
  }

  get(group: string): readonly E[] {
    const cached = this.lists.get(group);
    if (cached) return cached;
    const members = this.members.get(group);
    if (!members) return [];
    const keys = [...members.keys()];
    // Members join a group in map order, except a value that moved here from another group: sort only then.
    let sorted = true;
    for (let i = 1; i < keys.length && sorted; i++) sorted = this.order.get(keys[i - 1])! < this.order.get(keys[i])!;
    if (!sorted) keys.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
    const list: E[] = [];
    for (const key of keys) list.push(...members.get(key)!);
    this.lists.set(group, list);
    return list;
  }

  /** The map's `key` now holds `value`; `previous` is what it held (undefined: a new key). */
  set(key: string, previous: T | undefined, value: T): void {
    const now = new Map<string, E[]>();
    for (const [group, entry] of this.entriesOf(value)) {
      const entries = now.get(group);
      if (entries) entries.push(entry);
      else now.set(group, [entry]);
    }
    if (previous === undefined) this.order.set(key, this.next++);
    else for (const [group] of this.entriesOf(previous)) if (!now.has(group)) this.leave(group, key);
    for (const [group, entries] of now) {
      let members = this.members.get(group);
      if (!members) this.members.set(group, (members = new Map()));
      // Map.set keeps an existing key's place: a value that stays in a group keeps its position.
      members.set(key, entries);
      this.lists.delete(group);
    }
  }

  /** The map's `key`, which held `previous`, was deleted. */
  delete(key: string, previous: T): void {
    for (const [group] of this.entriesOf(previous)) this.leave(group, key);
    this.order.delete(key);
  }

  private leave(group: string, key: string): void {
    const members = this.members.get(group);
    if (!members?.delete(key)) return;
    if (members.size === 0) this.members.delete(group);
    this.lists.delete(group);
  }
}
