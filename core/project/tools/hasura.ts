/** Hasura: `<timestamp>_name/up.sql` and `down.sql`, each applied through run_sql, which runs it in a transaction. */
import { wholeFile, type MigrationTool } from './types';

export const hasura: MigrationTool = {
  id: 'hasura',
  name: 'Hasura',
  docs: 'https://hasura.io/docs/latest/migrations-metadata-seeds/manage-migrations/',
  sections: (document, context) => wholeFile(document, context, 'tool', 'Hasura applies the file through run_sql, in a transaction'),
};
