/** Scans that read far more than they return: index candidates, better indexes, VACUUM, nested-loop rescans. */
import { quoteIdentifier } from '../../catalog/names';
import type { NodeMetrics, PlanMetrics } from '../metrics';
import type { PlanNode } from '../model';
import { conditionColumns, indexColumns, type ColumnPredicate } from '../predicates';
import type { Detector, Insight } from './types';
import { describeRelation, indexTarget, qualifiedTable, type IndexTarget } from './types';

/** pgMustard's and depesz's rule of thumb: a scan discarding 90%+ of what it reads, on thousands of rows. */
export const FILTER_MIN_REMOVED = 1000;
export const SEQ_FILTER_SHARE = 0.9;
export const INDEX_FILTER_SHARE = 0.5;
export const HEAP_FETCH_SHARE = 0.1;
export const NESTED_LOOP_MIN_LOOPS = 100;

/** Rows read and removed over all loops. */
function filterCounts(m: NodeMetrics): { removed: number; returned: number } {
  const loops = m.node.actualLoops ?? 1;
  return { removed: (m.node.rowsRemovedByFilter ?? 0) * loops, returned: m.actualRowsTotal ?? 0 };
}

/**
 * CREATE INDEX CONCURRENTLY for the columns a condition compares with values (constants, parameters), or
 * undefined when none is usable. `joins`: columns compared with another relation's column count too (the inner
 * side of a nested loop, where the outer row's value is a parameter of each loop).
 */
export function indexSuggestion(node: PlanNode, conditions: readonly string[], options: { readonly joins?: boolean } = {}): { sql: string; columns: string[]; index?: IndexTarget } | undefined {
  const found = suggestIndex(node, conditions, options);
  const index = found ? indexTarget(node, found.columns) : undefined;
  return found && index ? { ...found, index } : found;
}

function suggestIndex(node: PlanNode, conditions: readonly string[], options: { readonly joins?: boolean }): { sql: string; columns: string[] } | undefined {
  const table = qualifiedTable(node);
  if (!table) return undefined;
  const own = new Set([node.alias, node.relationName].filter((x): x is string => x !== undefined));
  const predicates = conditions
    .flatMap((c) => conditionColumns(c))
    .filter((p) => p.comparedWith === 'value' || (options.joins === true && (p.qualifier === undefined || own.has(p.qualifier))));
  const columns = indexColumns(predicates);
  if (columns.length === 0) {
    const gin = ginIndex(table, predicates);
    if (gin) return gin;
    const pattern = predicates.find((p) => p.kind === 'pattern' && p.leadingWildcard);
    if (!pattern) return undefined;
    return { columns: [pattern.column], sql: `CREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE INDEX CONCURRENTLY ON ${table} USING gin (${quoteIdentifier(pattern.column)} gin_trgm_ops);` };
  }
  return { columns, sql: `CREATE INDEX CONCURRENTLY ON ${table} (${columns.map(quoteIdentifier).join(', ')});` };
}

/**
 * A GIN index for containment: jsonb `@>` alone takes the smaller jsonb_path_ops class; key existence (`?`) needs
 * the default jsonb_ops; arrays (`@>`, `<@`, `&&`) the default array_ops. Undefined when the value's type is unknown.
 */
function ginIndex(table: string, predicates: readonly ColumnPredicate[]): { sql: string; columns: string[] } | undefined {
  const containment = predicates.filter((p) => p.kind === 'containment' && p.comparedWith === 'value' && p.valueType !== undefined);
  const first = containment[0];
  if (!first) return undefined;
  const sameColumn = containment.filter((p) => p.column === first.column);
  const pathOps = first.valueType === 'jsonb' && sameColumn.every((p) => p.operator === '@>');
  return { columns: [first.column], sql: `CREATE INDEX CONCURRENTLY ON ${table} USING gin (${quoteIdentifier(first.column)}${pathOps ? ' jsonb_path_ops' : ''});` };
}

