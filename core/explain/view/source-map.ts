/**
 * Links plan nodes to the SQL they come from, with PostgreSQL's own parser: a scan to the relation it reads
 * (matched by alias, else by name), a CTE plan to the CTE's definition, a condition, sort or group key to the
 * column references it tests. Offsets are UTF-16 indexes into the query text, ready for an editor.
 */
import type { Node } from '@pgsql/types';
import { parseStatementText } from '../../parse/parser';
import { stringValues, walkAst } from '../../parse/ast';
import type { EncodedOffsets } from '../../parse/positions';
import type { PlanNode } from '../model';
import type { SourceSpan } from './model';

interface RelationRef {
  readonly name: string;
  readonly schema?: string;
  readonly alias?: string;
  readonly start: number;
  readonly end: number;
}

interface ColumnRef {
  readonly column: string;
  readonly qualifier?: string;
  readonly start: number;
  readonly end: number;
}

interface CteRef {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export interface QueryReferences {
  readonly relations: readonly RelationRef[];
  readonly columns: readonly ColumnRef[];
  readonly ctes: readonly CteRef[];
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/** End of the (possibly qualified, possibly quoted) identifier chain starting at `index`. */
function identifierChainEnd(text: string, index: number): number {
  let i = index;
  for (;;) {
    if (text[i] === '"') {
      i++;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') i += 2;
        else if (text[i] === '"') {
          i++;
          break;
        } else i++;
      }
    } else if (IDENT_START.test(text[i] ?? '')) {
      while (i < text.length && IDENT_PART.test(text[i])) i++;
    } else if (text[i] === '*' && i > index) {
      i++;
      return i;
    } else return i;
    if (text[i] !== '.') return i;
    i++;
  }
}

function spanAt(text: string, offsets: EncodedOffsets, byteLocation: number | undefined): { start: number; end: number } | undefined {
  if (byteLocation === undefined || byteLocation < 0) return undefined;
  const start = offsets.indexOfByte(byteLocation);
  const end = identifierChainEnd(text, start);
  return end > start ? { start, end } : undefined;
}

/** Relations, column references and CTE names of a query, with their places; empty when it does not parse. */
export function queryReferences(query: string): QueryReferences {
  const outcome = parseStatementText(query);
  const relations: RelationRef[] = [];
  const columns: ColumnRef[] = [];
  const ctes: CteRef[] = [];
  if (outcome.error || outcome.psqlVariablesSubstituted) return { relations, columns, ctes };
  for (const raw of outcome.stmts) {
    if (!raw.stmt) continue;
    walkAst(raw.stmt, (ref) => {
      if (ref.tag === 'RangeVar') {
        const rv = ref.node as { relname?: string; schemaname?: string; alias?: { aliasname?: string }; location?: number };
        const span = spanAt(outcome.text, outcome.offsets, rv.location);
        if (span && rv.relname) relations.push({ name: rv.relname, schema: rv.schemaname, alias: rv.alias?.aliasname, ...span });
      } else if (ref.tag === 'ColumnRef') {
        const cr = ref.node as { fields?: Node[]; location?: number };
        const parts = stringValues(cr.fields);
        const span = spanAt(outcome.text, outcome.offsets, cr.location);
        if (span && parts.length > 0 && parts.length === (cr.fields?.length ?? 0)) {
          columns.push({ column: parts[parts.length - 1], ...(parts.length > 1 ? { qualifier: parts[parts.length - 2] } : {}), ...span });
        }
      } else if (ref.tag === 'CommonTableExpr') {
        const cte = ref.node as { ctename?: string; location?: number };
        const span = spanAt(outcome.text, outcome.offsets, cte.location);
        if (span && cte.ctename) ctes.push({ name: cte.ctename, ...span });
      }
    });
  }
  return { relations, columns, ctes };
}

/** Columns an expression as EXPLAIN prints it refers to (`(o.status = 'paid'::text)`, `o.created_at DESC`). */
function expressionColumns(expression: string, clause: 'where' | 'order' | 'group'): { column: string; qualifier?: string }[] {
  const sql = clause === 'where' ? `SELECT 1 WHERE ${expression}` : clause === 'order' ? `SELECT 1 ORDER BY ${expression}` : `SELECT 1 GROUP BY ${expression}`;
  const outcome = parseStatementText(sql);
  const stmt = outcome.stmts[0]?.stmt;
  if (!stmt || outcome.error) return [];
  const out: { column: string; qualifier?: string }[] = [];
  walkAst(stmt, (ref) => {
    if (ref.tag !== 'ColumnRef') return;
    const cr = ref.node as { fields?: Node[] };
    const parts = stringValues(cr.fields);
    if (parts.length === 0 || parts.length !== (cr.fields?.length ?? 0)) return;
    out.push({ column: parts[parts.length - 1], ...(parts.length > 1 ? { qualifier: parts[parts.length - 2] } : {}) });
  });
  return out;
}

/** The names a node's relation goes by in the query: its alias when it has one, else its name. */
function nodeNames(node: PlanNode): { alias?: string; name?: string } {
  const name = node.relationName ?? node.cteName ?? node.functionName;
  return { ...(node.alias ? { alias: node.alias } : {}), ...(name ? { name } : {}) };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The source spans of one plan node. `inScope` is the set of aliases the node's subtree reads (for unqualified columns). */
export function nodeSourceSpans(node: PlanNode, refs: QueryReferences, scopeNames: SubtreeScope): SourceSpan[] {
  const spans: SourceSpan[] = [];
  const { alias, name } = nodeNames(node);
  if (name) {
    for (const r of refs.relations) {
      const matches = alias && alias !== name ? r.alias === alias : r.name === name && (r.alias === undefined || r.alias === name || alias === undefined || r.alias === alias);
      if (matches && (!node.schema || !r.schema || r.schema === node.schema)) spans.push({ start: r.start, end: r.end, role: node.nodeType === 'ModifyTable' ? 'target' : 'relation' });
    }
  }
  if (node.subplanName?.startsWith('CTE ')) {
    const cte = node.subplanName.slice(4);
    for (const c of refs.ctes) if (c.name === cte) spans.push({ start: c.start, end: c.end, role: 'cte' });
  }
  const wanted: { column: string; qualifier?: string; role: SourceSpan['role'] }[] = [];
  for (const value of Object.values(node.conditions)) for (const c of expressionColumns(value, 'where')) wanted.push({ ...c, role: 'condition' });
  for (const key of strings(node.raw['Sort Key'])) for (const c of expressionColumns(key, 'order')) wanted.push({ ...c, role: 'sort' });
  for (const key of strings(node.raw['Group Key'])) for (const c of expressionColumns(key, 'group')) wanted.push({ ...c, role: 'group' });
  for (const w of wanted) {
    // A qualified column (`r.customer_id`) matches references written with that qualifier; unqualified
    // references only when the query never writes it qualified.
    const exact = w.qualifier ? refs.columns.filter((c) => c.column === w.column && c.qualifier === w.qualifier) : [];
    for (const c of exact.length > 0 ? exact : refs.columns) {
      if (c.column !== w.column) continue;
      // A qualified reference must agree with the plan's qualifier, or with a relation this subtree reads.
      if (w.qualifier && c.qualifier && c.qualifier !== w.qualifier) continue;
      if (!w.qualifier && c.qualifier && !scopeNames.empty && !scopeNames.has(c.qualifier)) continue;
      if (!spans.some((s) => s.start === c.start)) spans.push({ start: c.start, end: c.end, role: w.role });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** The aliases and names of the relations a node's subtree reads. */
export interface SubtreeScope {
  readonly empty: boolean;
  has(name: string): boolean;
}

/**
 * Each node's subtree scope, for matching unqualified columns. In pre-order a subtree is the id range
 * [i, last descendant], so a name is in scope when one of the nodes carrying it falls in that range: linear to
 * build, where a set per node would hold n²/2 names for a chain of n nodes (a hostile plan 10,000 deep).
 */
export function subtreeScopes(nodes: readonly PlanNode[]): SubtreeScope[] {
  const last = nodes.map((_, i) => i);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const parent = nodes[i].parentId;
    if (parent !== undefined) last[parent] = Math.max(last[parent], last[i]);
  }
  const idsByName = new Map<string, number[]>(); // ascending ids
  const namedUpTo: number[] = [0]; // named nodes among ids < i
  nodes.forEach((n, i) => {
    const { alias, name } = nodeNames(n);
    for (const key of new Set([alias, name])) if (key) (idsByName.get(key) ?? idsByName.set(key, []).get(key)!).push(i);
    namedUpTo.push(namedUpTo[i] + (alias || name ? 1 : 0));
  });
  return nodes.map((_, i) => ({
    empty: namedUpTo[last[i] + 1] === namedUpTo[i],
    has(key: string): boolean {
      const ids = idsByName.get(key);
      if (!ids) return false;
      let low = 0;
      let high = ids.length;
      while (low < high) {
        const mid = (low + high) >> 1;
        if (ids[mid] < i) low = mid + 1;
        else high = mid;
      }
      return low < ids.length && ids[low] <= last[i];
    },
  }));
}

/** Ids of the nodes whose spans contain a query offset (the editor's cursor), innermost spans first. */
export function nodesAtOffset(sources: readonly (readonly SourceSpan[])[], offset: number): number[] {
  const hits: { id: number; width: number }[] = [];
  sources.forEach((spans, id) => {
    const inside = spans.filter((s) => offset >= s.start && offset <= s.end);
    if (inside.length > 0) hits.push({ id, width: Math.min(...inside.map((s) => s.end - s.start)) });
  });
  return hits.sort((a, b) => a.width - b.width || a.id - b.id).map((h) => h.id);
}
