/**
 * The nodes of a statement's AST that a set of rules listens to, in the walker's order, with their ancestors:
 * what the linter's walk hands the rules. An editor re-lints a file on every keystroke while most statements keep
 * their text, and so their cached parse: keeping this list per AST (weakly, so it goes with the parse) means an edit
 * walks only the statements it changed.
 */
import type { Node } from '@pgsql/types';
import { walkAst, type AstRef } from './ast';

export interface VisitedNode {
  readonly ref: AstRef;
  /** Ancestors, outermost first (shared by every use of the entry: never mutated). */
  readonly parents: readonly AstRef[];
}

/** The listened tags of one rule set; lists are kept per set, since another set visits other nodes. */
export class VisitIndex {
  private readonly lists = new WeakMap<Node, readonly VisitedNode[]>();

  private constructor(private readonly tags: ReadonlySet<string>) {}

  private static readonly byTags = new Map<string, VisitIndex>();

  /** One index per distinct tag set, so every lint with the same rules shares the lists. */
  static for(tags: Iterable<string>): VisitIndex {
    const set = new Set(tags);
    const key = [...set].sort().join(',');
    let index = VisitIndex.byTags.get(key);
    if (!index) VisitIndex.byTags.set(key, (index = new VisitIndex(set)));
    return index;
  }

  /** The listened nodes under `ast`, computed once per AST object. */
  nodes(ast: Node): readonly VisitedNode[] {
    let list = this.lists.get(ast);
    if (!list) this.lists.set(ast, (list = collect(ast, this.tags)));
    return list;
  }
}

/** The listened nodes under `ast`, walked now (for a one-off lint, where keeping the list would only cost memory). */
export function collectVisited(ast: Node, tags: ReadonlySet<string>): readonly VisitedNode[] {
  return collect(ast, tags);
}

function collect(ast: Node, tags: ReadonlySet<string>): VisitedNode[] {
  const out: VisitedNode[] = [];
  if (tags.size === 0) return out;
  walkAst(ast, (ref, parents) => {
    if (tags.has(ref.tag)) out.push({ ref, parents: parents.slice() });
  });
  return out;
}
