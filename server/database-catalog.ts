/**
 * The connected database's catalog, as the client sends it (pgArchitect/databaseCatalog): validated, handed to
 * the workspace index (which merges it with the workspace's DDL and re-checks open documents), and logged by
 * the connection's display name only. The server never connects anywhere itself.
 */
import { readDatabaseCatalogParams } from '../core/catalog/database-snapshot';
import type { Logger } from './guard';
import type { WorkspaceIndex } from './workspace-index';

/** Problems listed in the log at most (the rest are counted). */
const MAX_LOGGED_PROBLEMS = 5;

export function receiveDatabaseCatalog(params: unknown, index: WorkspaceIndex, logger: Logger): void {
  const started = performance.now();
  const read = readDatabaseCatalogParams(params);
  if ('error' in read) {
    logger.warn(`Ignoring a database catalog the client sent: ${read.error}. The schema features keep what they had.`);
    return;
  }
  const { snapshot } = read;
  if (!snapshot) {
    if (index.databaseSnapshot) logger.info(`Database "${index.databaseSnapshot.name}" disconnected: schema features use the workspace's DDL only.`);
    index.setDatabase(undefined);
    return;
  }
  index.setDatabase(snapshot);
  const { catalog, problems } = snapshot;
  const elapsed = Math.round(performance.now() - started);
  logger.info(
    `Database catalog of "${snapshot.name}" (PostgreSQL ${snapshot.serverVersion}, read ${snapshot.readAt}): ${catalog.relations().length} relation(s), ` +
      `${catalog.indexes().length} index(es), ${catalog.functions().length} function(s); taken in ${elapsed} ms.`,
  );
  if (problems.length > 0) {
    const listed = problems.slice(0, MAX_LOGGED_PROBLEMS).map((p) => `  - ${p}`).join('\n');
    const more = problems.length > MAX_LOGGED_PROBLEMS ? `\n  ... and ${problems.length - MAX_LOGGED_PROBLEMS} more` : '';
    logger.warn(`The database catalog of "${snapshot.name}" is incomplete:\n${listed}${more}`);
  }
}
