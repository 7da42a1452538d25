/**
 * Typed access to libpg-query's AST: the tag -> node type map, one walker that reaches every node (wrapped
 * `{Tag: {...}}` or held unwrapped in a typed field), and small readers for names and types.
 */
import type { Node, RangeVar, TypeName } from '@pgsql/types';
import { UNWRAPPED_FIELDS } from './ast-fields.generated';

type KeysOfUnion<U> = U extends unknown ? keyof U : never;

/** 'IndexStmt' -> IndexStmt, for every node type that can appear wrapped in a Node. */
export type NodeByTag = { [K in KeysOfUnion<Node>]: Extract<Node, Record<K, unknown>>[K] };
export type NodeTag = keyof NodeByTag;

/** A node reached by the walker: its tag, its body, and the field of its parent that holds it. */
export interface AstRef {
  readonly tag: string;
  readonly node: object;
  readonly field: string;
}

/**
 * Visits every node under `root`, parents before children and siblings in field order, with the chain of
 * ancestors. Iterative, so deep nesting cannot overflow the stack; allocation-light, since every statement of
 * every file goes through it. Return false from `enter` to skip a node's children.
 */
export function walkAst(
  root: Node,
  enter: (ref: AstRef, parents: readonly AstRef[]) => boolean | void,
): void {
  const refs: AstRef[] = [];
  const depths: number[] = [];
  const parents: AstRef[] = [];
  const push = (value: unknown, field: string, depth: number, knownTag: string | undefined): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) push(value[i], field, depth, knownTag);
      return;
    }
    if (knownTag) {
      refs.push({ tag: knownTag, node: value, field });
      depths.push(depth);
      return;
    }
    // A wrapped node is an object with exactly one key, a capitalised tag, holding an object.
    let tag: string | undefined;
    let keys = 0;
    for (const key in value) {
      if (++keys > 1) return;
      tag = key;
    }
    if (tag === undefined || !isTag(tag)) return;
    const body = (value as Record<string, unknown>)[tag];
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
    refs.push({ tag, node: body, field });
    depths.push(depth);
  };
  push(root, '', 0, undefined);
  while (refs.length > 0) {
    const ref = refs.pop()!;
    const depth = depths.pop()!;
    parents.length = depth;
    if (enter(ref, parents) === false) continue;
    parents.push(ref);
    const unwrapped = UNWRAPPED_FIELDS[ref.tag];
    const first = refs.length;
    const body = ref.node as Record<string, unknown>;
    for (const field in body) {
      const value = body[field];
      if (value !== null && typeof value === 'object') push(value, field, depth + 1, unwrapped?.[field]);
    }
    // Children were pushed in field order; reverse them so the first is popped first.
    for (let i = first, j = refs.length - 1; i < j; i++, j--) {
      const r = refs[i];
      refs[i] = refs[j];
      refs[j] = r;
      const d = depths[i];
      depths[i] = depths[j];
      depths[j] = d;
    }
  }
}

function isTag(key: string): boolean {
  const c = key.charCodeAt(0);
  return c >= 65 && c <= 90;
}

/** Returns the body if `node` is `{tag: body}`. */
export function asNode<K extends NodeTag>(node: Node | undefined, tag: K): NodeByTag[K] | undefined {
  if (!node) return undefined;
  return (node as Record<string, unknown>)[tag] as NodeByTag[K] | undefined;
}

/** The tag of a wrapped node. */
export function tagOf(node: Node | undefined): string {
  if (!node) return '';
  for (const key in node) return key;
  return '';
}

/** Values of a list of String nodes: funcname, names, ... */
export function stringValues(nodes: readonly Node[] | undefined): string[] {
  const out: string[] = [];
  for (const n of nodes ?? []) {
    const s = asNode(n, 'String');
    if (s?.sval !== undefined) out.push(s.sval);
  }
  return out;
}

/** A relation's name as PostgreSQL resolved its spelling: `schema.name` or `name` (already case-folded). */
export function relationName(rel: RangeVar | undefined): string {
  if (!rel?.relname) return '';
  return rel.schemaname ? `${rel.schemaname}.${rel.relname}` : rel.relname;
}

/** The base type name, lower-case, without pg_catalog: `int4`, `varchar`, `timestamp`, `my_schema.my_type`. */
export function typeNameOf(type: TypeName | undefined): string {
  const names = stringValues(type?.names);
  if (names.length === 0) return '';
  if (names.length > 1 && names[0] === 'pg_catalog') return names.slice(1).join('.');
  return names.join('.');
}

/** True for array types (`int[]`, `text ARRAY`). */
export function isArrayType(type: TypeName | undefined): boolean {
  return (type?.arrayBounds?.length ?? 0) > 0;
}

/** Integer typmods of a type (`varchar(20)` -> [20]). */
export function typeModifiers(type: TypeName | undefined): number[] {
  const out: number[] = [];
  for (const m of type?.typmods ?? []) {
    const c = asNode(m, 'A_Const');
    if (c?.ival?.ival !== undefined) out.push(c.ival.ival);
  }
  return out;
}

/** Constant value of an A_Const as a string (numbers included), or undefined when not a constant. */
export function constantValue(node: Node | undefined): string | undefined {
  const c = asNode(node, 'A_Const');
  if (!c) return undefined;
  if (c.sval) return c.sval.sval ?? '';
  if (c.ival) return String(c.ival.ival ?? 0);
  if (c.fval) return c.fval.fval ?? '';
  if (c.boolval) return String(c.boolval.boolval ?? false);
  if (c.isnull) return undefined;
  return undefined;
}
