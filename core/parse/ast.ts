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
 * Visits every node under `root`, parents before children, with the chain of ancestors. Iterative, so deep
 * nesting cannot overflow the stack. Return false from `enter` to skip a node's children.
 */
export function walkAst(
  root: Node,
  enter: (ref: AstRef, parents: readonly AstRef[]) => boolean | void,
): void {
  type Frame = { ref: AstRef; depth: number };
  const stack: Frame[] = [];
  const parents: AstRef[] = [];
  const pushValue = (value: unknown, field: string, depth: number, knownTag: string | undefined): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pushValue(value[i], field, depth, knownTag);
      return;
    }
    if (knownTag) {
      stack.push({ ref: { tag: knownTag, node: value, field }, depth });
      return;
    }
    const keys = Object.keys(value);
    if (keys.length === 1 && isTag(keys[0])) {
      const body = (value as Record<string, unknown>)[keys[0]];
      if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        stack.push({ ref: { tag: keys[0], node: body, field }, depth });
        return;
      }
    }
  };
  pushValue(root, '', 0, undefined);
  while (stack.length > 0) {
    const { ref, depth } = stack.pop()!;
    parents.length = depth;
    if (enter(ref, parents) === false) continue;
    parents.push(ref);
    const unwrapped = UNWRAPPED_FIELDS[ref.tag];
    const entries = Object.entries(ref.node);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [field, value] = entries[i];
      pushValue(value, field, depth + 1, unwrapped?.[field]);
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
