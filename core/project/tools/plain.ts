/**
 * Migrations whose tool is not known (numbered or timestamped files, `schemaFiles` from the configuration):
 * run as psql runs a file, each statement on its own unless the file opens a transaction, or in one transaction
 * when the configuration says so (`assumeInTransaction`).
 */
import { wholeFile, type MigrationTool } from './types';

function plain(id: 'numbered' | 'configured', name: string): MigrationTool {
  return {
    id,
    name,
    docs: 'https://www.postgresql.org/docs/current/app-psql.html',
    sections: (document, context) => wholeFile(document, context, 'none', 'the migration tool is not known: read as psql runs a file, each statement on its own'),
  };
}

export const numbered = plain('numbered', 'numbered files');
export const configured = plain('configured', 'schemaFiles');
