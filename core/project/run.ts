/**
 * How a file runs, as PostgreSQL sees it: its parts (up or down) and the transaction each runs in, from its
 * role (classify.ts) and its migration tool (tools/). Files outside any migration tool run as psql runs them,
 * each statement on its own, unless the configuration says every file runs in one transaction.
 */
import type { SqlDocument } from '../parse/document';
import type { FileRole } from './classify';
import { MIGRATION_TOOLS, type RunSection, type TransactionMode } from './tools';

export interface RunSettings {
  readonly postgresVersion: number;
  /** The configuration's assumeInTransaction: for files whose tool does not say. */
  readonly assumeInTransaction: boolean;
}

export function runSections(document: SqlDocument, role: FileRole, settings: RunSettings): RunSection[] {
  const context = { postgresVersion: settings.postgresVersion, downFile: role.kind === 'down-migration' };
  if (role.tool && role.tool !== 'numbered' && role.tool !== 'configured') return MIGRATION_TOOLS[role.tool].sections(document, context);
  if (role.kind === 'extension-script') return whole(document, context.downFile, 'tool', 'CREATE EXTENSION runs its script in one transaction');
  // No known tool: dbmate-style markers still say how the file runs.
  if (DBMATE_MARKER.test(document.text)) return MIGRATION_TOOLS.dbmate.sections(document, context);
  return settings.assumeInTransaction
    ? whole(document, context.downFile, 'tool', 'the configuration says every file runs in one transaction (assumeInTransaction)')
    : whole(document, context.downFile, 'none', 'run as psql runs a file: each statement on its own');
}

const DBMATE_MARKER = /^--\s*migrate:(up|down)\b/im;

function whole(document: SqlDocument, down: boolean, transaction: TransactionMode, why: string): RunSection[] {
  return [{ start: 0, end: document.text.length, direction: down ? 'down' : 'up', transaction, why }];
}
