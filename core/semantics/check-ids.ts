/** Ids of the schema-aware findings (core/semantics/diagnostics.ts): configurable and suppressible like rules. */
export const UNKNOWN_TABLE_ID = 'unknown-table';
export const UNKNOWN_COLUMN_ID = 'unknown-column';
export const INSERT_COLUMN_COUNT_ID = 'insert-column-count';
export const UNKNOWN_FUNCTION_ID = 'unknown-function';
export const AMBIGUOUS_COLUMN_ID = 'ambiguous-column';
export const TYPE_MISMATCH_ID = 'type-mismatch';
/** Needs row estimates, so only reported with a database's catalog (core/semantics/unindexed-filter.ts). */
export const UNINDEXED_FILTER_ID = 'unindexed-filter-on-large-table';
export const SCHEMA_CHECK_IDS: readonly string[] = [
  UNKNOWN_TABLE_ID,
  UNKNOWN_COLUMN_ID,
  INSERT_COLUMN_COUNT_ID,
  UNKNOWN_FUNCTION_ID,
  AMBIGUOUS_COLUMN_ID,
  TYPE_MISMATCH_ID,
  UNINDEXED_FILTER_ID,
];
