/** Where the time goes: slow nodes, planning, JIT and trigger time. Thresholds: docs/explain-insights.md. */
import type { Detector, Insight } from './types';
import { describeRelation, ms, percent } from './types';

/**
 * explain.depesz colours a node's exclusive time by its share of the total (bands at 10%, 50%, 90%). A finding
 * starts lower, at 30%, so that when the time is spread over two or three nodes each of them is named.
 */
export const SLOW_NODE_WARNING = 0.3;
export const SLOW_NODE_CRITICAL = 0.6;
/** Below this a node is not worth a finding, whatever its share. */
export const SLOW_NODE_MIN_MS = 1;

export const slowNode: Detector = (m) => {
  const out: Insight[] = [];
  for (const n of m.nodes) {
    if (n.exclusiveShare === undefined || n.exclusiveTime === undefined || n.exclusiveTime < SLOW_NODE_MIN_MS) continue;
    if (n.exclusiveShare < SLOW_NODE_WARNING) continue;
    out.push({
      id: 'slow-node',
      severity: n.exclusiveShare >= SLOW_NODE_CRITICAL ? 'critical' : 'warning',
      nodeId: n.node.id,
      title: `${describeRelation(n)} takes ${percent(n.exclusiveShare)} of the time`,
      explanation: `It spends ${ms(n.exclusiveTime)} of the query's ${ms(m.totalTime ?? 0)} in itself (children excluded).`,
      advice: 'Start here: the other insights on this node say why it is slow.',
    });
  }
  return out;
};

export const PLANNING_MIN_MS = 100;

export const planningTime: Detector = (m) => {
  const planning = m.plan.planningTime;
  const execution = m.plan.executionTime;
  if (planning === undefined) return [];
  const slow = planning >= PLANNING_MIN_MS || (planning >= 10 && execution !== undefined && planning > execution);
  if (!slow) return [];
  return [
    {
      id: 'high-planning-time',
      severity: planning >= 1000 ? 'critical' : 'warning',
      title: `Planning takes ${ms(planning)}`,
      explanation: `The planner spent ${ms(planning)}${execution !== undefined ? ` against ${ms(execution)} of execution` : ''}: many joins, many partitions or many indexes make planning expensive.`,
      advice: 'Use prepared statements (the plan is reused), prune partitions with constant predicates, drop unused indexes, or lower join_collapse_limit / from_collapse_limit for queries with very many joins.',
    },
  ];
};

export const JIT_MIN_MS = 100;

export const jitOverhead: Detector = (m) => {
  const total = m.plan.jit?.total;
  const execution = m.plan.executionTime;
  if (total === undefined || total < JIT_MIN_MS || (execution !== undefined && total < execution * 0.1)) return [];
  return [
    {
      id: 'jit-overhead',
      severity: execution !== undefined && total > execution * 0.5 ? 'critical' : 'warning',
      title: `JIT compilation costs ${ms(total)}`,
      explanation: `Compiling ${m.plan.jit?.functions ?? 'the'} functions took ${ms(total)}${execution !== undefined ? ` of ${ms(execution)}` : ''}. JIT pays off on long analytical queries, not on short ones whose estimated cost merely crosses jit_above_cost.`,
      advice: 'Turn JIT off for this workload or raise the thresholds.',
      sql: "SET jit = off;  -- or: SET jit_above_cost = 1000000;",
    },
  ];
};

export const TRIGGER_SHARE = 0.1;
export const TRIGGER_MIN_MS = 10;

export const triggerTime: Detector = (m) => {
  const execution = m.plan.executionTime;
  const out: Insight[] = [];
  for (const t of m.plan.triggers) {
    if (t.time < TRIGGER_MIN_MS || (execution !== undefined && t.time < execution * TRIGGER_SHARE)) continue;
    const foreignKey = /^RI_ConstraintTrigger|_fkey|fk/i.test(t.name) || t.name.startsWith('for constraint');
    out.push({
      id: 'trigger-time',
      severity: execution !== undefined && t.time > execution * 0.5 ? 'critical' : 'warning',
      title: `Trigger ${t.name} takes ${ms(t.time)}`,
      explanation: `${t.name}${t.relation ? ` on ${t.relation}` : ''} ran ${t.calls} time${t.calls === 1 ? '' : 's'} for ${ms(t.time)}${execution !== undefined ? ` (${percent(t.time / execution)} of execution)` : ''}.`,
      advice: foreignKey
        ? 'Foreign-key checks on delete or update look up the referencing rows: without an index on the referencing column(s) each check scans that table. Index the foreign-key column of the referencing table.'
        : 'Check what the trigger does per row; batch the work or make it conditional (WHEN clause).',
    });
  }
  return out;
};