export const seqScanFilter: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    if (!/^(Parallel )?Seq Scan$/.test(n.node.nodeType) && n.node.nodeType !== 'Seq Scan') continue;
    const filter = n.node.conditions.Filter;
    const { removed, returned } = filterCounts(n);
    if (!filter || removed < FILTER_MIN_REMOVED || removed / (removed + returned) < SEQ_FILTER_SHARE) continue;
    const suggestion = indexSuggestion(n.node, [filter]);
    out.push({
      id: 'seq-scan-filter',
      severity: (n.exclusiveShare ?? 0) >= 0.2 || removed >= 100_000 ? 'critical' : 'warning',
      nodeId: n.node.id,
      title: `Seq Scan discards ${Math.round((removed / (removed + returned)) * 100)}% of the rows it reads`,
      explanation: `${describeRelation(n)} reads ${(removed + returned).toLocaleString('en-US')} rows to return ${returned.toLocaleString('en-US')}; the filter ${filter} removes the rest.`,
      advice: suggestion
        ? `An index on (${suggestion.columns.join(', ')}) lets PostgreSQL read only the matching rows. Build it CONCURRENTLY so writes continue, then compare the plan.`
        : 'No column the filter tests can use a plain B-tree index (functions, casts or OR across columns): consider an expression index, or rewriting the condition so a column stands alone.',
      ...(suggestion ? { sql: suggestion.sql, ...(suggestion.index ? { index: suggestion.index } : {}) } : {}),
    });
  }
  return out;
};

export const indexScanFilter: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    if (!/Index Scan|Index Only Scan|Bitmap Heap Scan/.test(n.node.nodeType)) continue;
    const filter = n.node.conditions.Filter;
    const { removed, returned } = filterCounts(n);
    if (!filter || removed < FILTER_MIN_REMOVED || removed / (removed + returned) < INDEX_FILTER_SHARE) continue;
    const access = n.node.conditions['Index Cond'] ?? n.node.conditions['Recheck Cond'];
    const accessColumns = new Set(access ? conditionColumns(access).map((p) => p.column) : []);
    const candidate = indexSuggestion(n.node, access ? [access, filter] : [filter]);
    // An index on the access columns alone is the one the scan already uses.
    const suggestion = candidate && candidate.columns.some((c) => !accessColumns.has(c)) ? candidate : undefined;
    out.push({
      id: 'index-scan-filter',
      severity: 'warning',
      nodeId: n.node.id,
      title: `${n.node.nodeType} fetches ${removed.toLocaleString('en-US')} rows only to discard them`,
      explanation: `${describeRelation(n)} uses ${n.node.indexName ?? 'an index'} for ${access ?? 'its access condition'}, then the filter ${filter} removes ${Math.round((removed / (removed + returned)) * 100)}% of the fetched rows.`,
      advice: suggestion ? `An index covering the filter too, on (${suggestion.columns.join(', ')}), reads only the rows that qualify.` : 'Add the filtered column to the index (or an expression index for the filter).',
      ...(suggestion ? { sql: suggestion.sql, ...(suggestion.index ? { index: suggestion.index } : {}) } : {}),
    });
  }
  return out;
};

export const heapFetches: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    if (n.node.nodeType !== 'Index Only Scan' || !n.node.heapFetches) continue;
    // PostgreSQL reports Heap Fetches summed over all loops (unlike rows, which are per loop).
    const fetches = n.node.heapFetches;
    const rows = Math.max(1, n.actualRowsTotal ?? 1);
    if (fetches / rows < HEAP_FETCH_SHARE) continue;
    const table = qualifiedTable(n.node);
    out.push({
      id: 'heap-fetches',
      severity: fetches / rows >= 0.5 ? 'warning' : 'info',
      nodeId: n.node.id,
      title: `Index Only Scan visits the table for ${Math.round((fetches / rows) * 100)}% of its rows`,
      explanation: `${describeRelation(n)} had ${fetches.toLocaleString('en-US')} heap fetches for ${rows.toLocaleString('en-US')} rows: pages not marked all-visible in the visibility map must be checked in the table, so the "index only" scan is not.`,
      advice: 'VACUUM the table (and let autovacuum keep up: lower autovacuum_vacuum_scale_factor for tables with frequent updates) so the visibility map covers most pages.',
      ...(table ? { sql: `VACUUM (ANALYZE) ${table};` } : {}),
    });
  }
  return out;
};

/** The scan under a Materialize / Memoize / Hash wrapper. */
function underlyingScan(node: PlanNode | undefined): PlanNode | undefined {
  let current = node;
  while (current && (current.nodeType === 'Materialize' || current.nodeType === 'Memoize') && current.children[0]) current = current.children[0];
  return current;
}

