/**
 * Which page of the PostgreSQL documentation explains a built-in word: a data type (by its catalog category or
 * name), a function (by family: name prefix, kind, argument and result types), an operator, or a keyword that is
 * not a command (commands carry their page in builtins.json, from psql's help). Hand-kept, but by family, not
 * per word.
 */
import type { BuiltinFunction, BuiltinOperator, BuiltinType } from './builtins';
import { docsVersion, versionAtLeast } from './versions';

/** https://www.postgresql.org/docs/<version>/<page> */
export function docsUrl(page: string, postgresVersion: number): string {
  return `https://www.postgresql.org/docs/${docsVersion(postgresVersion)}/${page}`;
}

/** Data type pages by type name (before the category). */
const TYPE_PAGES_BY_NAME: Readonly<Record<string, string>> = {
  json: 'datatype-json.html',
  jsonb: 'datatype-json.html',
  jsonpath: 'datatype-json.html',
  uuid: 'datatype-uuid.html',
  xml: 'datatype-xml.html',
  bytea: 'datatype-binary.html',
  money: 'datatype-money.html',
  tsvector: 'datatype-textsearch.html',
  tsquery: 'datatype-textsearch.html',
  pg_lsn: 'datatype-pg-lsn.html',
  macaddr: 'datatype-net-types.html',
  macaddr8: 'datatype-net-types.html',
  oid: 'datatype-oid.html',
  xid: 'datatype-oid.html',
  xid8: 'datatype-oid.html',
  cid: 'datatype-oid.html',
  tid: 'datatype-oid.html',
  char: 'datatype-character.html',
  txid_snapshot: 'functions-info.html',
  pg_snapshot: 'functions-info.html',
  refcursor: 'plpgsql-cursors.html',
};

/** Data type pages by pg_type.typcategory. */
const TYPE_PAGES_BY_CATEGORY: Readonly<Record<string, string>> = {
  B: 'datatype-boolean.html',
  D: 'datatype-datetime.html',
  T: 'datatype-datetime.html',
  G: 'datatype-geometric.html',
  I: 'datatype-net-types.html',
  N: 'datatype-numeric.html',
  S: 'datatype-character.html',
  V: 'datatype-bit.html',
  R: 'rangetypes.html',
  E: 'datatype-enum.html',
  A: 'arrays.html',
  P: 'datatype-pseudo.html',
};

export function typeDocsPage(type: BuiltinType): string {
  if (type.name.startsWith('reg')) return 'datatype-oid.html';
  return TYPE_PAGES_BY_NAME[type.name] ?? TYPE_PAGES_BY_CATEGORY[type.category] ?? 'datatype.html';
}

/** Function pages by type family (of the result or the first argument). */
const FUNCTION_PAGES_BY_TYPE: Readonly<Record<string, string>> = {
  json: 'functions-json.html',
  jsonb: 'functions-json.html',
  jsonpath: 'functions-json.html',
  xml: 'functions-xml.html',
  bytea: 'functions-binarystring.html',
  tsvector: 'functions-textsearch.html',
  tsquery: 'functions-textsearch.html',
  inet: 'functions-net.html',
  cidr: 'functions-net.html',
  macaddr: 'functions-net.html',
  macaddr8: 'functions-net.html',
  uuid: 'functions-uuid.html',
  boolean: 'functions-logical.html',
  'bit varying': 'functions-bitstring.html',
  bit: 'functions-bitstring.html',
  'timestamp with time zone': 'functions-datetime.html',
  'timestamp without time zone': 'functions-datetime.html',
  date: 'functions-datetime.html',
  interval: 'functions-datetime.html',
  'time with time zone': 'functions-datetime.html',
  'time without time zone': 'functions-datetime.html',
  text: 'functions-string.html',
  'character varying': 'functions-string.html',
  character: 'functions-string.html',
  integer: 'functions-math.html',
  bigint: 'functions-math.html',
  smallint: 'functions-math.html',
  numeric: 'functions-math.html',
  'double precision': 'functions-math.html',
  real: 'functions-math.html',
  point: 'functions-geometry.html',
  box: 'functions-geometry.html',
  circle: 'functions-geometry.html',
  polygon: 'functions-geometry.html',
  path: 'functions-geometry.html',
  lseg: 'functions-geometry.html',
  line: 'functions-geometry.html',
  anyrange: 'functions-range.html',
  anymultirange: 'functions-range.html',
  anyarray: 'functions-array.html',
  anycompatiblearray: 'functions-array.html',
  anyenum: 'functions-enum.html',
};

