/**
 * Runs EXPLAIN for a statement on a session, safely: the options the server's version supports, always inside
 * a transaction that is rolled back (READ ONLY unless a confirmed EXPLAIN ANALYZE changes data), a statement
 * timeout, and refusals with a reason. What the rollback cannot undo — data-changing statements under ANALYZE,
 * and the functions the statement would run that act beyond the transaction (side-effects.ts: dblink,
 * pg_terminate_backend, sequences, ... also user functions evaluated while planning) — needs a confirmation
 * (`allowDataChanges`), asked with a message that names them.
 */
import { inTurn } from './session-turns';
import { parseStatementText } from '../parse/parser';
import { numberNamedParameters } from './named-parameters';
import { explainGenericPlan, GENERIC_PLAN_MIN_VERSION } from './generic-plan';
import { parsePlan } from '../explain/parse';
import type { Plan } from '../explain/model';
import { classifyStatement, type StatementClass } from './statement-kind';
import { failureOf } from './postgres-session';
import { stringReadingRefusal } from './string-reading';
import { describeSideEffect, findSideEffects, type SideEffect } from './side-effects';
import type { DatabaseFailure } from './errors';
import type { Session } from './session';

export interface ExplainRequest {
  readonly sql: string;
  readonly analyze: boolean;
  /** Values for $1..$n, as text; without them (and not analyzing) a generic plan is asked for on 12+. */
  readonly parameters?: readonly string[];
  /**
   * The user confirmed what the rollback does not cover: EXPLAIN ANALYZE of a data-changing statement (it still
   * runs in a rolled-back transaction) and calls with effects beyond the transaction (the refusal names them).
   */
  readonly allowDataChanges?: boolean;
  /** A read-only profile: every EXPLAIN runs in a READ ONLY transaction. */
  readonly readOnly?: boolean;
  readonly timeoutMs?: number;
}

export type ExplainOutcome =
  | {
      readonly plan: Plan;
      readonly json: string;
      readonly options: string;
      readonly statement: StatementClass;
      /** Planned without parameter values (the plan a prepared statement gets), on any version from 12. */
      readonly generic: boolean;
    }
  | {
      readonly refused: string;
      readonly statement?: StatementClass;
      readonly needs?: 'confirmation' | 'parameters';
      /** With needs 'confirmation': what would run that the rollback does not undo. */
      readonly effects?: readonly SideEffect[];
    }
  | { readonly failure: DatabaseFailure };

/** EXPLAIN options for a server version. */
export function explainOptions(version: number, analyze: boolean): string {
  const options = ['FORMAT JSON', 'VERBOSE'];
  if (analyze) options.unshift('ANALYZE');
  if (analyze || version >= 13) options.push('BUFFERS');
  if (version >= 12) options.push('SETTINGS');
  if (analyze && version >= 13) options.push('WAL');
  return options.join(', ');
}

export function runExplain(session: Session, request: ExplainRequest): Promise<ExplainOutcome> {
  return inTurn(session, () => explainInTurn(session, request));
}

