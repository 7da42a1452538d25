/**
 * gobuffalo pop / fizz SQL migrations (`N_name.postgres.up.sql`, used by Ory's projects): each migration runs
 * inside a transaction pop opens.
 */
import { wholeFile, type MigrationTool } from './types';

export const pop: MigrationTool = {
  id: 'pop',
  name: 'pop',
  docs: 'https://gobuffalo.io/documentation/database/migrations/',
  sections: (document, context) => wholeFile(document, context, 'tool', 'pop runs each migration in a transaction'),
};
