import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { quoteIdentifier } from '../../knowledge/naming';
import { isPgDumpOutput } from './support/pg-dump';
import { relationSql } from './support/edits';
import { isNewObject } from './support/new-relations';

const KINDS: Readonly<Record<string, string>> = { OBJECT_TABLE: 'table', OBJECT_INDEX: 'index', OBJECT_MATVIEW: 'materialized view' };

export default defineRule({
  meta: {
    id: 'changing-tablespace',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'SET TABLESPACE copies an existing table or index to the new tablespace under an ACCESS EXCLUSIVE lock.',
      why:
        '`ALTER TABLE / INDEX / MATERIALIZED VIEW ... SET TABLESPACE` copies every file of the relation, block by ' +
        'block, while holding ACCESS EXCLUSIVE: no query can read or write it (for an index: no query on its table ' +
        'can use it, and writes to the table wait) until the copy ends, which takes as long as reading and writing ' +
        'the whole relation. `ALTER TABLE ALL IN TABLESPACE ... SET TABLESPACE` does this to every relation in the ' +
        'tablespace, one after the other, holding each lock until the transaction ends.',
      instead:
        'Create new tables and indexes in the right tablespace (`TABLESPACE` clause, or `default_tablespace`). To move ' +
        'one in use, rebuild it online: `CREATE INDEX CONCURRENTLY ... TABLESPACE new` then drop the old index; for a ' +
        'table, pg_repack with `--tablespace`. Relations created earlier in the file, down migrations and pg_dump ' +
        'output are not reported.',
      bad: 'ALTER TABLE orders SET TABLESPACE fast_ssd;',
      good:
        'CREATE INDEX CONCURRENTLY orders_status_idx2 ON orders (status) TABLESPACE fast_ssd;\n\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY);\nALTER TABLE invoices SET TABLESPACE fast_ssd;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      AlterTableStmt(node, { statement, facts }) {
        const kind = KINDS[node.objtype ?? 'OBJECT_TABLE'];
        if (!kind || facts.downMigration || !node.relation) return;
        const written = node.relation.schemaname ? `${node.relation.schemaname}.${node.relation.relname ?? ''}` : (node.relation.relname ?? '');
        if (isNewObject(context.document, context.file, written, statement.index)) return;
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          if (cmd?.subtype !== 'AT_SetTableSpace') continue;
          const what = `${kind} ${relationSql(node.relation)}`;
          context.report({
            range: statement.rangeOfWords(['SET', 'TABLESPACE']),
            message:
              `Moving ${what} to tablespace ${quoteIdentifier(cmd.name ?? '')} copies all of it under ACCESS EXCLUSIVE: ` +
              (kind === 'index' ? 'queries cannot use the index and writes to its table wait until the copy ends. Build a new index CONCURRENTLY in that tablespace and drop this one.' : `no reads or writes of ${relationSql(node.relation)} until the copy ends. Rebuild it online in that tablespace (pg_repack --tablespace).`),
          });
        }
      },
      AlterTableMoveAllStmt(node, { statement, facts }) {
        if (facts.downMigration) return;
        context.report({
          range: statement.rangeOfWords(['SET', 'TABLESPACE']),
          message: `Moving everything in tablespace ${quoteIdentifier(node.orig_tablespacename ?? '')} to ${quoteIdentifier(node.new_tablespacename ?? '')} copies each relation under ACCESS EXCLUSIVE, holding every lock until the transaction ends. Move relations one at a time, online (CREATE INDEX CONCURRENTLY ... TABLESPACE, pg_repack --tablespace).`,
        });
      },
    };
  },
});