async function explainInTurn(session: Session, request: ExplainRequest): Promise<ExplainOutcome> {
  // psql variables (`:customer_id`) become $n parameters, asked for like any other.
  const sql = numberNamedParameters(request.sql.trim().replace(/;\s*$/, '')).sql;
  const parsed = parseStatementText(sql);
  if (parsed.error) return { refused: `The statement does not parse: ${parsed.error.message}` };
  if (parsed.stmts.length !== 1) return { refused: `Select one statement to explain (found ${parsed.stmts.length}).` };
  const ast = parsed.stmts[0].stmt;
  const statement = classifyStatement(ast);
  if (!ast || statement.kind === 'not-explainable') return { refused: statement.refusal ?? 'This statement cannot be explained.', statement };
  const params = request.parameters ?? [];
  const generic = statement.parameterCount > 0 && params.length === 0;
  // A generic plan is never analyzed: running the statement would need the values it does not have.
  if (generic && (request.analyze || session.serverVersion < GENERIC_PLAN_MIN_VERSION)) {
    return { refused: `The statement has ${statement.parameterCount} parameter(s): give values${request.analyze ? ' to run EXPLAIN ANALYZE' : ` (a generic plan needs PostgreSQL ${GENERIC_PLAN_MIN_VERSION}+)`}.`, statement, needs: 'parameters' };
  }
  if (!generic && params.length < statement.parameterCount) return { refused: `The statement needs ${statement.parameterCount} parameter value(s), got ${params.length}.`, statement, needs: 'parameters' };
  const options = explainOptions(session.serverVersion, request.analyze);
  const changesData = request.analyze && statement.dataChange !== undefined;
  const readOnly = request.readOnly === true || !changesData;
  try {
    const misread = await stringReadingRefusal(session, sql);
    if (misread) return { refused: misread, statement };
    await session.query(readOnly ? 'BEGIN TRANSACTION READ ONLY' : 'BEGIN');
    try {
      if (request.timeoutMs) await session.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(request.timeoutMs))}`);
      if (!request.allowDataChanges) {
        // Read in this transaction, as the run would see it: a read-only run cannot write, so writes inside
        // functions start no triggers and take no sequence values.
        const effects = await findSideEffects(session, ast, { analyze: request.analyze, writable: !readOnly });
        if (changesData || effects.length > 0) {
          return { refused: confirmationMessage(request.analyze, statement.dataChange, effects), statement, needs: 'confirmation', effects };
        }
      }
      // The generic plan: PREPARE / EXPLAIN EXECUTE (always deallocated).
      const value = generic
        ? await explainGenericPlan(session, sql, statement.parameterCount, options)
        : (await session.query<Record<string, unknown>>(`EXPLAIN (${options}) ${sql}`, params.slice(0, statement.parameterCount))).rows[0]?.['QUERY PLAN'];
      const json = typeof value === 'string' ? value : JSON.stringify(value);
      const plan = parsePlan(json);
      if ('error' in plan) return { refused: `The server's plan could not be read: ${plan.error}` };
      return { plan: plan.plan, json, options, statement, generic };
    } finally {
      await session.query('ROLLBACK').catch(() => undefined);
    }
  } catch (e) {
    return { failure: failureOf(e) ?? { kind: 'other', message: e instanceof Error ? e.message : String(e) } };
  }
}

/** Why EXPLAIN asks first: what the statement changes under ANALYZE, and what the rollback does not undo. */
export function confirmationMessage(analyze: boolean, dataChange: string | undefined, effects: readonly SideEffect[]): string {
  const listed = effects.map(describeSideEffect).join('; ');
  if (!analyze) {
    return `EXPLAIN evaluates IMMUTABLE and STABLE functions with constant arguments while it plans, so these run even without ANALYZE, and the rollback does not undo them: ${listed}. It needs a confirmation.`;
  }
  if (!dataChange) return `EXPLAIN ANALYZE runs the statement, and the rollback does not undo what it calls: ${listed}. It needs a confirmation.`;
  const change = `EXPLAIN ANALYZE runs the statement, which ${dataChange}: it runs in a transaction that is rolled back, after a confirmation.`;
  return effects.length > 0 ? `${change} Beyond the transaction: ${listed}.` : change;
}

/** The line that says a plan is generic, for people reading it: its costs were estimated without the values. */
const GENERIC_PLAN_NOTE = 'Generic plan: planned without parameter values, as a prepared statement may be; estimates assume typical values.';

/** What a reader of the plan should know about where it came from: the caller's note, then whether it is generic. */
export function planNotes(origin: string | undefined, outcome: { readonly generic: boolean }): string[] {
  return [origin ?? '', outcome.generic ? GENERIC_PLAN_NOTE : ''].filter((n) => n !== '');
}
