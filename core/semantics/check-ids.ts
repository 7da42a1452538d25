/** Ids of the schema-aware findings (core/semantics/diagnostics.ts): configurable and suppressible like rules. */
export const UNKNOWN_TABLE_ID = 'unknown-table';
export const UNKNOWN_COLUMN_ID = 'unknown-column';
export const INSERT_COLUMN_COUNT_ID = 'insert-column-count';
export const SCHEMA_CHECK_IDS: readonly string[] = [UNKNOWN_TABLE_ID, UNKNOWN_COLUMN_ID, INSERT_COLUMN_COUNT_ID];
