/** Every insight detector, run over a plan's metrics; most important first. */
import type { PlanMetrics } from '../metrics';
import { rowMisestimate } from './estimates';
import { hashAggSpill, hashBatches, lossyBitmap, sortSpill } from './memory';
import { largeResult, workersNotLaunched } from './other';
import { heapFetches, indexScanBloat, indexScanFilter, nestedLoopSeqScan, seqScanFilter } from './scans';
import { joinFanOut, lateFilter, topNSort } from './rewrites';
import { jitOverhead, planningTime, slowNode, triggerTime } from './time';
import { severityRank, type Detector, type Insight, type InsightSeverity, type PlanContext } from './types';

export const DETECTORS: readonly Detector[] = [
  slowNode,
  rowMisestimate,
  seqScanFilter,
  indexScanFilter,
  heapFetches,
  indexScanBloat,
  nestedLoopSeqScan,
  topNSort,
  lateFilter,
  joinFanOut,
  sortSpill,
  hashBatches,
  hashAggSpill,
  lossyBitmap,
  workersNotLaunched,
  planningTime,
  jitOverhead,
  triggerTime,
  largeResult,
];

/** Below these total times nothing is critical / nothing is more than information: there is little to save. */
export const CRITICAL_MIN_TOTAL_MS = 100;
export const WARNING_MIN_TOTAL_MS = 10;

export function findInsights(metrics: PlanMetrics, context: PlanContext = {}): Insight[] {
  const total = metrics.totalTime === undefined ? undefined : metrics.totalTime + (metrics.plan.planningTime ?? 0);
  const capped = DETECTORS.flatMap((detect) => detect(metrics, context)).map((i) => (total === undefined ? i : { ...i, severity: capSeverity(i.severity, total) }));
  const time = (i: Insight): number => i.timeMs ?? (i.nodeId !== undefined ? (metrics.nodes[i.nodeId]?.exclusiveTime ?? 0) : 0);
  // With timing, the first insight is the one whose fix can save the most; "this node is slow" comes after the
  // insights that say why. Without timing, by severity.
  const bySeverity = (a: Insight, b: Insight): number => severityRank(a.severity) - severityRank(b.severity);
  const slowLast = (a: Insight, b: Insight): number => Number(a.id === 'slow-node') - Number(b.id === 'slow-node');
  return capped.sort((a, b) => (total !== undefined ? time(b) - time(a) || slowLast(a, b) || bySeverity(a, b) : bySeverity(a, b) || time(b) - time(a)));
}

/** Severity follows how much time there is to save: a 7 ms query has no critical problem. */
function capSeverity(severity: InsightSeverity, totalMs: number): InsightSeverity {
  if (totalMs < WARNING_MIN_TOTAL_MS) return 'info';
  if (totalMs < CRITICAL_MIN_TOTAL_MS && severity === 'critical') return 'warning';
  return severity;
}
