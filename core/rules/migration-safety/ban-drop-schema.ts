import { defineRule } from '../types';
import { quoteIdentifier } from '../../knowledge/naming';
import { asNode, stringValues } from '../../parse/ast';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'ban-drop-schema',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'DROP SCHEMA deletes an existing schema (with CASCADE: every table, view and function in it).',
      why:
        '`DROP SCHEMA ... CASCADE` silently drops every object in the schema and every object elsewhere that depends ' +
        'on them: tables and their data, views, functions, sequences. Without CASCADE it fails unless the schema is ' +
        'empty. Either way it takes ACCESS EXCLUSIVE on each table it drops, and code that uses the schema breaks.',
      instead:
        'Drop the objects you mean to drop one by one, in a migration of their own, after every deployed version ' +
        'stopped using them. Schemas created earlier in the same file (or created again later in it), down ' +
        'migrations and pg_dump output are not reported.',
      bad: 'DROP SCHEMA reporting CASCADE;',
      good: 'CREATE SCHEMA scratch;\nCREATE TABLE scratch.t (id bigint);\nDROP SCHEMA scratch CASCADE;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    /** Schema name -> indexes of the statements that create it. */
    const creates = new Map<string, number[]>();
    for (const statement of context.document.statements) {
      const name = asNode(statement.ast, 'CreateSchemaStmt')?.schemaname;
      if (name) creates.set(name, [...(creates.get(name) ?? []), statement.index]);
    }
    return {
      DropStmt(node, { statement, facts }) {
        if (node.removeType !== 'OBJECT_SCHEMA' || facts.downMigration) return;
        const names = (node.objects ?? []).map((o) => asNode(o, 'String')?.sval ?? stringValues(asNode(o, 'List')?.items).join('.'));
        const existing = names.filter((n) => n !== '' && (creates.get(n) ?? []).length === 0).map(quoteIdentifier);
        if (existing.length === 0) return;
        const cascade = node.behavior === 'DROP_CASCADE';
        context.report({
          range: statement.rangeOfWords(['DROP', 'SCHEMA']),
          message: `Dropping schema ${existing.join(', ')}${cascade ? ' with CASCADE deletes every object in it and everything that depends on them' : ' breaks every query and deployed application version that uses it'}. Drop the objects you mean one by one, after no deployed version uses them.`,
        });
      },
    };
  },
});
