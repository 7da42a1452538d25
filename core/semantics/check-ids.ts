/** Ids of the schema-aware findings (core/semantics/diagnostics.ts judges them; core/rules/schema/ holds their rules). */
export const UNKNOWN_TABLE_ID = 'unknown-table';
export const UNKNOWN_COLUMN_ID = 'unknown-column';
export const INSERT_COLUMN_COUNT_ID = 'insert-column-count';
export const UNKNOWN_FUNCTION_ID = 'unknown-function';
export const AMBIGUOUS_COLUMN_ID = 'ambiguous-column';
export const TYPE_MISMATCH_ID = 'type-mismatch';
/** Needs row estimates, so only reported with a database's catalog (core/semantics/unindexed-filter.ts). */
export const UNINDEXED_FILTER_ID = 'unindexed-filter-on-large-table';