/** Function pages by name prefix, checked in order. */
const FUNCTION_PAGES_BY_PREFIX: readonly (readonly [RegExp, string])[] = [
  [/^(json|jsonb|to_json|to_jsonb|row_to_json|array_to_json)(_|$)/, 'functions-json.html'],
  [/^(regexp_|similar_)/, 'functions-matching.html'],
  [/^(to_char|to_date|to_number|to_timestamp)$/, 'functions-formatting.html'],
  [/^(ts_|to_tsvector|to_tsquery|plainto_tsquery|phraseto_tsquery|websearch_to_tsquery|setweight|strip|numnode|querytree|tsvector_|array_to_tsvector|get_current_ts_config)/, 'functions-textsearch.html'],
  [/^(array_|cardinality$|unnest$|string_to_array$|trim_array$)/, 'functions-array.html'],
  [/^(nextval|currval|setval|lastval)$/, 'functions-sequence.html'],
  [/^(xml|xpath|query_to_xml|table_to_xml|cursor_to_xml|schema_to_xml|database_to_xml)/, 'functions-xml.html'],
  [/^(txid_|pg_current_xact|pg_xact|pg_snapshot|pg_visible_in_snapshot|age$|mxid_age$)/, 'functions-info.html'],
  [/^(lower|upper)$/, 'functions-string.html'],
  [/^(isempty|lower_inc|upper_inc|lower_inf|upper_inf|range_merge|multirange)$/, 'functions-range.html'],
  [/^(gen_random_uuid|uuidv4|uuidv7|uuid_extract_)/, 'functions-uuid.html'],
  [/^(enum_first|enum_last|enum_range)$/, 'functions-enum.html'],
  [/^(pg_advisory|pg_try_advisory)/, 'functions-admin.html'],
  [/^pg_stat_/, 'monitoring-stats.html'],
  [/^pg_(size_pretty|size_bytes|column_size|column_compression|database_size|indexes_size|relation_size|table_size|total_relation_size|tablespace_size|relation_filenode|relation_filepath|filenode_relation|cancel_backend|terminate_backend|reload_conf|rotate_logfile|log_backend_memory_contexts|create_restore_point|current_wal|switch_wal|backup_start|backup_stop|start_backup|stop_backup|walfile_name|wal_lsn_diff|is_in_recovery|last_wal|last_xact_replay|get_wal_replay|wal_replay|promote|create_physical_replication_slot|create_logical_replication_slot|drop_replication_slot|copy_|logical_|replication_origin|export_snapshot|log_standby_snapshot|ls_|read_file|read_binary_file|stat_file|partition_|collation_actual_version|import_system_collations|get_wal_resource_managers|split_walfile_name|sync_replication_slots)/, 'functions-admin.html'],
  [/^pg_/, 'functions-info.html'],
  [/^(current_|session_user|has_|obj_description|col_description|shobj_description|format_type|to_regclass|to_regtype|to_reg)/, 'functions-info.html'],
];

export function functionDocsPage(fn: BuiltinFunction, postgresVersion: number): string {
  const name = fn.name.toLowerCase();
  const first = fn.signatures[0];
  if (first?.kind === 'aggregate') return 'functions-aggregate.html';
  if (first?.kind === 'window') return 'functions-window.html';
  for (const [pattern, page] of FUNCTION_PAGES_BY_PREFIX) {
    if (pattern.test(name)) return fixPage(page, postgresVersion);
  }
  if (first?.returnsSet && /^(generate_|unnest)/.test(name)) return 'functions-srf.html';
  for (const signature of fn.signatures) {
    const result = signature.result.replace(/^SETOF /, '');
    const firstArg = lastWordsType(signature.args.split(', ')[0] ?? '');
    const page = FUNCTION_PAGES_BY_TYPE[firstArg] ?? FUNCTION_PAGES_BY_TYPE[result];
    if (page) return fixPage(page, postgresVersion);
  }
  return 'functions.html';
}

/** The type of one identity argument: `VARIADIC path_elems text[]` -> text[] (an array is its element's family only for arrays). */
function lastWordsType(arg: string): string {
  const t = arg.replace(/^(VARIADIC|IN|INOUT)\s+/, '').trim();
  if (t.endsWith('[]')) return 'anyarray';
  if (FUNCTION_PAGES_BY_TYPE[t]) return t;
  // "name type" with a parameter name in front
  const space = t.indexOf(' ');
  return space > 0 ? t.slice(space + 1) : t;
}

function fixPage(page: string, postgresVersion: number): string {
  // UUID functions got their own page in PostgreSQL 13.
  if (page === 'functions-uuid.html' && !versionAtLeast(postgresVersion, 13)) return 'datatype-uuid.html';
  return page;
}

