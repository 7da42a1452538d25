/** Scans that read far more than they return: index candidates, better indexes, VACUUM, nested-loop rescans. */
import { quoteIdentifier } from '../../catalog/names';
import type { NodeMetrics, PlanMetrics } from '../metrics';
import type { PlanNode } from '../model';
import { conditionColumns, indexColumns } from '../predicates';
import type { Detector, Insight } from './types';
import { describeRelation } from './types';

/** pgMustard's and depesz's rule of thumb: a scan discarding 90%+ of what it reads, on thousands of rows. */
export const FILTER_MIN_REMOVED = 1000;
export const SEQ_FILTER_SHARE = 0.9;
export const INDEX_FILTER_SHARE = 0.5;
export const HEAP_FETCH_SHARE = 0.1;
export const NESTED_LOOP_MIN_LOOPS = 100;

function qualifiedTable(node: PlanNode): string | undefined {
  if (!node.relationName) return undefined;
  return node.schema ? `${quoteIdentifier(node.schema)}.${quoteIdentifier(node.relationName)}` : quoteIdentifier(node.relationName);
}

/** Rows read and removed over all loops. */
function filterCounts(m: NodeMetrics): { removed: number; returned: number } {
  const loops = m.node.actualLoops ?? 1;
  return { removed: (m.node.rowsRemovedByFilter ?? 0) * loops, returned: m.actualRowsTotal ?? 0 };
}

/** CREATE INDEX CONCURRENTLY for the columns a condition tests, or undefined when none is usable. */
export function indexSuggestion(node: PlanNode, conditions: readonly string[]): { sql: string; columns: string[] } | undefined {
  const table = qualifiedTable(node);
  if (!table) return undefined;
  const predicates = conditions.flatMap((c) => conditionColumns(c));
  const columns = indexColumns(predicates);
  if (columns.length === 0) {
    const pattern = predicates.find((p) => p.kind === 'pattern' && p.leadingWildcard);
    if (!pattern) return undefined;
    return { columns: [pattern.column], sql: `CREATE EXTENSION IF NOT EXISTS pg_trgm;\nCREATE INDEX CONCURRENTLY ON ${table} USING gin (${quoteIdentifier(pattern.column)} gin_trgm_ops);` };
  }
  return { columns, sql: `CREATE INDEX CONCURRENTLY ON ${table} (${columns.map(quoteIdentifier).join(', ')});` };
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
      ...(suggestion ? { sql: suggestion.sql } : {}),
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
    const suggestion = indexSuggestion(n.node, access ? [access, filter] : [filter]);
    out.push({
      id: 'index-scan-filter',
      severity: 'warning',
      nodeId: n.node.id,
      title: `${n.node.nodeType} fetches ${removed.toLocaleString('en-US')} rows only to discard them`,
      explanation: `${describeRelation(n)} uses ${n.node.indexName ?? 'an index'} for ${access ?? 'its access condition'}, then the filter ${filter} removes ${Math.round((removed / (removed + returned)) * 100)}% of the fetched rows.`,
      advice: suggestion ? `An index covering the filter too, on (${suggestion.columns.join(', ')}), reads only the rows that qualify.` : 'Add the filtered column to the index (or an expression index for the filter).',
      ...(suggestion ? { sql: suggestion.sql } : {}),
    });
  }
  return out;
};

export const heapFetches: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    if (n.node.nodeType !== 'Index Only Scan' || !n.node.heapFetches) continue;
    const fetches = n.node.heapFetches * (n.node.actualLoops ?? 1);
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
    const suggestion = condition ? indexSuggestion(inner, [condition]) : undefined;
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
      ...(suggestion ? { sql: suggestion.sql } : {}),
    });
  }
  return out;
};
