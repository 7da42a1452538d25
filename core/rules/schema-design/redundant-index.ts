import { defineRule } from '../types';
import type { SchemaIndex } from '../helpers/file-schema';
import { redundancyMessage, reportsAgainst } from '../helpers/index-coverage';
import { reportSchemaFindings } from '../schema/support/report';
import { STATEMENTS_PER_STEP } from '../../runtime/steps';

export default defineRule({
  meta: {
    id: 'redundant-index',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'An index that duplicates another one on the same table, or whose columns are the leading columns of another btree index.',
      why:
        'Every index is written on every INSERT and on each UPDATE of its columns, takes disk and cache space, ' +
        'is vacuumed, and adds planning work. Two indexes with the same key columns (and predicate) do exactly the ' +
        'same job, and a btree on `(a)` is served by a btree on `(a, b)`, which can answer every lookup on `a` ' +
        'alone. pg_dump output shows these as plain `CREATE INDEX` next to a primary key or unique constraint ' +
        'on the same columns.',
      instead:
        'Drop the redundant index (`DROP INDEX CONCURRENTLY name`) after checking `pg_stat_user_indexes` on ' +
        'production. Keep a unique index or constraint even when a wider index exists (it enforces uniqueness), ' +
        'and keep a narrow index when the wide one is much larger and the narrow one is hot. Indexes with a ' +
        'different method, predicate, operator class, collation or sort order are not compared. In the editor, a ' +
        'schema file of the workspace is compared with the indexes of every migration as they stand after the last ' +
        'one: a duplicate of an earlier migration\'s index is reported on the later one, and an index dropped by a ' +
        'later migration no longer counts.',
      bad: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, created_at timestamptz NOT NULL);\nCREATE INDEX orders_customer_idx ON orders (customer_id);\nCREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);',
      good: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, created_at timestamptz NOT NULL);\nCREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);\nCREATE INDEX orders_created_idx ON orders (created_at);',
    },
  },
  create(context) {
    // A schema file whose project catalog is current: judged across the migration sequence instead (an index a
    // later migration adds serves this key; core/semantics/cross-file-checks.ts).
    if (context.schema?.workspace) return reportSchemaFindings(context, 'redundant-index');
    return {
      // A pause every few tables: a large dump's indexes took 70 ms in one piece (100,000 statements).
      *endOfFile() {
        // Only indexes of one table can be redundant with each other: compare within each table, in file order.
        const byTable = new Map<string, SchemaIndex[]>();
        for (const index of context.fileSchema().indexes) {
          const list = byTable.get(index.table);
          if (list) list.push(index);
          else byTable.set(index.table, [index]);
        }
        let tables = 0;
        for (const indexes of byTable.values()) {
          if (++tables % STATEMENTS_PER_STEP === 0) yield;
          for (let i = 0; i < indexes.length; i++) {
            const a = indexes[i];
            for (let j = 0; j < indexes.length; j++) {
              if (i === j) continue;
              const b = indexes[j];
              const why = reportsAgainst(a, b, i < j);
              if (!why) continue;
              const tokenRange = a.statement.kind === 'IndexStmt' ? undefined : a.statement.tokenAt(a.statement.rangeOfLocation(a.location).start);
              context.report({
                range: tokenRange ? { start: tokenRange.start, end: tokenRange.end } : a.statement.headRange(),
                message: redundancyMessage(a, b, why, a.table),
              });
              break;
            }
          }
        }
      },
    };
  },
});
