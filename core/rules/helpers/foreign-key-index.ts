/**
 * The index a foreign key needs, as the per-file rule (foreign-key-missing-index) and the workspace check
 * (core/semantics/cross-file-checks.ts) report and fix it: the message, and a CREATE INDEX after the
 * statement that declares the key.
 */
import type { StatementView } from '../../parse/document';
import type { Fix, TextEdit } from '../types';
import { quoteIdentifier } from '../../catalog/names';
import { truncateIdentifier } from '../../catalog/ddl/naming';


/** `<table>_<columns>_idx`, cut to PostgreSQL's 63 bytes. */
function indexName(table: string, columns: readonly string[]): string {
  return quoteIdentifier(truncateIdentifier(`${table.split('.').pop()}_${columns.join('_')}_idx`));
}

/** `CREATE INDEX name ON table (columns);` with `tableText` as the table is written. */
export function createIndexSql(table: string, tableText: string, columns: readonly string[]): string {
  return `CREATE INDEX ${indexName(table, columns)} ON ${tableText} (${columns.map(quoteIdentifier).join(', ')});`;
}

/**
 * The fix: the CREATE INDEX after the statement that declares the key (a table created in the same migration is
 * empty, a plain CREATE INDEX is right), or, in a migration that may have run, a new migration building it
 * CONCURRENTLY (the table has rows by then, and writes must go on).
 */
export function foreignKeyIndexFix(statement: StatementView, table: string, tableText: string, columns: readonly string[]): Fix {
  const sql = createIndexSql(table, tableText, columns);
  const name = indexName(table, columns);
  return {
    title: `Add ${sql.slice(0, -1)}`,
    edits: [insertAfterStatement(statement, sql)],
    asMigration: {
      name: `add index ${name.replace(/"/g, '')}`,
      up: `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${name} ON ${tableText} (${columns.map(quoteIdentifier).join(', ')});`,
      down: `DROP INDEX CONCURRENTLY IF EXISTS ${name};`,
      outsideTransaction: true,
    },
  };
}

export function foreignKeyIndexMessage(table: string, columns: readonly string[], referenced: string): string {
  return `Foreign key ${table} (${columns.join(', ')}) has no index starting with its columns: deleting from ${referenced} scans ${table}.`;
}

/** Inserts `sql` on a new line after the statement (its semicolon); a last statement without one gets one. */
export function insertAfterStatement(statement: StatementView, sql: string): TextEdit {
  const tokens = statement.tokens();
  const last = tokens[tokens.length - 1];
  const at = last ? last.end : statement.end;
  return { range: { start: at, end: at }, newText: `${last?.text === ';' ? '' : ';'}\n${sql}` };
}
