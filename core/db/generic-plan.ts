/**
 * EXPLAIN of a statement with $n parameters and no values: the generic plan, the one a prepared statement gets
 * whatever its values, from PREPARE (parameter types inferred from the statement) and EXPLAIN EXECUTE with NULLs
 * under plan_cache_mode = force_generic_plan (PostgreSQL 12+), where the values never reach the planner.
 * pg_stat_statements' normalized texts ($1 for every constant) are such statements.
 *
 * Not EXPLAIN (GENERIC_PLAN) on 16+: statements go over the extended protocol (one statement by construction),
 * whose Bind must supply every $n, and bound values are folded into the plan as constants (`id = NULL` became
 * "One-Time Filter: false"); PREPARE has no such values.
 *
 * Runs inside the caller's transaction block. The PREPARE route works in a savepoint that is rolled back, so a
 * failed attempt (a parameter it cannot type, retried as text) leaves the transaction usable; the prepared
 * statement, which outlives transactions, is always deallocated.
 */
import type { Session } from './session';

export const GENERIC_PLAN_MIN_VERSION = 12;

/** SQLSTATE: could not determine data type of parameter $n. */
const INDETERMINATE_DATATYPE = '42P18';
const SAVEPOINT = 'pga_generic_plan';

let sequence = 0;

function sqlState(e: unknown): string | undefined {
  const carried = (e as { failure?: { code?: unknown } } | undefined)?.failure?.code;
  const own = (e as { code?: unknown } | undefined)?.code;
  return typeof carried === 'string' ? carried : typeof own === 'string' ? own : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The parameter PostgreSQL could not type (`WHERE $2 IS NULL`), to declare it text and try again; undefined when
 * the error is something else.
 */
export function indeterminateParameter(e: unknown): number | undefined {
  if (sqlState(e) !== INDETERMINATE_DATATYPE) return undefined;
  const n = Number(/\$(\d+)/.exec(messageOf(e))?.[1]);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The PREPARE statement: types only when one had to be declared (`unknown` lets the server infer the others). */
export function prepareSql(name: string, sql: string, types: readonly string[]): string {
  const declared = types.some((t) => t !== 'unknown') ? `(${types.join(', ')})` : '';
  return `PREPARE ${name}${declared} AS ${sql}`;
}

async function viaPrepare(session: Session, sql: string, parameterCount: number, options: string): Promise<unknown> {
  const name = `pga_generic_plan_${++sequence}`;
  const types: string[] = Array.from({ length: parameterCount }, () => 'unknown');
  let prepared = false;
  await session.query(`SAVEPOINT ${SAVEPOINT}`);
  try {
    for (;;) {
      await session.query('SET LOCAL plan_cache_mode = force_generic_plan');
      try {
        await session.query(prepareSql(name, sql, types));
        prepared = true;
        break;
      } catch (e) {
        const n = indeterminateParameter(e);
        if (n === undefined || n > parameterCount || types[n - 1] !== 'unknown') throw e;
        types[n - 1] = 'text';
        await session.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
      }
    }
    const nulls = Array.from({ length: parameterCount }, () => 'NULL').join(', ');
    const r = await session.query<Record<string, unknown>>(`EXPLAIN (${options}) EXECUTE ${name}${parameterCount > 0 ? `(${nulls})` : ''}`);
    return r.rows[0]?.['QUERY PLAN'];
  } finally {
    await session.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`).catch(() => undefined);
    await session.query(`RELEASE SAVEPOINT ${SAVEPOINT}`).catch(() => undefined);
    if (prepared) await session.query(`DEALLOCATE ${name}`).catch(() => undefined);
  }
}

/**
 * The `QUERY PLAN` value of EXPLAIN (`options`, e.g. FORMAT JSON) for the generic plan of `sql`. Throws the
 * server's error when the statement cannot be planned, and a clear one below PostgreSQL 12.
 */
export async function explainGenericPlan(session: Session, sql: string, parameterCount: number, options: string): Promise<unknown> {
  if (session.serverVersion < GENERIC_PLAN_MIN_VERSION) {
    throw new Error(`A plan without parameter values needs PostgreSQL ${GENERIC_PLAN_MIN_VERSION}+ (this server is ${session.serverVersion}): give values for the parameters.`);
  }
  return viaPrepare(session, sql, parameterCount, options);
}
