/**
 * The index advisor over a workload — the statements a database spends its time on (pg_stat_statements) —
 * rather than one statement: each plannable statement advised in turn (with a generic plan: their texts have
 * $n placeholders and no values), the others skipped with a reason, and the recommendations grouped by index,
 * so an index that serves several statements is reported once, with its gains weighted by their calls.
 */
import type { Node } from '@pgsql/types';
import { asNode, tagOf, walkAst } from '../../parse/ast';
import { parseStatementText } from '../../parse/parser';
import { classifyStatement } from '../../db/statement-kind';
import type { Session } from '../../db/session';
import { adviseIndexes, type AdviseOptions, type StatementAdvice } from './advise';
import { definitionKey } from './sql';
import { readTopStatements, type StatementStatistics, type TopStatementsOptions } from './statement-statistics';
import type { Route } from './trial';
import type { IndexCandidate } from './types';

export type WorkloadItem =
  | { readonly statement: StatementStatistics; readonly advice: StatementAdvice }
  | { readonly statement: StatementStatistics; readonly skipped: string };

/** What one index does for one statement of the workload. */
export interface IndexBenefit {
  readonly statement: StatementStatistics;
  readonly costBefore: number;
  readonly costAfter: number;
  /** costBefore - costAfter: the planner's estimate of what one call saves. */
  readonly gainPerCall: number;
}

export interface WorkloadIndex {
  readonly name: string;
  /** CREATE INDEX CONCURRENTLY IF NOT EXISTS ... for a migration. */
  readonly sql: string;
  readonly candidate: IndexCandidate;
  readonly route?: Route;
  readonly sizeBytes?: number;
  /** The statements it was recommended for, the greatest weighted gain first. */
  readonly statements: readonly IndexBenefit[];
  /** Σ calls × gain per call, in the planner's cost units: what orders the indexes. */
  readonly weightedGain: number;
}

export interface WorkloadAdvice {
  readonly items: readonly WorkloadItem[];
  readonly indexes: readonly WorkloadIndex[];
  /** The caller stopped it: `items` holds what was done. */
  readonly cancelled: boolean;
}

export interface WorkloadOptions extends Omit<AdviseOptions, 'parameters'> {
  /** Called before each statement (for a progress bar). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Polled between statements. */
  readonly isCancelled?: () => boolean;
}

/** A hidden statement's text: the role may only read its own statements' texts. */
const HIDDEN = '<insufficient privilege>';

