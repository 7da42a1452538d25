/** pg_catalog names offered by completion: common functions with their signatures, and type names as written. */

export interface BuiltinFunction {
  readonly name: string;
  readonly signature: string;
  readonly returns: string;
}

export const BUILTIN_FUNCTIONS: readonly BuiltinFunction[] = [
  { name: 'count', signature: 'count(*) | count(expression)', returns: 'bigint' },
  { name: 'sum', signature: 'sum(expression)', returns: 'numeric | bigint | double precision' },
  { name: 'avg', signature: 'avg(expression)', returns: 'numeric | double precision' },
  { name: 'min', signature: 'min(expression)', returns: 'same as input' },
  { name: 'max', signature: 'max(expression)', returns: 'same as input' },
  { name: 'array_agg', signature: 'array_agg(expression [ORDER BY ...])', returns: 'anyarray' },
  { name: 'string_agg', signature: 'string_agg(value text, delimiter text [ORDER BY ...])', returns: 'text' },
  { name: 'jsonb_agg', signature: 'jsonb_agg(expression)', returns: 'jsonb' },
  { name: 'bool_and', signature: 'bool_and(boolean)', returns: 'boolean' },
  { name: 'bool_or', signature: 'bool_or(boolean)', returns: 'boolean' },
  { name: 'coalesce', signature: 'coalesce(value, ...)', returns: 'first non-null argument' },
  { name: 'nullif', signature: 'nullif(value1, value2)', returns: 'value1 or NULL' },
  { name: 'greatest', signature: 'greatest(value, ...)', returns: 'same as input' },
  { name: 'least', signature: 'least(value, ...)', returns: 'same as input' },
  { name: 'now', signature: 'now()', returns: 'timestamp with time zone' },
  { name: 'clock_timestamp', signature: 'clock_timestamp()', returns: 'timestamp with time zone' },
  { name: 'date_trunc', signature: 'date_trunc(field text, source timestamp [, time_zone text])', returns: 'timestamp' },
  { name: 'date_part', signature: 'date_part(field text, source timestamp)', returns: 'double precision' },
  { name: 'age', signature: 'age(timestamp [, timestamp])', returns: 'interval' },
  { name: 'to_char', signature: 'to_char(value, format text)', returns: 'text' },
  { name: 'to_timestamp', signature: 'to_timestamp(text, format text) | to_timestamp(double precision)', returns: 'timestamp with time zone' },
  { name: 'lower', signature: 'lower(text)', returns: 'text' },
  { name: 'upper', signature: 'upper(text)', returns: 'text' },
  { name: 'length', signature: 'length(text)', returns: 'integer' },
  { name: 'trim', signature: 'trim([LEADING | TRAILING | BOTH] [characters] FROM string)', returns: 'text' },
  { name: 'substring', signature: 'substring(string text [FROM start] [FOR count])', returns: 'text' },
  { name: 'replace', signature: 'replace(string text, from text, to text)', returns: 'text' },
  { name: 'concat', signature: 'concat(value, ...)', returns: 'text' },
  { name: 'concat_ws', signature: 'concat_ws(separator text, value, ...)', returns: 'text' },
  { name: 'split_part', signature: 'split_part(string text, delimiter text, n integer)', returns: 'text' },
  { name: 'regexp_replace', signature: 'regexp_replace(source text, pattern text, replacement text [, flags text])', returns: 'text' },
  { name: 'format', signature: 'format(formatstr text, value, ...)', returns: 'text' },
  { name: 'gen_random_uuid', signature: 'gen_random_uuid()', returns: 'uuid' },
  { name: 'random', signature: 'random()', returns: 'double precision' },
  { name: 'round', signature: 'round(numeric [, integer])', returns: 'numeric' },
  { name: 'abs', signature: 'abs(numeric)', returns: 'same as input' },
  { name: 'jsonb_build_object', signature: 'jsonb_build_object(key, value, ...)', returns: 'jsonb' },
  { name: 'jsonb_set', signature: 'jsonb_set(target jsonb, path text[], new_value jsonb [, create_if_missing boolean])', returns: 'jsonb' },
  { name: 'to_jsonb', signature: 'to_jsonb(anyelement)', returns: 'jsonb' },
  { name: 'jsonb_array_elements', signature: 'jsonb_array_elements(jsonb)', returns: 'SETOF jsonb' },
  { name: 'unnest', signature: 'unnest(anyarray)', returns: 'SETOF anyelement' },
  { name: 'generate_series', signature: 'generate_series(start, stop [, step])', returns: 'SETOF same as input' },
  { name: 'array_length', signature: 'array_length(anyarray, dimension integer)', returns: 'integer' },
  { name: 'row_number', signature: 'row_number() OVER (...)', returns: 'bigint' },
  { name: 'rank', signature: 'rank() OVER (...)', returns: 'bigint' },
  { name: 'dense_rank', signature: 'dense_rank() OVER (...)', returns: 'bigint' },
  { name: 'lag', signature: 'lag(value [, offset integer [, default]]) OVER (...)', returns: 'same as value' },
  { name: 'lead', signature: 'lead(value [, offset integer [, default]]) OVER (...)', returns: 'same as value' },
  { name: 'nextval', signature: 'nextval(regclass)', returns: 'bigint' },
  { name: 'currval', signature: 'currval(regclass)', returns: 'bigint' },
  { name: 'pg_advisory_xact_lock', signature: 'pg_advisory_xact_lock(key bigint)', returns: 'void' },
];

