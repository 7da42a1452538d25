/**
 * Plan shapes whose fix is an index built for the query's order, or a rewrite of the query: ORDER BY ... LIMIT
 * over a whole table, a materialized CTE or subquery filtered after the fact, and joins that multiply rows an
 * aggregate then collapses. Thresholds: docs/explain-insights.md.
 */
import { quoteIdentifier } from '../../catalog/names';
import type { NodeMetrics } from '../metrics';
import type { PlanNode } from '../model';
import { conditionColumns } from '../predicates';
import type { Detector, Insight } from './types';
import { describeRelation, indexTarget, qualifiedTable } from './types';

/** A top-N sort reading this many rows (or this many times what the LIMIT returns) is worth an index. */
export const TOP_N_MIN_READ = 10_000;
export const TOP_N_MIN_FACTOR = 10;
/** A CTE or subquery whose filter drops this share of at least FILTER_MIN_REMOVED rows. */
export const LATE_FILTER_SHARE = 0.9;
export const LATE_FILTER_MIN_REMOVED = 1000;
/** A join returning this many times the rows of its larger input, collapsed by an aggregate to at most a tenth. */
export const FAN_OUT_FACTOR = 10;
export const FAN_OUT_MIN_ROWS = 10_000;

/** Nodes that pass their input through (a LIMIT above them stops them, an aggregate above them sees all rows). */
const PASS_THROUGH = new Set(['Result', 'Subquery Scan', 'Gather', 'Gather Merge', 'Materialize', 'Unique', 'Incremental Sort']);

interface SortKey {
  readonly qualifier?: string;
  readonly column: string;
  readonly order: string;
}

/** `o.created_at DESC NULLS LAST` -> its column and order; undefined for an expression. */
function sortKey(key: string): SortKey | undefined {
  const m = /^(?:("(?:[^"]|"")+"|[A-Za-z_][\w$]*)\.)?("(?:[^"]|"")+"|[A-Za-z_][\w$]*)((?:\s+(?:ASC|DESC))?(?:\s+NULLS\s+(?:FIRST|LAST))?)$/i.exec(key.trim());
  if (!m) return undefined;
  const unquote = (s: string): string => (s.startsWith('"') ? s.slice(1, -1).replace(/""/g, '"') : s);
  return { ...(m[1] ? { qualifier: unquote(m[1]) } : {}), column: unquote(m[2]), order: m[3].replace(/\s+/g, ' ').toUpperCase() };
}

function below(node: PlanNode): PlanNode | undefined {
  let current = node.children[0];
  while (current && PASS_THROUGH.has(current.nodeType) && current.children.length === 1) current = current.children[0];
  return current;
}

/** Rows a scan read: returned plus removed by its filter, over all loops (analyzed), else its estimate. */
function rowsRead(m: NodeMetrics): number {
  if (m.actualRowsTotal !== undefined) return m.actualRowsTotal + (m.node.rowsRemovedByFilter ?? 0) * (m.node.actualLoops ?? 1);
  return m.node.planRows ?? 0;
}

/**
 * ORDER BY ... LIMIT answered by reading the whole table and keeping the top rows in a sort: an index on the
 * filter's equality columns then the sort keys returns the first rows in order and stops.
 */
export const topNSort: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    if (n.node.nodeType !== 'Limit') continue;
    const sort = below(n.node);
    if (!sort || sort.nodeType !== 'Sort' || !sort.sortKey || sort.sortKey.length === 0) continue;
    const scan = below(sort);
    if (!scan || !/^(?:Parallel )?Seq Scan$|^Bitmap Heap Scan$/.test(scan.nodeType) || !scan.relationName) continue;
    const scanMetrics = m.nodes[scan.id];
    const read = rowsRead(scanMetrics);
    const limit = m.nodes[n.node.id].actualRowsTotal ?? n.node.planRows ?? 0;
    if (read < TOP_N_MIN_READ || read < limit * TOP_N_MIN_FACTOR) continue;
    const keys = sort.sortKey.map(sortKey);
    const own = new Set([scan.alias, scan.relationName].filter((x): x is string => x !== undefined));
    const usable = keys.every((k): k is SortKey => k !== undefined && (k.qualifier === undefined || own.has(k.qualifier)));
    const filter = scan.conditions.Filter ?? scan.conditions['Recheck Cond'];
    const equality = filter ? [...new Set(conditionColumns(filter).filter((p) => p.comparedWith === 'value' && (p.kind === 'equality' || p.kind === 'membership')).map((p) => p.column))] : [];
    const table = qualifiedTable(scan);
    const columns = usable ? [...equality.map(quoteIdentifier), ...(keys as SortKey[]).filter((k) => !equality.includes(k.column)).map((k) => `${quoteIdentifier(k.column)}${k.order}`)] : [];
    const time = m.nodes[sort.id].inclusiveTime;
    const index = usable ? indexTarget(scan, [...equality, ...(keys as SortKey[]).filter((k) => !equality.includes(k.column)).map((k) => k.column)]) : undefined;
    out.push({
      id: 'top-n-sort',
      severity: 'warning',
      nodeId: sort.id,
      ...(time !== undefined ? { timeMs: time } : {}),
      title: `LIMIT ${limit.toLocaleString('en-US')} sorts ${read.toLocaleString('en-US')} rows of ${scan.relationName} to keep the first`,
      explanation: `${describeRelation(scanMetrics)} reads the whole ${filter ? 'filtered ' : ''}table and ${sort.sortMethod ?? 'a sort'} keeps the first rows by ${sort.sortKey.join(', ')}: the work grows with the table, not with the LIMIT.`,
      advice: usable
        ? `An index on (${columns.join(', ')}) returns the rows already in order${equality.length > 0 ? ` for each ${equality.join(', ')}` : ''}: the LIMIT then stops after reading ${limit.toLocaleString('en-US')} of them.`
        : 'Sort by columns of one table (an expression needs an expression index with the same expression) so an index can return the rows in order and the LIMIT can stop early.',
      ...(usable && table ? { sql: `CREATE INDEX CONCURRENTLY ON ${table} (${columns.join(', ')});`, ...(index ? { index } : {}) } : {}),
    });
  }
  return out;
};

