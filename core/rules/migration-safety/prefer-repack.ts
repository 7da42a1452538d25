import { defineRule } from '../types';
import { asNode, constantValue, relationName } from '../../parse/ast';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'prefer-repack',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'VACUUM FULL and CLUSTER rewrite the table under an ACCESS EXCLUSIVE lock.',
      why:
        '`VACUUM FULL` and `CLUSTER` write a new copy of the table and of all its indexes while holding ACCESS ' +
        'EXCLUSIVE: nobody can read or write the table until the copy is done, which on a large table takes a long ' +
        'time, and the copy needs as much free disk space again. Without a table list they do this to every table ' +
        '(VACUUM FULL) or every previously clustered table (CLUSTER).',
      instead:
        'To reclaim space or reorder rows online, use the `pg_repack` (or `pg_squeeze`) extension, which rebuilds ' +
        'the table while reads and writes continue and locks it only briefly at the end (PostgreSQL 19 adds ' +
        '`REPACK (CONCURRENTLY)`). Plain `VACUUM` needs no exclusive lock and makes the space reusable. Tables created ' +
        'earlier in the same file are not reported.',
      bad: 'VACUUM FULL orders;',
      good: 'VACUUM (ANALYZE) orders;\n\nCREATE TABLE scratch (id bigint PRIMARY KEY);\nCLUSTER scratch USING scratch_pkey;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    const isNew = (name: string, index: number): boolean => name !== '' && context.file.isNewRelation(name, index);
    return {
      VacuumStmt(node, { statement, facts }) {
        if (!node.is_vacuumcmd || facts.downMigration) return;
        const full = (node.options ?? []).some((o) => {
          const d = asNode(o, 'DefElem');
          const value = d?.arg ? (asNode(d.arg, 'String')?.sval ?? constantValue(d.arg)) : undefined;
          return d?.defname === 'full' && (value === undefined || !/^(false|off|0|no)$/i.test(value));
        });
        if (!full) return;
        const tables = (node.rels ?? []).map((r) => relationName(asNode(r, 'VacuumRelation')?.relation)).filter((t) => t !== '');
        const existing = tables.filter((t) => !isNew(t, statement.index));
        if (tables.length > 0 && existing.length === 0) return;
        context.report({
          range: statement.rangeOfWords(['VACUUM', 'FULL']),
          message:
            (existing.length > 0 ? `VACUUM FULL rewrites ${existing.join(', ')}` : 'VACUUM FULL without a table list rewrites every table of the database') +
            ' under an ACCESS EXCLUSIVE lock: no reads or writes until the copy is done. Use pg_repack to rebuild online.',
        });
      },
      ClusterStmt(node, { statement, facts }) {
        if (facts.downMigration) return;
        const table = relationName(node.relation);
        if (isNew(table, statement.index)) return;
        context.report({
          range: statement.rangeOfWords(['CLUSTER']),
          message:
            (table ? `CLUSTER rewrites ${table}` : 'CLUSTER without a table rewrites every previously clustered table') +
            ' under an ACCESS EXCLUSIVE lock: no reads or writes until the copy is done. Use pg_repack to reorder rows online.',
        });
      },
    };
  },
});
