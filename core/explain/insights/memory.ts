/** Operations that ran out of work_mem: sorts and hashes spilled to disk, lossy bitmaps. */
import type { Detector, Insight } from './types';
import { describeRelation, workMemFor } from './types';

/** An in-memory sort needs more than its on-disk run size (tuple headers, pointers): about 2x (pgMustard's rule). */
export const SORT_MEMORY_FACTOR = 2;

export const sortSpill: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    const node = n.node;
    const disk = node.sortSpaceType === 'Disk' || /external/i.test(node.sortMethod ?? '');
    if (!disk) continue;
    const kb = node.sortSpaceUsed ?? 0;
    const needed = workMemFor(kb * SORT_MEMORY_FACTOR);
    out.push({
      id: 'sort-spill',
      severity: kb >= 100 * 1024 ? 'critical' : 'warning',
      nodeId: node.id,
      title: `Sort spilled ${kb.toLocaleString('en-US')} kB to disk`,
      explanation: `The sort (${node.sortMethod ?? 'external'}) did not fit in work_mem${m.plan.settings.work_mem ? ` (${m.plan.settings.work_mem})` : ''} and wrote ${kb.toLocaleString('en-US')} kB of temporary files.`,
      advice: `Give this query about ${needed} of work_mem (per sort, per process — set it for the session or the role, not globally), or avoid the sort with an index in the ORDER BY order.`,
      sql: `SET work_mem = '${needed}';`,
    });
  }
  return out;
};

export const hashBatches: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    const node = n.node;
    if (node.nodeType !== 'Hash' || (node.hashBatches ?? 1) <= 1) continue;
    const batches = node.hashBatches ?? 1;
    const needed = workMemFor((node.peakMemoryUsage ?? 0) * batches * 1.2);
    out.push({
      id: 'hash-batches',
      severity: batches >= 16 ? 'critical' : 'warning',
      nodeId: node.id,
      title: `Hash split into ${batches} batches`,
      explanation: `The hash table${node.originalHashBatches && node.originalHashBatches !== batches ? ` (planned for ${node.originalHashBatches} batch${node.originalHashBatches === 1 ? '' : 'es'})` : ''} did not fit in memory: both join inputs were written to temporary files in ${batches} parts.`,
      advice: `Raise work_mem to about ${needed} for this query (hash tables may also use hash_mem_multiplier x work_mem on PostgreSQL 13+), or reduce the hashed side's width (select fewer columns).`,
      sql: `SET work_mem = '${needed}';`,
    });
  }
  return out;
};

export const hashAggSpill: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    const node = n.node;
    if ((node.hashAggBatches ?? 1) <= 1 && !(node.diskUsage && node.diskUsage > 0)) continue;
    const needed = workMemFor(((node.peakMemoryUsage ?? 0) + (node.diskUsage ?? 0)) * 1.2);
    out.push({
      id: 'hashagg-spill',
      severity: 'warning',
      nodeId: node.id,
      title: `Hash aggregate spilled to disk in ${node.hashAggBatches ?? 'several'} batches`,
      explanation: `The aggregate's hash table outgrew memory and wrote ${node.diskUsage?.toLocaleString('en-US') ?? 'some'} kB to disk.`,
      advice: `Raise work_mem (or hash_mem_multiplier) to about ${needed} for this query.`,
      sql: `SET work_mem = '${needed}';`,
    });
  }
  return out;
};

export const lossyBitmap: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    const node = n.node;
    if (!node.lossyHeapBlocks) continue;
    const exact = node.exactHeapBlocks ?? 0;
    out.push({
      id: 'lossy-bitmap',
      severity: node.lossyHeapBlocks > exact ? 'warning' : 'info',
      nodeId: node.id,
      title: `Bitmap went lossy for ${node.lossyHeapBlocks.toLocaleString('en-US')} pages`,
      explanation: `${describeRelation(n)}: the bitmap did not fit in work_mem, so it remembers whole pages instead of rows and every row on those pages is rechecked${node.rowsRemovedByIndexRecheck ? ` (${node.rowsRemovedByIndexRecheck.toLocaleString('en-US')} rows removed by the recheck)` : ''}.`,
      advice: 'Raise work_mem for this query until Heap Blocks shows no lossy pages (a few MB usually suffices), or make the index condition more selective.',
      sql: `SET work_mem = '${workMemFor((exact + node.lossyHeapBlocks) * 0.1 + 4096)}';`,
    });
  }
  return out;
};
