/** An insight: something in the plan worth acting on, on a node, with advice (and SQL where it applies). */
import type { NodeMetrics, PlanMetrics } from '../metrics';
import { quoteIdentifier } from '../../catalog/names';
import type { PlanNode } from '../model';
import { nodeTitle } from '../titles';

export type InsightSeverity = 'critical' | 'warning' | 'info';

/** The index an insight's SQL creates, as the index advisor names it (to verify it, or replace it with its own). */
export interface IndexTarget {
  /** As the plan says; absent when the plan does not (text plans without VERBOSE). */
  readonly schema?: string;
  readonly table: string;
  /** Key columns in order (unquoted names; sort keys without their direction). */
  readonly columns: readonly string[];
}

export interface Insight {
  /** Stable id of the detector (docs/explain-insights.md). */
  readonly id: string;
  readonly severity: InsightSeverity;
  /** The node it concerns; undefined for plan-wide insights (planning time, JIT). */
  readonly nodeId?: number;
  readonly title: string;
  /** Plain explanation of what the numbers show. */
  readonly explanation: string;
  /** What to do. */
  readonly advice: string;
  /** Ready-to-run SQL, when there is one (CREATE INDEX CONCURRENTLY ..., SET work_mem = ...). */
  readonly sql?: string;
  /** The index `sql` creates, when it creates one: the index advisor verifies it where a database is at hand. */
  readonly index?: IndexTarget;
  /**
   * ms the problem costs when the plan has timing (at most what fixing it can save): insights are ranked by it.
   * Absent: the node's exclusive time is used.
   */
  readonly timeMs?: number;
}

/** What is known of where the plan was made, beyond the plan itself. */
export interface PlanContext {
  /**
   * The plan ran on tables without data (the embedded database): actual row counts say nothing about
   * production, so estimates are not judged against them.
   */
  readonly emptyTables?: boolean;
}

export type Detector = (metrics: PlanMetrics, context: PlanContext) => Insight[];

export function severityRank(s: InsightSeverity): number {
  return s === 'critical' ? 0 : s === 'warning' ? 1 : 2;
}

/** Rounded, readable milliseconds. */
export function ms(value: number): string {
  return value >= 100 ? `${Math.round(value)} ms` : value >= 1 ? `${value.toFixed(1)} ms` : `${value.toFixed(3)} ms`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** The node's table as SQL names it (schema-qualified when the plan says), for the SQL an insight offers. */
export function qualifiedTable(node: PlanNode): string | undefined {
  if (!node.relationName) return undefined;
  return node.schema ? `${quoteIdentifier(node.schema)}.${quoteIdentifier(node.relationName)}` : quoteIdentifier(node.relationName);
}

/** The index target of a scan node's table. */
export function indexTarget(node: PlanNode, columns: readonly string[]): IndexTarget | undefined {
  if (!node.relationName) return undefined;
  return { ...(node.schema ? { schema: node.schema } : {}), table: node.relationName, columns };
}

/** "Seq Scan on orders o" for messages. */
export function describeRelation(m: NodeMetrics): string {
  return nodeTitle(m.node);
}

/** A work_mem value that fits `kb` kilobytes, rounded up to a readable size. */
export function workMemFor(kb: number): string {
  const mb = Math.max(1, Math.ceil(kb / 1024));
  const nice = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096].find((v) => v >= mb) ?? mb;
  return nice >= 1024 && nice % 1024 === 0 ? `${nice / 1024}GB` : `${nice}MB`;
}
