/**
 * Volatility of expressions as they appear in column defaults, from pg_proc.provolatile of the built-in
 * functions (and the common extensions). Since PostgreSQL 11, ADD COLUMN with a non-volatile default stores
 * the value once in the catalog; a volatile one must be evaluated per row, which rewrites the table.
 */
import type { FuncCall, Node } from '@pgsql/types';
import { stringValues, typeNameOf, walkAst } from '../parse/ast';

export type Volatility = 'volatile' | 'not-volatile' | 'unknown';

/** Functions whose provolatile is 'v'; test/pg checks the built-in ones against a real server. */
export const VOLATILE_FUNCTIONS: ReadonlySet<string> = new Set([
  'random',
  'random_normal',
  'setseed',
  'clock_timestamp',
  'timeofday',
  'gen_random_uuid',
  'uuidv4',
  'uuidv7',
  'nextval',
  'setval',
  'currval',
  'lastval',
  'pg_sleep',
  // uuid-ossp and pgcrypto
  'uuid_generate_v1',
  'uuid_generate_v1mc',
  'uuid_generate_v4',
  'gen_random_bytes',
  'gen_salt',
]);

/** Common default functions that are stable or immutable: evaluated once when the column is added. */
export const NON_VOLATILE_FUNCTIONS: ReadonlySet<string> = new Set([
  'now',
  'transaction_timestamp',
  'statement_timestamp',
  'current_setting',
  'current_database',
  'current_schema',
  'version',
  'to_timestamp',
  'to_date',
  'to_char',
  'make_date',
  'make_timestamp',
  'make_timestamptz',
  'make_interval',
  'date_trunc',
  'timezone',
  'lower',
  'upper',
  'concat',
  'md5',
  'length',
  'abs',
  'round',
  'array_fill',
  'jsonb_build_object',
  'jsonb_build_array',
  'json_build_object',
  'json_build_array',
  'to_jsonb',
  'to_json',
  'inet_client_addr',
  'txid_current',
  'pg_current_xact_id',
  'uuid_generate_v3',
  'uuid_generate_v5',
  'uuid_nil',
]);

/** Serial pseudo-types: their implicit default is nextval() of a new sequence. */
export const SERIAL_TYPES: ReadonlySet<string> = new Set(['serial', 'serial2', 'serial4', 'serial8', 'smallserial', 'bigserial']);

/**
 * Volatility of a default expression: 'volatile' when it calls a known volatile function, 'unknown' when it
 * calls a function we do not know (user-defined ones may be either), else 'not-volatile'.
 */
export function expressionVolatility(expr: Node | undefined): Volatility {
  if (!expr) return 'not-volatile';
  let result: Volatility = 'not-volatile';
  walkAst(expr, (ref) => {
    if (ref.tag !== 'FuncCall') return;
    const name = functionName(stringValues((ref.node as FuncCall).funcname));
    if (VOLATILE_FUNCTIONS.has(name)) result = 'volatile';
    else if (!NON_VOLATILE_FUNCTIONS.has(name) && result === 'not-volatile') result = 'unknown';
  });
  return result;
}

/** The first known volatile function an expression calls (`gen_random_uuid`), if any. */
export function volatileFunctionIn(expr: Node | undefined): string | undefined {
  let found: string | undefined;
  if (expr) {
    walkAst(expr, (ref) => {
      if (found || ref.tag !== 'FuncCall') return;
      const name = functionName(stringValues((ref.node as FuncCall).funcname));
      if (VOLATILE_FUNCTIONS.has(name)) found = name;
    });
  }
  return found;
}

/** The function's own name: extension functions live in whatever schema they were installed in. */
function functionName(parts: readonly string[]): string {
  return parts[parts.length - 1] ?? '';
}

/** True for a column type whose implicit default is nextval() (serial, bigserial, ...). */
export function isSerialType(type: Parameters<typeof typeNameOf>[0]): boolean {
  return SERIAL_TYPES.has(typeNameOf(type));
}
