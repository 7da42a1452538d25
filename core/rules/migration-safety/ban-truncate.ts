import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { relationSql } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'ban-truncate',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'TRUNCATE of an existing table in a migration deletes all of its rows under an ACCESS EXCLUSIVE lock.',
      why:
        '`TRUNCATE` removes every row at once, without firing DELETE triggers, and takes ACCESS EXCLUSIVE on each ' +
        'table: it waits behind running queries and blocks everything queued after it. Once committed the data is ' +
        'gone (and is not MVCC-safe: transactions that started earlier see the table empty). In a migration it is ' +
        'almost always a leftover from development or a data fix that should be explicit.',
      instead:
        'Delete the rows you mean with `DELETE ... WHERE` (in batches for large tables), or keep the reset in a ' +
        'script that never runs against production. Tables created earlier in the same file and down migrations are ' +
        'not reported.',
      bad: 'TRUNCATE TABLE sessions;',
      good: "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';\n\nCREATE TABLE import_scratch (line text);\nTRUNCATE import_scratch;",
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      TruncateStmt(node, { statement, facts }) {
        if (facts.downMigration) return;
        const existing = (node.relations ?? [])
          .map((r) => asNode(r, 'RangeVar'))
          .filter((r) => r !== undefined && !context.file.isNewRelation(r, statement.index))
          .map((r) => relationSql(r));
        if (existing.length === 0) return;
        context.report({
          range: statement.rangeOfWords(['TRUNCATE']),
          message: `TRUNCATE deletes every row of ${existing.join(', ')} (no DELETE triggers, not undoable once committed) under an ACCESS EXCLUSIVE lock. Delete the rows you mean with DELETE ... WHERE, or keep the reset out of migrations.`,
        });
      },
    };
  },
});
