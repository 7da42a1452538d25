/**
 * "Focus on this table": the table and what is within n foreign keys (or view reads) of it, either direction;
 * and finding a node by the name a user types (schema.name, or name when one schema has it).
 */
import type { SchemaGraph } from './graph';

export function neighbourhood(graph: SchemaGraph, id: string, hops: number): Set<string> {
  const adjacent = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    let list = adjacent.get(a);
    if (!list) adjacent.set(a, (list = []));
    list.push(b);
  };
  for (const e of graph.edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const seen = new Set([id]);
  let frontier = [id];
  for (let i = 0; i < hops && frontier.length > 0; i++) {
    const next: string[] = [];
    for (const n of frontier) for (const m of adjacent.get(n) ?? []) if (!seen.has(m)) (seen.add(m), next.push(m));
    frontier = next;
  }
  return seen;
}

/** The node a typed name means: `schema.name` exactly, else the only node of that name (any case). */
export function findNode(graph: SchemaGraph, name: string): string | { readonly error: string } {
  const exact = graph.nodes.find((n) => n.id === name);
  if (exact) return exact.id;
  const lower = name.toLowerCase();
  const matches = graph.nodes.filter((n) => n.name.toLowerCase() === lower || n.id.toLowerCase() === lower);
  if (matches.length === 1) return matches[0].id;
  if (matches.length > 1) return { error: `${name} is ambiguous: ${matches.map((m) => m.id).join(', ')}` };
  return { error: `${name}: no such table, view or enum in the schema` };
}

/** The graph cut to a table's neighbourhood. */
export function focusOn(graph: SchemaGraph, name: string, hops: number): SchemaGraph | { readonly error: string } {
  const id = findNode(graph, name);
  if (typeof id !== 'string') return id;
  const keep = neighbourhood(graph, id, hops);
  return { ...graph, nodes: graph.nodes.filter((n) => keep.has(n.id)), edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}