/** Type names as people write them in DDL and casts. */
export const BUILTIN_TYPE_NAMES: readonly string[] = [
  'bigint', 'integer', 'smallint', 'numeric', 'real', 'double precision', 'bigserial', 'serial', 'smallserial', 'boolean',
  'text', 'varchar', 'char', 'citext', 'uuid', 'bytea', 'date', 'time', 'timetz', 'timestamp', 'timestamptz', 'interval',
  'json', 'jsonb', 'inet', 'cidr', 'macaddr', 'money', 'tsvector', 'tsquery', 'xml', 'point', 'int4range', 'int8range',
  'numrange', 'tstzrange', 'daterange', 'oid', 'regclass', 'name',
];

export const STATEMENT_KEYWORDS: readonly string[] = [
  'SELECT', 'INSERT INTO', 'UPDATE', 'DELETE FROM', 'WITH', 'CREATE TABLE', 'CREATE INDEX', 'CREATE UNIQUE INDEX', 'CREATE VIEW',
  'CREATE FUNCTION', 'CREATE TYPE', 'CREATE SCHEMA', 'ALTER TABLE', 'DROP TABLE', 'DROP INDEX', 'TRUNCATE', 'BEGIN', 'COMMIT',
  'ROLLBACK', 'EXPLAIN', 'SET', 'GRANT', 'COMMENT ON',
];

export const CLAUSE_KEYWORDS: readonly string[] = [
  'FROM', 'WHERE', 'JOIN', 'LEFT JOIN', 'INNER JOIN', 'CROSS JOIN', 'ON', 'USING', 'GROUP BY', 'HAVING', 'ORDER BY', 'LIMIT',
  'OFFSET', 'RETURNING', 'AS', 'UNION', 'UNION ALL', 'EXCEPT', 'INTERSECT', 'FOR UPDATE',
];

export const EXPRESSION_KEYWORDS: readonly string[] = [
  'AND', 'OR', 'NOT', 'IS NULL', 'IS NOT NULL', 'IN', 'LIKE', 'ILIKE', 'BETWEEN', 'EXISTS', 'CASE', 'WHEN', 'THEN', 'ELSE',
  'END', 'DISTINCT', 'NULL', 'TRUE', 'FALSE', 'ASC', 'DESC', 'NULLS FIRST', 'NULLS LAST',
];
