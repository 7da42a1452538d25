import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { defElems } from './support/functions';

/** Extensions whose objects always go to pg_catalog or their own fixed schema: SCHEMA does not apply. */
const FIXED_SCHEMA = new Set(['plpgsql', 'pg_stat_statements_reset', 'adminpack', 'pg_cron', 'supabase_vault', 'pgsodium', 'pg_graphql', 'pg_net']);

export default defineRule({
  meta: {
    id: 'extension-in-public',
    category: 'security',
    defaultSeverity: 'info',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'CREATE EXTENSION puts the extension\'s objects in the public schema (no SCHEMA, or SCHEMA public).',
      why:
        'Without `SCHEMA`, an extension\'s functions, types and operators go to the first schema of the search_path — usually ' +
        '`public` — where they mix with the application\'s objects and are exposed through tools that publish that schema ' +
        '(PostgREST, GraphQL layers). Before PostgreSQL 15 every role may create objects in public, so another role can plant ' +
        'a function with a better-matching signature that unqualified calls resolve to. Supabase\'s linter (splinter) reports ' +
        'this as extension_in_public.',
      instead: 'Install extensions into their own schema and add it to the search_path of the roles that use them: `CREATE SCHEMA extensions; CREATE EXTENSION pg_trgm SCHEMA extensions;`.',
      bad: 'CREATE EXTENSION IF NOT EXISTS pg_trgm;',
      good: 'CREATE SCHEMA IF NOT EXISTS extensions;\nCREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA extensions;\nCREATE EXTENSION IF NOT EXISTS plpgsql;',
    },
  },
  create(context) {
    return {
      CreateExtensionStmt(node, { statement }) {
        const name = (node.extname ?? '').toLowerCase();
        if (FIXED_SCHEMA.has(name)) return;
        const schemaOption = defElems(node.options).find((d) => d.defname === 'schema');
        const schema = asNode(schemaOption?.arg, 'String')?.sval;
        if (schema !== undefined && schema !== 'public') return;
        context.report({
          range: statement.rangeOfWords(['EXTENSION']),
          message: `Extension ${node.extname ?? ''} is installed into ${schema === 'public' ? 'public' : 'the first schema of the search_path (usually public)'}: give extensions their own schema (CREATE EXTENSION ... SCHEMA extensions).`,
        });
      },
    };
  },
});