const COMPARISON = new Set(['=', '<>', '!=', '<', '>', '<=', '>=']);
const MATCHING = new Set(['~~', '~~*', '!~~', '!~~*', '~', '~*', '!~', '!~*']);

/** The page of an operator: comparison and pattern matching have their own; else the family of the first signature (most common first). */
export function operatorDocsPage(name: string, rankedOperators: readonly BuiltinOperator[], postgresVersion: number): string {
  if (MATCHING.has(name)) return 'functions-matching.html';
  if (COMPARISON.has(name)) return 'functions-comparison.html';
  for (const o of rankedOperators) {
    const type = o.left.endsWith('[]') || o.left === 'anyarray' ? 'anyarray' : o.left || o.right;
    const page = FUNCTION_PAGES_BY_TYPE[type] ?? (/range$/.test(type) ? 'functions-range.html' : undefined);
    if (page) return fixPage(page, postgresVersion);
  }
  return 'functions.html';
}

/** Keywords that are neither commands nor types, with the page that explains them. */
export const KEYWORD_PAGES: Readonly<Record<string, string>> = {
  CASE: 'functions-conditional.html',
  WHEN: 'functions-conditional.html',
  COALESCE: 'functions-conditional.html',
  NULLIF: 'functions-conditional.html',
  GREATEST: 'functions-conditional.html',
  LEAST: 'functions-conditional.html',
  EXISTS: 'functions-subquery.html',
  IN: 'functions-subquery.html',
  ANY: 'functions-subquery.html',
  SOME: 'functions-subquery.html',
  ALL: 'functions-subquery.html',
  BETWEEN: 'functions-comparison.html',
  IS: 'functions-comparison.html',
  DISTINCT: 'functions-comparison.html',
  NULL: 'functions-comparison.html',
  LIKE: 'functions-matching.html',
  ILIKE: 'functions-matching.html',
  SIMILAR: 'functions-matching.html',
  AND: 'functions-logical.html',
  OR: 'functions-logical.html',
  NOT: 'functions-logical.html',
  CAST: 'sql-expressions.html#SQL-SYNTAX-TYPE-CASTS',
  EXTRACT: 'functions-datetime.html',
  CURRENT_DATE: 'functions-datetime.html',
  CURRENT_TIME: 'functions-datetime.html',
  CURRENT_TIMESTAMP: 'functions-datetime.html',
  LOCALTIME: 'functions-datetime.html',
  LOCALTIMESTAMP: 'functions-datetime.html',
  AT: 'functions-datetime.html',
  OVERLAPS: 'functions-datetime.html',
  CURRENT_USER: 'functions-info.html',
  CURRENT_ROLE: 'functions-info.html',
  SESSION_USER: 'functions-info.html',
  CURRENT_CATALOG: 'functions-info.html',
  CURRENT_SCHEMA: 'functions-info.html',
  SUBSTRING: 'functions-string.html',
  POSITION: 'functions-string.html',
  TRIM: 'functions-string.html',
  OVERLAY: 'functions-string.html',
  NORMALIZE: 'functions-string.html',
  COLLATE: 'collation.html',
  JOIN: 'queries-table-expressions.html',
  LATERAL: 'queries-table-expressions.html',
  NATURAL: 'queries-table-expressions.html',
  CROSS: 'queries-table-expressions.html',
  INNER: 'queries-table-expressions.html',
  LEFT: 'queries-table-expressions.html',
  RIGHT: 'queries-table-expressions.html',
  FULL: 'queries-table-expressions.html',
  OUTER: 'queries-table-expressions.html',
  USING: 'queries-table-expressions.html',
  WHERE: 'queries-table-expressions.html',
  GROUP: 'queries-table-expressions.html',
  HAVING: 'queries-table-expressions.html',
  GROUPING: 'queries-table-expressions.html',
  ROLLUP: 'queries-table-expressions.html',
  CUBE: 'queries-table-expressions.html',
  WINDOW: 'tutorial-window.html',
  OVER: 'tutorial-window.html',
  PARTITION: 'tutorial-window.html',
  FILTER: 'sql-expressions.html#SYNTAX-AGGREGATES',
  UNION: 'queries-union.html',
  INTERSECT: 'queries-union.html',
  EXCEPT: 'queries-union.html',
  ORDER: 'queries-order.html',
  LIMIT: 'queries-limit.html',
  OFFSET: 'queries-limit.html',
  FETCH: 'queries-limit.html',
  RECURSIVE: 'queries-with.html',
  MATERIALIZED: 'queries-with.html',
  RETURNING: 'dml-returning.html',
  CONSTRAINT: 'ddl-constraints.html',
  CHECK: 'ddl-constraints.html',
  UNIQUE: 'ddl-constraints.html',
  PRIMARY: 'ddl-constraints.html',
  FOREIGN: 'ddl-constraints.html',
  REFERENCES: 'ddl-constraints.html',
  EXCLUDE: 'ddl-constraints.html',
  DEFAULT: 'ddl-default.html',
  GENERATED: 'ddl-generated-columns.html',
  IDENTITY: 'sql-createtable.html',
  ARRAY: 'arrays.html',
  ROW: 'sql-expressions.html#SQL-SYNTAX-ROW-CONSTRUCTORS',
  TRUE: 'datatype-boolean.html',
  FALSE: 'datatype-boolean.html',
};

