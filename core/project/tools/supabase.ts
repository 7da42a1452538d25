/**
 * Supabase CLI: `supabase/migrations/<timestamp>_name.sql`; the statements of a file are sent as one pipelined
 * batch, which PostgreSQL runs as one implicit transaction.
 */
import { wholeFile, type MigrationTool } from './types';

export const supabase: MigrationTool = {
  id: 'supabase',
  name: 'Supabase CLI',
  docs: 'https://supabase.com/docs/guides/deployment/database-migrations',
  sections: (document, context) => wholeFile(document, context, 'implicit', 'the Supabase CLI sends the file\'s statements as one batch'),
};