function firstKeyword(sql: string): string {
  const m = /^\s*(?:(?:--[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*([A-Za-z]+)/.exec(sql);
  return m ? m[1].toUpperCase() : 'It';
}

/** System catalogs and views: pg_catalog, information_schema, and relations named pg_* (pg_stat_statements). */
function isSystemRelation(schema: string | undefined, name: string): boolean {
  return schema === 'pg_catalog' || schema === 'information_schema' || name.startsWith('pg_');
}

function tablesRead(ast: Node): { tables: number; system: number } {
  const ctes = new Set<string>();
  walkAst(ast, (ref) => {
    if (ref.tag === 'CommonTableExpr') {
      const name = (ref.node as { ctename?: string }).ctename;
      if (name) ctes.add(name);
    }
  });
  let tables = 0;
  let system = 0;
  walkAst(ast, (ref) => {
    if (ref.tag !== 'RangeVar') return;
    const rv = ref.node as { schemaname?: string; relname?: string };
    if (!rv.relname || (!rv.schemaname && ctes.has(rv.relname))) return;
    tables++;
    if (isSystemRelation(rv.schemaname, rv.relname)) system++;
  });
  return { tables, system };
}

function insertsValues(ast: Node): boolean {
  const insert = asNode(ast, 'InsertStmt');
  if (!insert) return false;
  const select = asNode(insert.selectStmt, 'SelectStmt');
  return !insert.selectStmt || (select?.valuesLists !== undefined && select.valuesLists.length > 0);
}

/** Why a workload statement is not advised on, or undefined when it is a query an index might speed up. */
export function skipReason(sql: string): string | undefined {
  const text = sql.trim();
  if (text === HIDDEN) return 'Its text is hidden from this role (it may read only its own statements: GRANT pg_read_all_stats).';
  if (text === '') return 'No statement text.';
  const parsed = parseStatementText(text.replace(/;\s*$/, ''));
  if (parsed.error) return `It does not parse: ${parsed.error.message}`;
  if (parsed.stmts.length !== 1) return `It holds ${parsed.stmts.length} statements.`;
  return skipReasonOf(parsed.stmts[0].stmt as Node, text);
}

/** The editor offers "Find indexes" on SELECT, UPDATE and DELETE statements that read a user table. */
export function offersIndexAdvice(ast: Node | undefined): boolean {
  return ast !== undefined && ['SelectStmt', 'UpdateStmt', 'DeleteStmt'].includes(tagOf(ast)) && skipReasonOf(ast, '') === undefined;
}

function skipReasonOf(ast: Node, text: string): string | undefined {
  const kind = classifyStatement(ast);
  if (kind.kind !== 'query' && kind.kind !== 'dml') return `${firstKeyword(text)} is not a query: no plan for an index to improve.`;
  if (insertsValues(ast)) return 'INSERT ... VALUES reads no rows: no plan for an index to improve.';
  if (tagOf(ast) === 'MergeStmt') return 'MERGE is not advised on (its join is the target table\'s key).';
  const { tables, system } = tablesRead(ast);
  if (tables === 0) return 'It reads no table.';
  if (system === tables) return 'It reads only system catalogs and views.';
  return undefined;
}

/** The recommended indexes of a workload, one entry per definition, the greatest weighted gain first. */
export function groupByIndex(items: readonly WorkloadItem[]): WorkloadIndex[] {
  const byKey = new Map<string, { first: WorkloadIndex; statements: IndexBenefit[] }>();
  for (const item of items) {
    if (!('advice' in item)) continue;
    const before = item.advice.costBefore;
    if (before === undefined) continue;
    for (const o of item.advice.outcomes) {
      if (o.status !== 'recommended' || o.costAfter === undefined) continue;
      const key = definitionKey(o.candidate);
      const benefit: IndexBenefit = { statement: item.statement, costBefore: before, costAfter: o.costAfter, gainPerCall: before - o.costAfter };
      const entry = byKey.get(key);
      if (entry) entry.statements.push(benefit);
      else {
        const first: WorkloadIndex = { name: o.name, sql: o.sql, candidate: o.candidate, ...(o.route ? { route: o.route } : {}), ...(o.sizeBytes !== undefined ? { sizeBytes: o.sizeBytes } : {}), statements: [], weightedGain: 0 };
        byKey.set(key, { first, statements: [benefit] });
      }
    }
  }
  const weighted = (b: IndexBenefit): number => b.statement.calls * b.gainPerCall;
  return [...byKey.values()]
    .map(({ first, statements }) => ({ ...first, statements: [...statements].sort((a, b) => weighted(b) - weighted(a)), weightedGain: statements.reduce((sum, b) => sum + weighted(b), 0) }))
    .sort((a, b) => b.weightedGain - a.weightedGain || a.name.localeCompare(b.name));
}

/** Advises on each statement in turn (they share the session: one at a time). */
export async function adviseWorkload(session: Session, statements: readonly StatementStatistics[], options: WorkloadOptions = {}): Promise<WorkloadAdvice> {
  const { onProgress, isCancelled, ...advise } = options;
  const items: WorkloadItem[] = [];
  let cancelled = false;
  for (let i = 0; i < statements.length; i++) {
    if (isCancelled?.()) {
      cancelled = true;
      break;
    }
    onProgress?.(i, statements.length);
    const statement = statements[i];
    const skipped = skipReason(statement.query);
    if (skipped) {
      items.push({ statement, skipped });
      continue;
    }
    try {
      const advice = await adviseIndexes(session, statement.query, { ...advise, parameters: [] });
      items.push(advice.refused ? { statement, skipped: advice.refused } : { statement, advice });
    } catch (e) {
      items.push({ statement, skipped: `The advisor failed on it: ${e instanceof Error ? e.message : String(e)}` });
    }
  }
  return { items, indexes: groupByIndex(items), cancelled };
}

export type WorkloadResult = (WorkloadAdvice & { readonly source: Required<TopStatementsOptions> }) | { readonly unavailable: string };

/** The advisor on the top statements of pg_stat_statements (by total time). */
export async function adviseFromPgStatStatements(session: Session, options: WorkloadOptions & TopStatementsOptions = {}): Promise<WorkloadResult> {
  const { top, minCalls, ...rest } = options;
  const read = await readTopStatements(session, { ...(top !== undefined ? { top } : {}), ...(minCalls !== undefined ? { minCalls } : {}) });
  if ('unavailable' in read) return read;
  return { ...(await adviseWorkload(session, read.statements, rest)), source: read.source };
}
