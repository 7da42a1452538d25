/** Every insight detector, run over a plan's metrics; most important first. */
import type { PlanMetrics } from '../metrics';
import { rowMisestimate } from './estimates';
import { hashAggSpill, hashBatches, lossyBitmap, sortSpill } from './memory';
import { largeResult, workersNotLaunched } from './other';
import { heapFetches, indexScanFilter, nestedLoopSeqScan, seqScanFilter } from './scans';
import { jitOverhead, planningTime, slowNode, triggerTime } from './time';
import { severityRank, type Detector, type Insight, type PlanContext } from './types';

export const DETECTORS: readonly Detector[] = [
  slowNode,
  rowMisestimate,
  seqScanFilter,
  indexScanFilter,
  heapFetches,
  nestedLoopSeqScan,
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

export function findInsights(metrics: PlanMetrics, context: PlanContext = {}): Insight[] {
  const all = DETECTORS.flatMap((detect) => detect(metrics, context));
  const time = (i: Insight): number => (i.nodeId !== undefined ? (metrics.nodes[i.nodeId]?.exclusiveTime ?? 0) : 0);
  return all.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || time(b) - time(a));
}
