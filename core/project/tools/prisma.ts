/**
 * Prisma Migrate: `<timestamp>_name/migration.sql`; `migrate deploy` sends the file as one multi-statement
 * script, which PostgreSQL runs as one implicit transaction (a one-statement file runs on its own, which is why
 * CREATE INDEX CONCURRENTLY needs a migration of its own).
 */
import { wholeFile, type MigrationTool } from './types';

export const prisma: MigrationTool = {
  id: 'prisma',
  name: 'Prisma Migrate',
  docs: 'https://www.prisma.io/docs/orm/prisma-migrate/workflows/customizing-migrations',
  sections: (document, context) => wholeFile(document, context, 'implicit', 'Prisma sends the file as one multi-statement script'),
};
