/**
 * The index advisor for one statement: parse it, read how it uses its tables, read those tables' columns,
 * statistics and indexes, build candidates, and let the planner judge each one (HypoPG when installed, else a
 * real CREATE INDEX rolled back — on the embedded database, or on a server when allowed).
 */
import { inTurn } from '../../db/session-turns';
import type { Node } from '@pgsql/types';
import { parseStatementText } from '../../parse/parser';
import { classifyStatement } from '../../db/statement-kind';
import { GENERIC_PLAN_MIN_VERSION } from '../../db/generic-plan';
import type { Session } from '../../db/session';
import { stringReadingRefusal } from '../../db/string-reading';
import { indexCandidates, type CandidateOptions } from './candidates';
import { installedExtensions, readEnvironment } from './catalog';
import { explainPlan, totalCost, type ExplainTarget } from './plan-cost';
import { queryShape } from './query-shape';
import { tableKey } from './scope';
import { createIndexSql, indexName } from './sql';
import type { Route } from './trial';
import type { IndexCandidate } from './types';
import { DEFAULT_THRESHOLDS, verifyCandidates, type CandidateOutcome, type Thresholds } from './verify';

export interface AdviseOptions extends CandidateOptions, Partial<Thresholds> {
  /** auto: HypoPG when installed, else the rolled-back CREATE INDEX where allowed (always on the embedded database). */
  readonly route?: 'auto' | Route | 'none';
  /** Real CREATE INDEX (rolled back) on a server: reads the whole table and blocks its writes while it builds. */
  readonly allowCreateIndex?: boolean;
  /** Values for $1, $2, ... (else a generic plan, PostgreSQL 12+). */
  readonly parameters?: readonly string[];
  readonly timeoutMs?: number;
}

export interface CoveredOutcome {
  readonly definition: string;
  readonly existing: string;
  readonly schema: string;
  readonly table: string;
}

export interface StatementAdvice {
  readonly sql: string;
  readonly route: Route | 'none';
  readonly costBefore?: number;
  readonly outcomes: readonly CandidateOutcome[];
  readonly covered: readonly CoveredOutcome[];
  readonly notes: readonly string[];
  /** Tables (schema.name) without rows or statistics: what the planner says about them proves nothing. */
  readonly emptyTables?: readonly string[];
  /** The advisor could not work on this statement (it does not parse, is not a query, ...). */
  readonly refused?: string;
}

async function chooseRoutes(session: Session, options: AdviseOptions, hypopg: boolean): Promise<Route[]> {
  const rollbackAllowed = session.kind === 'pglite' || options.allowCreateIndex === true;
  switch (options.route ?? 'auto') {
    case 'none':
      return [];
    case 'hypopg':
      return hypopg ? ['hypopg'] : [];
    case 'rollback':
      return rollbackAllowed ? ['rollback'] : [];
    default:
      return [...(hypopg ? (['hypopg'] as const) : []), ...(rollbackAllowed ? (['rollback'] as const) : [])];
  }
}

function describe(c: IndexCandidate): string {
  return createIndexSql(c, indexName(c));
}

/** The advisor on one statement; its transactions never interleave with another caller's on the same session. */
export function adviseIndexes(session: Session, sqlText: string, options: AdviseOptions = {}): Promise<StatementAdvice> {
  return inTurn(session, () => adviseInTurn(session, sqlText, options));
}

