import { defineRule } from '../types';
import { asNode, relationName } from '../../parse/ast';
import { isPgDumpOutput } from './support/pg-dump';
import { isNewObject } from './support/new-relations';
import { relationSql } from './support/edits';
import { outsideTransaction } from './support/outside-transaction';
import { quoteIdentifier } from '../../knowledge/naming';

const KIND_WORD: Readonly<Record<string, string>> = {
  REINDEX_OBJECT_INDEX: 'INDEX',
  REINDEX_OBJECT_TABLE: 'TABLE',
  REINDEX_OBJECT_SCHEMA: 'SCHEMA',
  REINDEX_OBJECT_DATABASE: 'DATABASE',
};

export default defineRule({
  meta: {
    id: 'require-concurrent-reindex',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    postgresVersions: { min: 12 },
    docs: {
      summary: 'REINDEX without CONCURRENTLY blocks writes to the table, and reads that would use the index, while it rebuilds.',
      why:
        'A plain `REINDEX` locks the table in SHARE mode (no INSERT, UPDATE or DELETE) and each index it rebuilds in ' +
        'ACCESS EXCLUSIVE mode (queries that would use it wait) for the whole rebuild. REINDEX SCHEMA and DATABASE ' +
        'do this table after table.',
      instead:
        'On PostgreSQL 12 and later use `REINDEX ... CONCURRENTLY`: it builds a new index next to the old one and ' +
        'swaps them, with reads and writes continuing. It cannot run inside a transaction block (the fix follows the ' +
        'migration tool, as for require-concurrent-index-creation), and if it fails it ' +
        'leaves an INVALID `_ccnew` index to drop. REINDEX SYSTEM (which has no concurrent form) and objects created ' +
        'earlier in the same file are not reported.',
      bad: 'REINDEX INDEX orders_customer_id_idx;',
      good: 'REINDEX INDEX CONCURRENTLY orders_customer_id_idx;\n\nCREATE TABLE invoices (id bigint);\nREINDEX TABLE invoices;',
      fixed: 'REINDEX INDEX CONCURRENTLY orders_customer_id_idx;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      ReindexStmt(node, { statement, facts }) {
        const word = KIND_WORD[node.kind ?? ''];
        if (!word || facts.downMigration) return;
        if ((node.params ?? []).some((p) => asNode(p, 'DefElem')?.defname === 'concurrently')) return;
        const name = relationName(node.relation) || node.name || '';
        if (node.relation && isNewObject(context.document, context.file, name, statement.index)) return;
        const head = statement.rangeOfWords(['REINDEX', word]);
        const target = node.relation ? relationSql(node.relation) : node.name ? quoteIdentifier(node.name) : '';
        const what = word === 'INDEX' ? `Rebuilding index ${target} blocks writes to its table, and queries that would use the index,` : word === 'TABLE' ? `Rebuilding the indexes of ${target} blocks writes to ${target}, and queries that would use them,` : `REINDEX ${word}${target ? ` ${target}` : ''} blocks writes to each table, and queries that would use its indexes,`;
        const placement = outsideTransaction(context, statement, facts, { edit: { range: { start: head.end, end: head.end }, newText: ' CONCURRENTLY' }, name: `reindex ${name} concurrently` });
        context.report({
          range: head,
          message: `${what} until the rebuild ends; use REINDEX ... CONCURRENTLY${placement.advice}.`,
          fixes: placement.fixes,
        });
      },
    };
  },
});
