/** Operations that ran out of work_mem: sorts and hashes spilled to disk, lossy bitmaps. */
import type { Detector, Insight } from './types';
import { describeRelation, workMemFor } from './types';

/** An in-memory sort needs more than its on-disk run size (tuple headers, pointers): about 2x (pgMustard's rule). */
export const SORT_MEMORY_FACTOR = 2;
/**
 * work_mem is per sort or hash, per process: beyond this no query should be told to set it. The operation has to
 * shrink instead (an index for the ORDER BY, fewer or narrower rows).
 */
export const WORK_MEM_CAP_KB = 1024 * 1024;

/** The advice and SQL for raising work_mem to `kb`, or for not raising it when that is beyond any sane setting. */
function workMemAdvice(kb: number, raise: (size: string) => string, otherwise: string): { advice: string; sql?: string } {
  const needed = workMemFor(kb);
  if (kb > WORK_MEM_CAP_KB) {
    return { advice: `It would need about ${needed} of work_mem, more than a per-operation setting should ever be (every sort and hash of every session that sets it may use that much). ${otherwise}` };
  }
  return { advice: raise(needed), sql: `SET work_mem = '${needed}';` };
}

/** kB of a memory setting as EXPLAIN (SETTINGS) prints it: '4MB', '64kB', '1GB'. */
function settingKb(value: string | undefined): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(kB|MB|GB|TB)?$/i.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const unit = (m[2] ?? 'kB').toUpperCase();
  return Number(m[1]) * (unit === 'KB' ? 1 : unit === 'MB' ? 1024 : unit === 'GB' ? 1024 * 1024 : 1024 * 1024 * 1024);
}

export const sortSpill: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    const node = n.node;
    const disk = node.sortSpaceType === 'Disk' || /external/i.test(node.sortMethod ?? '');
    if (!disk) continue;
    const kb = node.sortSpaceUsed ?? 0;
    const memory = workMemAdvice(
      kb * SORT_MEMORY_FACTOR,
      (needed) => `Give this query about ${needed} of work_mem (per sort, per process — set it for the session or the role, not globally), or avoid the sort with an index in the ORDER BY order.`,
      'Avoid the sort instead: an index in the ORDER BY order, a LIMIT the sort can stop at, or fewer and narrower rows.',
    );
    out.push({
      id: 'sort-spill',
      severity: kb >= 100 * 1024 ? 'critical' : 'warning',
      nodeId: node.id,
      title: `Sort spilled ${kb.toLocaleString('en-US')} kB to disk`,
      explanation: `The sort (${node.sortMethod ?? 'external'}) did not fit in work_mem${m.plan.settings.work_mem ? ` (${m.plan.settings.work_mem})` : ''} and wrote ${kb.toLocaleString('en-US')} kB of temporary files.`,
      ...memory,
    });
  }
  return out;
};

/** Batches grown this many times beyond the plan, or memory this far past its limit: the hashed side is skewed. */
export const SKEW_BATCH_GROWTH = 64;
export const SKEW_MEMORY_FACTOR = 4;

export const hashBatches: Detector = (m) => {
  const out: Insight[] = [];
  const workMem = settingKb(m.plan.settings.work_mem);
  const multiplier = Number(m.plan.settings.hash_mem_multiplier ?? 2) || 2;
  for (const n of m.nodes) {
    const node = n.node;
    if (node.nodeType !== 'Hash' || (node.hashBatches ?? 1) <= 1) continue;
    const batches = node.hashBatches ?? 1;
    const peak = node.peakMemoryUsage ?? 0;
    // PostgreSQL doubles the batches while a batch does not fit; rows sharing one key cannot be split, so it
    // gives up and lets that batch overflow: batches far beyond the plan, memory far beyond its limit.
    const skewed = batches / (node.originalHashBatches ?? batches) >= SKEW_BATCH_GROWTH || (workMem !== undefined && peak > workMem * multiplier * SKEW_MEMORY_FACTOR);
    const explanation = `The hash table${node.originalHashBatches && node.originalHashBatches !== batches ? ` (planned for ${node.originalHashBatches} batch${node.originalHashBatches === 1 ? '' : 'es'})` : ''} did not fit in memory: both join inputs were written to temporary files in ${batches} parts.`;
    const memory = skewed
      ? { advice: `More memory would not help much: the batches kept splitting while one batch${peak > 0 ? ` still needed ${peak.toLocaleString('en-US')} kB` : ''}, the sign of a skewed join key (many rows share one value, and rows with one key cannot be split across batches). Check the key's most common values (pg_stats.most_common_vals / most_common_freqs); join the skewed value separately, filter it earlier, or aggregate that side before the join.` }
      : workMemAdvice(
          peak * batches * 1.2,
          (needed) => `Raise work_mem to about ${needed} for this query (hash tables may also use hash_mem_multiplier x work_mem on PostgreSQL 13+), or reduce the hashed side's width (select fewer columns).`,
          'Hash the smaller side (check the row estimates of both inputs), select fewer columns, or filter earlier.',
        );
    out.push({
      id: 'hash-batches',
      severity: batches >= 16 ? 'critical' : 'warning',
      nodeId: node.id,
      title: `Hash split into ${batches} batches${skewed ? ' (skewed key)' : ''}`,
      explanation,
      ...memory,
    });
  }
  return out;
};

export const hashAggSpill: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    const node = n.node;
    if ((node.hashAggBatches ?? 1) <= 1 && !(node.diskUsage && node.diskUsage > 0)) continue;
    const memory = workMemAdvice(
      ((node.peakMemoryUsage ?? 0) + (node.diskUsage ?? 0)) * 1.2,
      (needed) => `Raise work_mem (or hash_mem_multiplier) to about ${needed} for this query.`,
      'Group fewer or narrower rows (filter earlier), or let a sorted input feed a GroupAggregate (an index in the GROUP BY order).',
    );
    out.push({
      id: 'hashagg-spill',
      severity: 'warning',
      nodeId: node.id,
      title: `Hash aggregate spilled to disk in ${node.hashAggBatches ?? 'several'} batches`,
      explanation: `The aggregate's hash table outgrew memory and wrote ${node.diskUsage?.toLocaleString('en-US') ?? 'some'} kB to disk.`,
      ...memory,
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
