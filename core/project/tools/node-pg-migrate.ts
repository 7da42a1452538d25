/** node-pg-migrate SQL migrations: `-- Up Migration` / `-- Down Migration` sections, each migration in a transaction. */
import { markerSections, wholeFile, type MigrationTool } from './types';

export const nodePgMigrate: MigrationTool = {
  id: 'node-pg-migrate',
  name: 'node-pg-migrate',
  docs: 'https://salsita.github.io/node-pg-migrate/migrations/',
  sections(document, context) {
    const why = 'node-pg-migrate runs each migration in a transaction';
    const sections = markerSections(document, /^--\s*(up|down)\s+migration\b/i, (m) => ({ direction: m[1].toLowerCase() === 'down' ? 'down' : 'up', transaction: 'tool', why }));
    return sections.length > 0 ? sections : wholeFile(document, context, 'tool', why);
  },
};
