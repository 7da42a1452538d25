/**
 * How a migration tool runs a file, as PostgreSQL sees it: which parts of the file run when migrating up
 * (down parts only on rollback), and whether each part runs inside a transaction the tool opens, as one
 * multi-statement query (PostgreSQL's implicit transaction: one transaction, CONCURRENTLY refused), or
 * statement by statement as psql does. Rules read "in a transaction" from this, never from a guess.
 */
import type { SqlDocument } from '../../parse/document';

export type MigrationToolId =
  | 'flyway'
  | 'golang-migrate'
  | 'pop'
  | 'goose'
  | 'dbmate'
  | 'sqitch'
  | 'prisma'
  | 'hasura'
  | 'supabase'
  | 'node-pg-migrate'
  | 'atlas'
  | 'liquibase'
  | 'numbered'
  | 'configured';

/**
 * - `tool`: the tool wraps the part in BEGIN ... COMMIT;
 * - `implicit`: the part is sent as one multi-statement query, which PostgreSQL runs as one implicit transaction
 *   (a single statement is then simply on its own);
 * - `none`: each statement commits on its own (psql's default), unless the file opens a transaction itself.
 */
export type TransactionMode = 'tool' | 'implicit' | 'none';

export interface RunSection {
  /** Offsets into the file's text; sections do not overlap and follow the text's order. */
  readonly start: number;
  readonly end: number;
  readonly direction: 'up' | 'down';
  readonly transaction: TransactionMode;
  /** Why, in words a user can check against the tool's documentation. */
  readonly why: string;
}

export interface MigrationTool {
  readonly id: MigrationToolId;
  /** As the tool calls itself. */
  readonly name: string;
  /** Where its behaviour is documented. */
  readonly docs: string;
  /** The file's parts as the tool runs them; text outside every section is not run by the tool. */
  sections(document: SqlDocument, context: ToolContext): RunSection[];
}

export interface ToolContext {
  readonly postgresVersion: number;
  /** The file is a down migration by its name (`*.down.sql`, Flyway `U__`, Hasura `down.sql`). */
  readonly downFile: boolean;
}

/** One section over the whole text. */
export function wholeFile(document: SqlDocument, context: ToolContext, transaction: TransactionMode, why: string): RunSection[] {
  return [{ start: 0, end: document.text.length, direction: context.downFile ? 'down' : 'up', transaction, why }];
}

/** Parts of a file between marker comments (`-- +goose Up`, `-- migrate:down`, ...), in text order. */
export function markerSections(
  document: SqlDocument,
  marker: RegExp,
  read: (match: RegExpExecArray) => { readonly direction: 'up' | 'down'; readonly transaction: TransactionMode; readonly why: string } | undefined,
): RunSection[] {
  const found: { start: number; direction: 'up' | 'down'; transaction: TransactionMode; why: string }[] = [];
  for (const comment of document.comments) {
    if (comment.block) continue;
    const m = marker.exec(document.text.slice(comment.start, comment.end));
    if (!m) continue;
    const section = read(m);
    if (section) found.push({ start: comment.start, ...section });
  }
  return found.map((s, i) => ({ ...s, end: i + 1 < found.length ? found[i + 1].start : document.text.length }));
}
