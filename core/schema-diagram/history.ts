/**
 * Which schema files created or changed each table, view and enum, in migration order: the catalog before and
 * after each file compared object by object (records are immutable, so an untouched object is usually the same
 * record; a structural comparison settles the rest). The place in the file is the first mention of the object's
 * name, so a click lands on the statement that changed it.
 */
import type { CatalogView } from '../catalog/catalog';
import type { Index, Relation, TypeInfo } from '../catalog/model';
import { nodeId, type DiagramLocation } from './graph';

export interface HistoryStep {
  readonly file: string;
  readonly text: string;
  readonly before: CatalogView;
  readonly after: CatalogView;
}

type Tracked = Relation | TypeInfo;

function objectsOf(catalog: CatalogView): Map<string, Tracked> {
  const out = new Map<string, Tracked>();
  for (const r of catalog.relations()) out.set(nodeId(r.schema, r.name), r);
  for (const t of catalog.types()) if (t.kind === 'enum') out.set(nodeId(t.schema, t.name), t);
  return out;
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function sameIndexes(a: readonly Index[], b: readonly Index[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i] || same(x, b[i]));
}

/** Where the file first names the object (its last name part as a word, any case); the file's start otherwise. */
function mention(file: string, text: string, name: string): DiagramLocation {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`(?<![\\w$])"?${escaped}"?(?![\\w$])`, 'i').exec(text);
  return m ? { file, start: m.index, end: m.index + m[0].length } : { file, start: 0, end: 0 };
}

/** Each object's changes (node ids as in graph.ts), in the order the steps are given. */
export function schemaHistory(steps: Iterable<HistoryStep>): Map<string, DiagramLocation[]> {
  const history = new Map<string, DiagramLocation[]>();
  const note = (id: string, location: DiagramLocation): void => {
    let list = history.get(id);
    if (!list) history.set(id, (list = []));
    list.push(location);
  };
  for (const step of steps) {
    const before = objectsOf(step.before);
    const after = objectsOf(step.after);
    for (const [id, object] of after) {
      const old = before.get(id);
      // An index added or dropped changes the table's box too (indexed columns, badges).
      const changed = !old || !same(old, object) || ('columns' in object && 'columns' in old && !sameIndexes(step.before.indexesOf(old), step.after.indexesOf(object)));
      if (changed) note(id, mention(step.file, step.text, object.name));
    }
    // Dropped: the file where it went away closes its history.
    for (const [id, object] of before) if (!after.has(id)) note(id, mention(step.file, step.text, object.name));
  }
  return history;
}
