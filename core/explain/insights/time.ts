/** Where the time goes: slow nodes, planning, JIT and trigger time. Thresholds: docs/explain-insights.md. */
import type { Detector, Insight } from './types';
import { describeRelation, ms, percent } from './types';
import { quoteIdentifier } from '../../catalog/names';

/**
 * explain.depesz colours a node's exclusive time by its share of the total (bands at 10%, 50%, 90%). A finding
 * starts lower, at 30%, so that when the time is spread over two or three nodes each of them is named.
 */
export const SLOW_NODE_WARNING = 0.3;
export const SLOW_NODE_CRITICAL = 0.6;
/** Below this a node is not worth a finding, whatever its share. */
export const SLOW_NODE_MIN_MS = 1;

/** In a query this fast, "most of the time is in this node" is true of some node and says nothing. */
export const SLOW_NODE_MIN_TOTAL_MS = 10;

export const slowNode: Detector = (m) => {
  const out: Insight[] = [];
  // ... nor in a plan of one node, where it can only point at that node.
  if ((m.totalTime ?? 0) < SLOW_NODE_MIN_TOTAL_MS || m.plan.nodes.length < 2) return out;
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
      timeMs: planning,
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
      timeMs: total,
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
    const foreignKey = t.constraint !== undefined || /^RI_ConstraintTrigger|_fkey|fk/i.test(t.name);
    const referencing = foreignKey ? referencingColumn(t.constraint ?? t.name, t.relation) : undefined;
    const label = t.constraint ? `for constraint ${t.constraint}` : t.name;
    out.push({
      id: 'trigger-time',
      severity: execution !== undefined && t.time > execution * 0.5 ? 'critical' : 'warning',
      timeMs: t.time,
      title: `Trigger ${label} takes ${ms(t.time)}`,
      explanation: `${label}${t.relation ? ` on ${t.relation}` : ''} ran ${t.calls} time${t.calls === 1 ? '' : 's'} for ${ms(t.time)}${execution !== undefined ? ` (${percent(t.time / execution)} of execution)` : ''}.`,
      advice: foreignKey
        ? referencing
          ? `Each check of the foreign key ${t.constraint ?? t.name} looks up the referencing rows in ${referencing.table} by ${referencing.column}: without an index on that column every check scans ${referencing.table}. Index the foreign-key column of the referencing table (the table and column are read from PostgreSQL's default constraint name <table>_<column>_fkey: check them with \\d ${referencing.table}).`
          : `Foreign-key checks on delete or update look up the referencing rows: without an index on the referencing column(s) each check scans that table. Index the foreign-key column of the referencing table (\\d on the table that defines ${t.constraint ?? t.name} shows the column).`
        : 'Check what the trigger does per row; batch the work or make it conditional (WHEN clause).',
      ...(referencing ? { sql: `CREATE INDEX CONCURRENTLY ON ${quoteIdentifier(referencing.table)} (${quoteIdentifier(referencing.column)});` } : {}),
    });
  }
  return out;
};

/**
 * The referencing table and column of a foreign key named the way PostgreSQL names it by default,
 * `<table>_<column>_fkey`, split where the referenced table's name (or its singular) starts the column:
 * `orders_customer_id_fkey` on customers -> orders (customer_id). Undefined when no split is evident.
 */
export function referencingColumn(constraint: string, referenced: string | undefined): { table: string; column: string } | undefined {
  const m = /^(.+)_fkey\d*$/.exec(constraint);
  if (!m || !referenced) return undefined;
  const body = m[1];
  const bare = referenced.replace(/^.*\./, '').replace(/"/g, '');
  const stems = [...new Set([bare, bare.replace(/ies$/, 'y'), bare.replace(/(?:es|s)$/, ''), bare.replace(/s$/, '')])].filter((x) => x.length > 0);
  for (const stem of stems) {
    const at = body.indexOf(`_${stem}`);
    if (at > 0) return { table: body.slice(0, at), column: body.slice(at + 1) };
  }
  return undefined;
}
