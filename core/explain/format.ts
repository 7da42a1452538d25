/**
 * The plan for terminals and machines: `formatPlanText` draws the tree with each node's exclusive time and
 * share, rows actual vs estimated with the misestimate factor, and the insights with their advice;
 * `planToJson` gives the plan as PostgreSQL returned it plus the computed metrics and insights.
 */
import type { PlanAnalysis } from './analyze';
import type { NodeMetrics } from './metrics';
import type { PlanNode } from './model';
import { ms } from './insights/types';
import { nodeTitle } from './titles';
import { terminalSafe } from '../terminal-text';

export { nodeTitle };

export interface FormatOptions {
  readonly color?: boolean;
  /** Characters available per line (long conditions are cut). */
  readonly width?: number;
}

/** Levels of indentation drawn; deeper nodes are drawn at this indentation with their level written out. */
const MAX_DRAWN_DEPTH = 30;

/** Names and conditions come from the plan file: terminal controls in them are printed as visible escapes. */
const safe = (text: string): string => terminalSafe(text, { singleLine: true });

const C = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

function rowsText(m: NodeMetrics): string {
  const n = m.node;
  if (n.neverExecuted) return 'never executed';
  if (n.actualRows === undefined) return n.planRows !== undefined ? `rows ~${n.planRows.toLocaleString('en-US')}` : '';
  const loops = n.actualLoops && n.actualLoops > 1 ? ` x ${n.actualLoops.toLocaleString('en-US')} loops` : '';
  const factor = m.estimateFactor && m.estimateFactor >= 2 ? ` (${m.estimateDirection === 'under' ? 'under' : 'over'}estimated ${m.estimateFactor >= 10 ? Math.round(m.estimateFactor) : m.estimateFactor.toFixed(1)}x)` : '';
  return `rows ${n.actualRows.toLocaleString('en-US')} of ~${(n.planRows ?? 0).toLocaleString('en-US')}${loops}${factor}`;
}

export function formatPlanText(analysis: PlanAnalysis, options: FormatOptions = {}): string {
  const paint = (code: keyof typeof C, s: string): string => (options.color ? `${C[code]}${s}${C.reset}` : s);
  const width = options.width ?? 120;
  const lines: string[] = [];
  const insightsByNode = new Map<number, number>();
  for (const i of analysis.insights) if (i.nodeId !== undefined) insightsByNode.set(i.nodeId, (insightsByNode.get(i.nodeId) ?? 0) + 1);
  // Depth-first with an explicit stack (plans may be nested deeper than the call stack allows); past
  // MAX_DRAWN_DEPTH the indentation stops growing and the line says its level instead.
  const pending: { node: PlanNode; prefix: string; last: boolean; depth: number }[] = [{ node: analysis.plan.root, prefix: '', last: true, depth: 0 }];
  while (pending.length > 0) {
    const { node, prefix, last, depth } = pending.pop()!;
    const isRoot = depth === 0;
    const m = analysis.nodes[node.id];
    const branch = isRoot ? '' : last ? '└─ ' : '├─ ';
    const level = depth > MAX_DRAWN_DEPTH ? `${paint('dim', `(level ${depth})`)} ` : '';
    const label = `${level}${node.subplanName ? `${paint('dim', `[${safe(node.subplanName)}]`)} ` : ''}`;
    const time =
      m.exclusiveTime !== undefined
        ? `${ms(m.exclusiveTime)}${m.exclusiveShare !== undefined ? ` ${Math.round(m.exclusiveShare * 100)}%` : ''}`
        : m.exclusiveCost !== undefined
          ? `cost ${m.exclusiveCost.toFixed(1)}`
          : '';
    const share = m.exclusiveShare ?? 0;
    const timeText = share >= 0.5 ? paint('red', time) : share >= 0.1 ? paint('yellow', time) : time;
    const flags = insightsByNode.get(node.id) ? paint('yellow', ` ⚑${insightsByNode.get(node.id)}`) : '';
    lines.push(`${prefix}${branch}${label}${paint('bold', safe(nodeTitle(node)))}  ${timeText}  ${paint('dim', rowsText(m))}${flags}`);
    const childPrefix = depth >= MAX_DRAWN_DEPTH ? prefix : prefix + (isRoot ? '' : last ? '   ' : '│  ');
    for (const [key, value] of Object.entries(node.conditions)) {
      const text = safe(`${key}: ${value}`);
      const room = Math.max(width - childPrefix.length - 2, 20);
      lines.push(`${childPrefix}${node.children.length > 0 ? '│ ' : '  '}${paint('dim', text.length > room ? text.slice(0, room - 1) + '…' : text)}`);
    }
    for (let i = node.children.length - 1; i >= 0; i--) pending.push({ node: node.children[i], prefix: childPrefix, last: i === node.children.length - 1, depth: depth + 1 });
  }
  const summary: string[] = [];
  if (analysis.plan.planningTime !== undefined) summary.push(`planning ${ms(analysis.plan.planningTime)}`);
  if (analysis.plan.executionTime !== undefined) summary.push(`execution ${ms(analysis.plan.executionTime)}`);
  if (!analysis.plan.analyzed) summary.push('estimates only (EXPLAIN without ANALYZE)');
  lines.push('', summary.join(', '));
  if (analysis.insights.length > 0) {
    lines.push('', paint('bold', `Insights (${analysis.insights.length})`));
    for (const i of analysis.insights) {
      const tag = i.severity === 'critical' ? paint('red', 'critical') : i.severity === 'warning' ? paint('yellow', 'warning') : paint('cyan', 'info');
      const where = i.nodeId !== undefined ? ` [${safe(nodeTitle(analysis.plan.nodes[i.nodeId]))}]` : '';
      lines.push(`- ${tag} ${paint('bold', safe(i.title))}${paint('dim', where)}`);
      lines.push(`  ${safe(i.explanation)}`);
      lines.push(`  ${safe(i.advice)}`);
      if (i.sql) for (const s of i.sql.split('\n')) lines.push(`    ${paint('cyan', safe(s))}`);
    }
  } else lines.push('', 'No insights: nothing in this plan stands out.');
  return lines.join('\n') + '\n';
}

/** The plan as PostgreSQL returned it (JSON input) plus metrics and insights, for `--format json`. */
export function planToJson(analysis: PlanAnalysis): unknown {
  return {
    plan: analysis.plan.original ?? null,
    format: analysis.plan.format,
    planningTime: analysis.plan.planningTime ?? null,
    executionTime: analysis.plan.executionTime ?? null,
    totalTime: analysis.totalTime ?? null,
    nodes: analysis.nodes.map((m) => ({
      id: m.node.id,
      parentId: m.node.parentId ?? null,
      nodeType: m.node.nodeType,
      title: nodeTitle(m.node),
      relation: m.node.relationName ?? null,
      inclusiveTime: m.inclusiveTime ?? null,
      exclusiveTime: m.exclusiveTime ?? null,
      exclusiveShare: m.exclusiveShare ?? null,
      actualRows: m.node.actualRows ?? null,
      planRows: m.node.planRows ?? null,
      loops: m.node.actualLoops ?? null,
      estimateFactor: m.estimateFactor ?? null,
      estimateDirection: m.estimateDirection ?? null,
      exclusiveBuffers: m.exclusiveBuffers,
      exclusiveCost: m.exclusiveCost ?? null,
    })),
    insights: analysis.insights,
  };
}
