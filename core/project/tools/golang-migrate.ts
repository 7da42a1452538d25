/**
 * golang-migrate (postgres driver): `N_name.up.sql` / `N_name.down.sql`; the driver sends the whole file as one
 * multi-statement query (x-multi-statement is off by default), which PostgreSQL runs as one implicit transaction.
 */
import { wholeFile, type MigrationTool } from './types';

export const golangMigrate: MigrationTool = {
  id: 'golang-migrate',
  name: 'golang-migrate',
  docs: 'https://github.com/golang-migrate/migrate/tree/master/database/postgres',
  sections: (document, context) => wholeFile(document, context, 'implicit', 'golang-migrate sends the file as one multi-statement query'),
};
