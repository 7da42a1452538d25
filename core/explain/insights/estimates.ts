/** Row misestimates: the planner chose its plan for a row count that was far off. */
import type { PlanNode } from '../model';
import type { Detector, Insight } from './types';
import { describeRelation } from './types';
import { conditionColumns } from '../predicates';

/** explain.depesz highlights row estimates off by 10x, 100x and 1000x; pev2 flags the same bands. */
export const MISESTIMATE_WARNING = 10;
export const MISESTIMATE_CRITICAL = 100;
/** Tiny row counts are noise: a 1 vs 12 rows "misestimate" changes no plan. */
export const MISESTIMATE_MIN_ROWS = 100;
/** More than this many misestimates in one plan are one problem told many times: the costliest are kept. */
export const MISESTIMATE_MAX_REPORTED = 3;

export const rowMisestimate: Detector = (m, context) => {
  const out: Insight[] = [];
  // Empty tables (the embedded database) return no rows whatever the estimate: nothing to judge.
  if (context.emptyTables) return out;
  for (const n of m.nodes) {
    const f = n.estimateFactor;
    const node = n.node;
    if (f === undefined || f < MISESTIMATE_WARNING || node.neverExecuted) continue;
    if (!countsRows(node)) continue;
    // Fewer rows than estimated is what a consumer that stops early asks for, not a misestimate.
    if (n.estimateDirection === 'over' && stoppedEarly(node, m.plan.nodes)) continue;
    // Report where an error starts, not every node it propagates through: skip a node whose child is already
    // off in the same direction unless this node makes it ten times worse (a join on correlated keys).
    const inherited = node.children.some((c) => {
      const cm = m.nodes[c.id];
      return cm.estimateDirection === n.estimateDirection && (cm.estimateFactor ?? 1) >= MISESTIMATE_WARNING && f < (cm.estimateFactor ?? 1) * 10;
    });
    if (inherited) continue;
    const actual = node.actualRows ?? 0;
    const estimated = node.planRows ?? 0;
    if (Math.max(actual, estimated) < MISESTIMATE_MIN_ROWS) continue;
    const table = node.relationName ? (node.schema ? `${node.schema}.${node.relationName}` : node.relationName) : undefined;
    const conditions = [node.conditions.Filter, node.conditions['Index Cond'], node.conditions['Recheck Cond']].filter((c): c is string => c !== undefined);
    // Sorted: the order of columns in extended statistics does not matter, a stable name does.
    const columns = [...new Set(conditions.flatMap((c) => conditionColumns(c).map((p) => p.column)))].sort();
    const correlated = table !== undefined && columns.length >= 2;
    const sql = table
      ? correlated
        ? `ANALYZE ${table};\nCREATE STATISTICS ${node.relationName}_${columns.join('_')}_stats (dependencies, ndistinct, mcv) ON ${columns.join(', ')} FROM ${table};\nANALYZE ${table};`
        : `ANALYZE ${table};`
      : undefined;
    out.push({
      id: 'row-misestimate',
      severity: f >= MISESTIMATE_CRITICAL ? 'critical' : 'warning',
      nodeId: node.id,
      title: `Rows ${n.estimateDirection === 'under' ? 'under' : 'over'}estimated ${Math.round(f)}x`,
      explanation: `${describeRelation(n)}: the planner expected ${estimated.toLocaleString('en-US')} row${estimated === 1 ? '' : 's'} per loop and got ${actual.toLocaleString('en-US')}. Plans above this node (join methods, memory) were chosen for the wrong size.`,
      advice: table
        ? correlated
          ? `Refresh statistics; the conditions on ${columns.join(' and ')} are probably correlated, which single-column statistics cannot see: extended statistics fix that. For skewed columns raise the statistics target (ALTER TABLE ... ALTER COLUMN ... SET STATISTICS 1000).`
          : 'Refresh statistics (autovacuum may lag after bulk loads); for skewed columns raise the statistics target (ALTER TABLE ... ALTER COLUMN ... SET STATISTICS 1000) and ANALYZE.'
        : 'Misestimates above scans usually come from joins on correlated columns or functions the planner cannot see into; check the scans below for their own estimates first.',
      ...(sql ? { sql } : {}),
    });
  }
  if (out.length <= MISESTIMATE_MAX_REPORTED) return out;
  // Keep those on the nodes that take the most time themselves, and say how many more there are.
  const own = (i: Insight): number => (i.nodeId !== undefined ? (m.nodes[i.nodeId]?.exclusiveTime ?? 0) : 0);
  const kept = [...out].sort((a, b) => own(b) - own(a)).slice(0, MISESTIMATE_MAX_REPORTED);
  const last = kept[kept.length - 1];
  kept[kept.length - 1] = { ...last, explanation: `${last.explanation} ${out.length - MISESTIMATE_MAX_REPORTED} more node${out.length - MISESTIMATE_MAX_REPORTED === 1 ? ' is' : 's are'} misestimated as well (the estimate column of the plan shows them).` };
  return kept;
};

/**
 * BitmapAnd / BitmapOr always report zero rows, and a ModifyTable without RETURNING returns none: their actual
 * rows are not a count to compare with the estimate.
 */
function countsRows(node: PlanNode): boolean {
  if (node.nodeType === 'BitmapAnd' || node.nodeType === 'BitmapOr') return false;
  if (node.nodeType === 'ModifyTable' && (node.output === undefined || node.output.length === 0)) return false;
  return true;
}

/** Nodes that pass rows up as they come, so a consumer above them that stops early stops them too. */
const STREAMING = new Set(['Nested Loop', 'Merge Join', 'Hash Join', 'Result', 'Append', 'Merge Append', 'Subquery Scan', 'Gather', 'Gather Merge', 'ProjectSet', 'Unique', 'WindowAgg', 'Memoize', 'LockRows', 'Group', 'Incremental Sort']);

/**
 * Whether whatever consumes this node may stop before reading all of it: a LIMIT above it with only streaming
 * nodes between, the inner side of a semi or anti join (one match per outer row is enough), an InitPlan or
 * SubPlan (EXISTS and scalar subqueries stop at their first row), the outer side of a hash or merge join whose
 * inner side is empty, a WindowAgg's Run Condition. A Sort, Hash or Aggregate between reads all.
 */
function stoppedEarly(node: PlanNode, nodes: readonly PlanNode[]): boolean {
  let child = node;
  for (;;) {
    if (child.parentRelationship === 'InitPlan' || child.parentRelationship === 'SubPlan') return true;
    const parent = child.parentId === undefined ? undefined : nodes[child.parentId];
    if (!parent) return false;
    if (parent.nodeType === 'Limit') return true;
    // A hash or merge join whose other side is empty stops reading this side after its first row.
    if ((parent.nodeType === 'Hash Join' || parent.nodeType === 'Merge Join') && child.parentRelationship === 'Outer' && (parent.joinType ?? 'Inner') !== 'Left' && parent.joinType !== 'Full' && parent.joinType !== 'Anti') {
      const other = parent.children.find((c) => c.parentRelationship === 'Inner');
      if (other && other.actualRows === 0) return true;
    }
    // A WindowAgg with a Run Condition stops once the condition can no longer hold.
    if (parent.nodeType === 'WindowAgg' && parent.conditions['Run Condition'] !== undefined) return true;
    if ((parent.joinType === 'Semi' || parent.joinType === 'Anti') && child.parentRelationship === 'Inner') return true;
    // The build side of a hash join is read whole.
    if (!STREAMING.has(parent.nodeType) || (parent.nodeType === 'Hash Join' && child.parentRelationship === 'Inner')) return false;
    child = parent;
  }
}