/** Titles of the pages above, for link texts (the part before `#`). */
const PAGE_TITLES: Readonly<Record<string, string>> = {
  'datatype.html': 'Data Types',
  'datatype-json.html': 'JSON Types',
  'datatype-uuid.html': 'UUID Type',
  'datatype-xml.html': 'XML Type',
  'datatype-binary.html': 'Binary Data Types',
  'datatype-money.html': 'Monetary Types',
  'datatype-textsearch.html': 'Text Search Types',
  'datatype-pg-lsn.html': 'pg_lsn Type',
  'datatype-net-types.html': 'Network Address Types',
  'datatype-oid.html': 'Object Identifier Types',
  'datatype-character.html': 'Character Types',
  'datatype-boolean.html': 'Boolean Type',
  'datatype-datetime.html': 'Date/Time Types',
  'datatype-geometric.html': 'Geometric Types',
  'datatype-numeric.html': 'Numeric Types',
  'datatype-bit.html': 'Bit String Types',
  'datatype-enum.html': 'Enumerated Types',
  'datatype-pseudo.html': 'Pseudo-Types',
  'rangetypes.html': 'Range Types',
  'arrays.html': 'Arrays',
  'plpgsql-cursors.html': 'Cursors',
  'functions.html': 'Functions and Operators',
  'functions-json.html': 'JSON Functions and Operators',
  'functions-xml.html': 'XML Functions',
  'functions-binarystring.html': 'Binary String Functions and Operators',
  'functions-textsearch.html': 'Text Search Functions and Operators',
  'functions-net.html': 'Network Address Functions and Operators',
  'functions-uuid.html': 'UUID Functions',
  'functions-logical.html': 'Logical Operators',
  'functions-bitstring.html': 'Bit String Functions and Operators',
  'functions-datetime.html': 'Date/Time Functions and Operators',
  'functions-string.html': 'String Functions and Operators',
  'functions-math.html': 'Mathematical Functions and Operators',
  'functions-geometry.html': 'Geometric Functions and Operators',
  'functions-range.html': 'Range/Multirange Functions and Operators',
  'functions-array.html': 'Array Functions and Operators',
  'functions-enum.html': 'Enum Support Functions',
  'functions-matching.html': 'Pattern Matching',
  'functions-formatting.html': 'Data Type Formatting Functions',
  'functions-sequence.html': 'Sequence Manipulation Functions',
  'functions-info.html': 'System Information Functions and Operators',
  'functions-admin.html': 'System Administration Functions',
  'functions-aggregate.html': 'Aggregate Functions',
  'functions-window.html': 'Window Functions',
  'functions-srf.html': 'Set Returning Functions',
  'functions-comparison.html': 'Comparison Functions and Operators',
  'functions-conditional.html': 'Conditional Expressions',
  'functions-subquery.html': 'Subquery Expressions',
  'monitoring-stats.html': 'The Cumulative Statistics System',
  'sql-expressions.html': 'Value Expressions',
  'collation.html': 'Collation Support',
  'queries-table-expressions.html': 'Table Expressions',
  'tutorial-window.html': 'Window Functions',
  'queries-union.html': 'Combining Queries',
  'queries-order.html': 'Sorting Rows',
  'queries-limit.html': 'LIMIT and OFFSET',
  'queries-with.html': 'WITH Queries',
  'dml-returning.html': 'Returning Data from Modified Rows',
  'ddl-constraints.html': 'Constraints',
  'ddl-default.html': 'Default Values',
  'ddl-generated-columns.html': 'Generated Columns',
  'sql-createtable.html': 'CREATE TABLE',
};

/** A markdown link to a page of the documentation of the configured version. */
export function docsLink(page: string, postgresVersion: number, title?: string): string {
  const text = title ?? PAGE_TITLES[page.replace(/#.*/, '')] ?? page.replace(/\.html.*/, '');
  return `[${text}](${docsUrl(page, postgresVersion)}) in the PostgreSQL ${docsVersion(postgresVersion)} documentation`;
}