/** A materialized CTE or a subquery computed whole, then filtered: the filter never reached the table. */
export const lateFilter: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    const type = n.node.nodeType;
    if (type !== 'CTE Scan' && type !== 'Subquery Scan') continue;
    const filter = n.node.conditions.Filter;
    const removed = (n.node.rowsRemovedByFilter ?? 0) * (n.node.actualLoops ?? 1);
    const returned = n.actualRowsTotal ?? 0;
    if (!filter || removed < LATE_FILTER_MIN_REMOVED || removed / (removed + returned) < LATE_FILTER_SHARE) continue;
    const cte = type === 'CTE Scan';
    const name = cte ? (n.node.cteName ?? n.node.alias ?? 'the CTE') : (n.node.alias ?? 'the subquery');
    const time = n.inclusiveTime;
    out.push({
      id: 'late-filter',
      severity: 'warning',
      nodeId: n.node.id,
      ...(time !== undefined ? { timeMs: time } : {}),
      title: `${cte ? 'CTE' : 'Subquery'} ${name} is computed whole, then ${Math.round((removed / (removed + returned)) * 100)}% of it is filtered out`,
      explanation: `${describeRelation(n)} applies ${filter} after ${cte ? 'the CTE was materialized' : 'the subquery ran'}: ${(removed + returned).toLocaleString('en-US')} rows were produced to keep ${returned.toLocaleString('en-US')}, and no index on the underlying table could serve the condition.`,
      advice: cte
        ? `Inline the CTE so the condition reaches the table: write it AS NOT MATERIALIZED (PostgreSQL 12+; a CTE referenced once is inlined unless it says MATERIALIZED), or move the condition into the CTE's WHERE clause.`
        : 'Move the condition into the subquery: PostgreSQL could not push it down (a LIMIT, window function, DISTINCT ON, set operation or volatile function in the subquery prevents it).',
    });
  }
  return out;
};

/** Nodes an aggregate can sit above a join through. */
const TO_AGGREGATE = new Set(['Sort', 'Incremental Sort', 'Gather', 'Gather Merge', 'Result', 'Materialize', 'Subquery Scan', 'Hash']);

/**
 * A hash or merge join returning many times the rows of both its inputs (a many-to-many match, typically two
 * one-to-many relations of the same parent joined together), whose rows an aggregate above then collapses
 * (count(DISTINCT ...), GROUP BY). A one-to-many join, however large, is not a fan-out: its rows are the many
 * side's.
 */
export const joinFanOut: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    if (n.node.nodeType !== 'Hash Join' && n.node.nodeType !== 'Merge Join') continue;
    const rows = n.actualRowsTotal;
    // A merge join re-reads (mark and restore) rows of its sorted inner side, which counts them again: the rows
    // of an input are those of the node under its Sort / Materialize / Hash.
    const inputs = n.node.children.map((c) => m.nodes[beneathBuffers(c).id].actualRowsTotal);
    if (rows === undefined || inputs.length !== 2 || inputs.some((r) => r === undefined)) continue;
    const largest = Math.max(1, ...(inputs as number[]));
    if (rows < FAN_OUT_MIN_ROWS || rows < largest * FAN_OUT_FACTOR) continue;
    let up = n.node.parentId === undefined ? undefined : m.plan.nodes[n.node.parentId];
    while (up && TO_AGGREGATE.has(up.nodeType)) up = up.parentId === undefined ? undefined : m.plan.nodes[up.parentId];
    if (!up || !/Aggregate$|^Unique$|^Group$/.test(up.nodeType)) continue;
    const collapsed = m.nodes[up.id].actualRowsTotal;
    if (collapsed === undefined || collapsed * FAN_OUT_FACTOR > rows) continue;
    const time = n.inclusiveTime;
    out.push({
      id: 'join-fan-out',
      severity: 'warning',
      nodeId: n.node.id,
      ...(time !== undefined ? { timeMs: time } : {}),
      title: `${n.node.nodeType} multiplies ${(inputs as number[]).map((r) => r.toLocaleString('en-US')).join(' and ')} rows into ${rows.toLocaleString('en-US')}, which ${up.nodeType} collapses to ${collapsed.toLocaleString('en-US')}`,
      explanation: 'Rows on each side match several rows on the other: every combination is built and passed up, then grouped or de-duplicated away.',
      advice: 'Aggregate each many side before joining (a subquery with GROUP BY per table, joined on the key), or test existence with EXISTS instead of joining and de-duplicating (DISTINCT, count(DISTINCT ...)).',
    });
  }
  return out;
};

/** The node under Sort / Materialize / Hash wrappers: where an input's rows come from. */
function beneathBuffers(node: PlanNode): PlanNode {
  let current = node;
  while (/^(?:Sort|Incremental Sort|Materialize|Hash)$/.test(current.nodeType) && current.children[0]) current = current.children[0];
  return current;
}