async function adviseInTurn(session: Session, sqlText: string, options: AdviseOptions): Promise<StatementAdvice> {
  const sql = sqlText.trim().replace(/;\s*$/, '');
  const base = { sql, route: 'none' as const, outcomes: [], covered: [], notes: [] };
  const parsed = parseStatementText(sql);
  if (parsed.error) return { ...base, refused: `The statement does not parse: ${parsed.error.message}` };
  if (parsed.stmts.length !== 1) return { ...base, refused: `Give one statement (found ${parsed.stmts.length}).` };
  const ast = parsed.stmts[0].stmt as Node;
  const kind = classifyStatement(ast);
  if (kind.kind !== 'query' && kind.kind !== 'dml') return { ...base, refused: kind.refusal ?? 'Indexes are advised for SELECT, UPDATE and DELETE statements.' };
  const parameters = options.parameters ?? [];
  if (kind.parameterCount > 0 && parameters.length === 0 && session.serverVersion < GENERIC_PLAN_MIN_VERSION) {
    return { ...base, refused: `The statement has ${kind.parameterCount} parameter(s): give values (a generic plan needs PostgreSQL ${GENERIC_PLAN_MIN_VERSION}+).` };
  }
  const misread = await stringReadingRefusal(session, sql);
  if (misread) return { ...base, refused: misread };
  const thresholds: Thresholds = { minCostReduction: options.minCostReduction ?? DEFAULT_THRESHOLDS.minCostReduction, minCost: options.minCost ?? DEFAULT_THRESHOLDS.minCost };

  const extensions = await installedExtensions(session);
  const firstPass = queryShape(ast);
  const env = await readEnvironment(session, firstPass.usages.map((u) => u.table), extensions);
  const shape = queryShape(ast, (t) => {
    const facts = env.tables.get(tableKey(t));
    return facts ? [...facts.columnTypes.keys()] : undefined;
  });
  const set = indexCandidates(shape, env, options);
  const notes = [...set.notes];
  if (shape.unresolved.length > 0) notes.push(`Columns not attributed to a table (qualify them): ${shape.unresolved.join(', ')}.`);
  const empty = [...env.tables.values()].filter((t) => t.rows <= 0).map((t) => `${t.schema}.${t.name}`);
  if (empty.length > 0) {
    notes.push(
      `${empty.join(', ')} ${empty.length === 1 ? 'has' : 'have'} no rows or no statistics: on empty tables the planner rarely prefers an index, so little or nothing can be verified. ` +
        (session.kind === 'pglite' ? 'Import statistics from a server (--import-stats-from URL) or use --db.' : 'Run ANALYZE, or advise on a database with representative data.'),
    );
  }

  const target: ExplainTarget = { sql, parameterCount: kind.parameterCount, parameters };
  const timeoutMs = options.timeoutMs ?? 60_000;
  let costBefore: number;
  await session.query('BEGIN TRANSACTION READ ONLY');
  try {
    await session.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    costBefore = totalCost(await explainPlan(session, target));
  } catch (e) {
    return { ...base, refused: `EXPLAIN failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    await session.query('ROLLBACK').catch(() => undefined);
  }

  // One line per existing index: several candidates it serves say the same thing.
  const covered = set.covered
    .filter((c, i, all) => all.findIndex((o) => o.existing === c.existing) === i)
    .map((c) => ({ definition: describe(c.candidate), existing: c.existing, schema: c.candidate.schema, table: c.candidate.table }));
  const routes = await chooseRoutes(session, options, extensions.hypopg);
  if (routes.length === 0 && set.candidates.length > 0) {
    notes.push(
      options.route === 'hypopg'
        ? 'HypoPG is not installed in this database (CREATE EXTENSION hypopg): the candidates were not verified.'
        : 'Not verified: install HypoPG on the server (CREATE EXTENSION hypopg), or allow a real CREATE INDEX in a transaction that is rolled back (--allow-create-index; it reads the table and blocks its writes while it builds).',
    );
  }
  if (costBefore < thresholds.minCost && set.candidates.length > 0) notes.push(`The statement's estimated cost is ${costBefore.toFixed(1)}, below ${thresholds.minCost}: no index is worth recommending for it.`);
  if (set.candidates.length === 0 && covered.length === 0 && notes.length === 0) notes.push('No column of the statement is filtered, joined, sorted or grouped in a way an index serves.');
  const outcomes = await verifyCandidates({ session, target, routes, costBefore, thresholds, trial: { timeoutMs } }, set.candidates);
  if (outcomes.some((o) => o.status === 'rejected') && !outcomes.some((o) => o.status === 'recommended') && empty.length === 0 && costBefore >= thresholds.minCost) {
    notes.push('No candidate cut the plan\'s cost enough: the planner prefers the current plan (the conditions may match too many rows).');
  }
  return { sql, route: routes[0] ?? 'none', costBefore, outcomes, covered, notes, emptyTables: empty };
}