export const nestedLoopSeqScan: Detector = (m: PlanMetrics) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    if (n.node.nodeType !== 'Nested Loop') continue;
    const inner = underlyingScan(n.node.children.find((c) => c.parentRelationship === 'Inner'));
    if (!inner || !/Seq Scan$/.test(inner.nodeType)) continue;
    const loops = inner.actualLoops ?? 0;
    if (loops < NESTED_LOOP_MIN_LOOPS) continue;
    const condition = inner.conditions.Filter ?? n.node.conditions['Join Filter'];
    const suggestion = condition ? indexSuggestion(inner, [condition], { joins: true }) : undefined;
    const innerMetrics = m.nodes[inner.id];
    out.push({
      id: 'nested-loop-seq-scan',
      severity: (innerMetrics?.exclusiveShare ?? 0) >= 0.2 ? 'critical' : 'warning',
      nodeId: inner.id,
      title: `Seq Scan repeated ${loops.toLocaleString('en-US')} times inside a Nested Loop`,
      explanation: `For every outer row the Nested Loop scans ${describeRelation(innerMetrics ?? n)} again from the start.`,
      advice: suggestion
        ? `Index the join column(s) (${suggestion.columns.join(', ')}) so each loop is an index lookup; if the outer side was expected to be small, check its row estimate.`
        : 'Index the inner side\'s join column so each loop is an index lookup, or check the outer row estimate (a hash join would have been chosen for the real size).',
      ...(suggestion ? { sql: suggestion.sql, ...(suggestion.index ? { index: suggestion.index } : {}) } : {}),
    });
  }
  return out;
};

/** Pages an index scan touches per row it reads, above which dead row versions or index bloat are the likely cause. */
export const BLOAT_PAGES_PER_ROW = 10;
/** Pages per loop below which a lookup is a normal descent of the tree plus a heap page or two. */
export const BLOAT_MIN_PAGES_PER_LOOP = 20;
export const BLOAT_MIN_PAGES = 1000;

/**
 * An index scan reading many pages for each row: versions that are dead but not vacuumed yet (each still costs a
 * heap visit) or a bloated index. Needs BUFFERS.
 */
export const indexScanBloat: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    const node = n.node;
    if (!/^(?:Index Scan|Index Only Scan)(?: Backward)?$/.test(node.nodeType) || !node.hasBuffers) continue;
    const pages = node.buffers.sharedHit + node.buffers.sharedRead;
    const loops = Math.max(1, node.actualLoops ?? 1);
    const perLoop = pages / loops;
    const rowsPerLoop = (node.actualRows ?? 0) + (node.rowsRemovedByFilter ?? 0) + (node.rowsRemovedByIndexRecheck ?? 0);
    if (pages < BLOAT_MIN_PAGES || perLoop < BLOAT_MIN_PAGES_PER_LOOP || perLoop / Math.max(1, rowsPerLoop) < BLOAT_PAGES_PER_ROW) continue;
    const table = qualifiedTable(node);
    out.push({
      id: 'index-scan-bloat',
      severity: 'warning',
      nodeId: node.id,
      ...(n.inclusiveTime !== undefined ? { timeMs: n.inclusiveTime } : {}),
      title: `${node.nodeType} reads ${Math.round(perLoop / Math.max(1, rowsPerLoop))} pages per row`,
      explanation: `${describeRelation(n)} touched ${pages.toLocaleString('en-US')} pages for ${Math.round(rowsPerLoop * loops).toLocaleString('en-US')} rows: a lookup needs a few. Dead row versions not vacuumed yet (each costs a visit to the table) or a bloated index make it read many more.`,
      advice: `VACUUM the table so dead versions stop costing reads, and let autovacuum keep up with its update rate (lower autovacuum_vacuum_scale_factor for it); if the pages stay high after a VACUUM, the index itself is bloated: REINDEX INDEX CONCURRENTLY ${node.indexName ? quoteIdentifier(node.indexName) : '<index>'}.`,
      ...(table ? { sql: `VACUUM (ANALYZE, VERBOSE) ${table};` } : {}),
    });
  }
  return out;
};
