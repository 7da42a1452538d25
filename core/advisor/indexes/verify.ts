/**
 * The planner's verdict on each candidate: the statement's estimated cost without and with the index, the plan
 * node that reads it, and its estimated size. A candidate is kept only when the planner uses it, the statement
 * costs at least `minCost` and the index cuts that cost by at least `minCostReduction` (Dexter's published
 * thresholds: 100 and 50 %). Of the kept ones, the cheapest per table is recommended (the smaller index when the
 * costs tie), the others are alternatives.
 */
import type { Session } from '../../db/session';
import { nodesUsingIndex, totalCost, type ExplainTarget } from './plan-cost';
import { createIndexSql, indexName } from './sql';
import { tryHypothetical, tryRolledBack, type Route, type TrialOptions } from './trial';
import type { IndexCandidate } from './types';

export interface Thresholds {
  /** 0.5: the index must halve the statement's estimated cost. */
  readonly minCostReduction: number;
  /** 100: cheaper statements are left alone. */
  readonly minCost: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minCostReduction: 0.5, minCost: 100 };

export type CandidateStatus = 'recommended' | 'alternative' | 'rejected' | 'unverified';

export interface IndexUse {
  readonly nodeType: string;
  readonly relationName?: string;
  /** Index Cond / Filter / Recheck Cond of the node, as the plan prints them. */
  readonly conditions: Readonly<Record<string, string>>;
  readonly totalCost?: number;
}

export interface CandidateOutcome {
  readonly candidate: IndexCandidate;
  readonly name: string;
  /** CREATE INDEX CONCURRENTLY IF NOT EXISTS ... for a migration. */
  readonly sql: string;
  readonly status: CandidateStatus;
  /** Why it was rejected or left unverified; for kept ones, the gain in words. */
  readonly verdict: string;
  readonly route?: Route;
  readonly costAfter?: number;
  /** (before - after) / before */
  readonly reduction?: number;
  readonly usedBy?: IndexUse;
  readonly sizeBytes?: number;
}

export interface VerifyContext {
  readonly session: Session;
  readonly target: ExplainTarget;
  readonly routes: readonly Route[];
  readonly costBefore: number;
  readonly thresholds: Thresholds;
  readonly trial: TrialOptions;
}

const percent = (x: number): string => `${(x * 100).toFixed(x >= 0.995 ? 1 : 0)} %`;

function unverified(candidate: IndexCandidate, verdict: string): CandidateOutcome {
  return { candidate, name: indexName(candidate), sql: createIndexSql(candidate), status: 'unverified', verdict };
}

async function verifyOne(ctx: VerifyContext, candidate: IndexCandidate, ordinal: number): Promise<CandidateOutcome> {
  const errors: string[] = [];
  for (const route of ctx.routes) {
    // HypoPG models B-tree (and BRIN, hash, bloom) indexes, not GIN.
    if (route === 'hypopg' && candidate.method === 'gin') {
      errors.push('HypoPG cannot simulate GIN indexes (allow a rolled-back CREATE INDEX to verify it)');
      continue;
    }
    let result;
    try {
      result = route === 'hypopg' ? await tryHypothetical(ctx.session, candidate, ctx.target, ctx.trial) : await tryRolledBack(ctx.session, candidate, ctx.target, ctx.trial, `pga_advisor_trial_${ordinal}`);
    } catch (e) {
      errors.push(`${route}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const after = totalCost(result.plan);
    const reduction = ctx.costBefore > 0 ? (ctx.costBefore - after) / ctx.costBefore : 0;
    const node = nodesUsingIndex(result.plan, result.planName)[0];
    const base = { candidate, name: indexName(candidate), sql: createIndexSql(candidate), route, costAfter: after, reduction, sizeBytes: result.sizeBytes };
    const usedBy: IndexUse | undefined = node ? { nodeType: node.nodeType, ...(node.relationName ? { relationName: node.relationName } : {}), conditions: node.conditions, ...(node.totalCost !== undefined ? { totalCost: node.totalCost } : {}) } : undefined;
    if (!usedBy) return { ...base, status: 'rejected', verdict: 'the planner does not use it' };
    if (ctx.costBefore < ctx.thresholds.minCost) return { ...base, usedBy, status: 'rejected', verdict: `the statement already costs only ${ctx.costBefore.toFixed(1)} (< ${ctx.thresholds.minCost})` };
    if (reduction < ctx.thresholds.minCostReduction) return { ...base, usedBy, status: 'rejected', verdict: `cuts the cost by ${percent(reduction)} only (< ${percent(ctx.thresholds.minCostReduction)})` };
    return { ...base, usedBy, status: 'recommended', verdict: `cuts the cost by ${percent(reduction)}` };
  }
  return unverified(candidate, errors.join('; ') || 'no way to try it on the planner');
}

/** Plan costs this close (relative) are a tie: the planner's estimate does not separate them. */
export const COST_TIE = 0.02;

/** Cheapest resulting plan first, costs within COST_TIE counting as equal; then the smaller index; then fewer columns. */
export function better(a: CandidateOutcome, b: CandidateOutcome): number {
  const ca = a.costAfter ?? Infinity;
  const cb = b.costAfter ?? Infinity;
  const tie = Number.isFinite(ca) && Number.isFinite(cb) && Math.abs(ca - cb) <= COST_TIE * Math.max(ca, cb);
  return (tie ? 0 : ca - cb) || (a.sizeBytes ?? Infinity) - (b.sizeBytes ?? Infinity) || a.candidate.columns.length + a.candidate.include.length - (b.candidate.columns.length + b.candidate.include.length);
}

export async function verifyCandidates(ctx: VerifyContext, candidates: readonly IndexCandidate[]): Promise<CandidateOutcome[]> {
  if (ctx.routes.length === 0) return candidates.map((c) => unverified(c, 'not verified: no HypoPG, and real CREATE INDEX in a rolled-back transaction was not allowed'));
  const out: CandidateOutcome[] = [];
  for (let i = 0; i < candidates.length; i++) out.push(await verifyOne(ctx, candidates[i], i + 1));
  const kept = out.filter((o) => o.status === 'recommended').sort(better);
  const bestTable = new Set<string>();
  const final = new Map<CandidateOutcome, CandidateOutcome>();
  for (const o of kept) {
    const table = `${o.candidate.schema}.${o.candidate.table}`;
    if (bestTable.has(table)) final.set(o, { ...o, status: 'alternative', verdict: `${o.verdict}, but another candidate on ${o.candidate.table} does better` });
    bestTable.add(table);
  }
  const ranked = out.map((o) => final.get(o) ?? o);
  const order: Record<CandidateStatus, number> = { recommended: 0, alternative: 1, rejected: 2, unverified: 3 };
  return ranked.sort((a, b) => order[a.status] - order[b.status] || better(a, b));
}
