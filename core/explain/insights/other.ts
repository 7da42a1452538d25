/** Parallel workers that never came, and large results returned without a LIMIT. */
import type { Detector, Insight } from './types';

export const workersNotLaunched: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    const planned = n.node.workersPlanned;
    const launched = n.node.workersLaunched;
    if (planned === undefined || launched === undefined || launched >= planned) continue;
    out.push({
      id: 'workers-not-launched',
      severity: launched === 0 ? 'warning' : 'info',
      nodeId: n.node.id,
      title: `${launched} of ${planned} parallel workers launched`,
      explanation: 'The plan was made for more workers than the server could start: the query ran with less parallelism than the planner counted on.',
      advice: 'Workers come from max_parallel_workers (and max_worker_processes), shared by all queries: raise them if the machine has idle cores, or expect this under load.',
      sql: "SHOW max_parallel_workers;\nSHOW max_worker_processes;",
    });
  }
  return out;
};

/** pev2 and depesz flag no row count; a result this large sent to a client is worth a look. */
export const LARGE_RESULT_ROWS = 10_000;

export const largeResult: Detector = (m) => {
  const root = m.nodes[0];
  if (!root || root.actualRowsTotal === undefined || root.actualRowsTotal < LARGE_RESULT_ROWS) return [];
  if (m.plan.nodes.some((n) => n.nodeType === 'Limit' || n.nodeType === 'ModifyTable')) return [];
  const insight: Insight = {
    id: 'large-result',
    severity: 'info',
    nodeId: 0,
    title: `The query returns ${root.actualRowsTotal.toLocaleString('en-US')} rows without a LIMIT`,
    explanation: 'Every row is sent to the client, which usually shows a page of them.',
    advice: 'Paginate with keyset pagination (WHERE id > last_seen ORDER BY id LIMIT n), or aggregate in the database.',
  };
  return [insight];
};
