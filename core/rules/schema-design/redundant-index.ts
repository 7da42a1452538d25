import { defineRule } from '../types';
import { FileSchema, type SchemaIndex } from '../helpers/file-schema';

function describe(index: SchemaIndex): string {
  const what = index.primary ? 'primary key' : index.constraint ? (index.unique ? 'unique constraint' : 'constraint') : index.unique ? 'unique index' : 'index';
  const cols = index.columns.map((c) => c ?? '(expression)').join(', ');
  return `${what} ${index.name ?? `on (${cols})`}`;
}

/** Why `a` is not needed next to `b`, or undefined when it is. */
function redundancy(a: SchemaIndex, b: SchemaIndex): 'duplicate' | 'prefix' | undefined {
  if (a.table !== b.table || a.method !== b.method || a.predicate !== b.predicate) return undefined;
  const sameKeys = a.keys.length === b.keys.length && a.keys.every((k, i) => k === b.keys[i]);
  if (sameKeys) {
    // A unique index is not redundant next to a non-unique one; INCLUDE columns must be covered too.
    if (a.unique && !b.unique) return undefined;
    if (!a.include.every((c) => b.include.includes(c))) return undefined;
    return 'duplicate';
  }
  // A btree on (a) is served by a btree on (a, b): only for plain indexes (a unique one enforces something).
  if (a.method !== 'btree' || a.unique || a.constraint || a.include.length > 0) return undefined;
  if (a.keys.length >= b.keys.length) return undefined;
  return a.keys.every((k, i) => k === b.keys[i]) ? 'prefix' : undefined;
}

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
        'different method, predicate, operator class, collation or sort order are not compared.',
      bad: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, created_at timestamptz NOT NULL);\nCREATE INDEX orders_customer_idx ON orders (customer_id);\nCREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);',
      good: 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, created_at timestamptz NOT NULL);\nCREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at);\nCREATE INDEX orders_created_idx ON orders (created_at);',
    },
  },
  create(context) {
    const schema = new FileSchema();
    return {
      statement(statement, facts) {
        schema.add(statement, facts);
      },
      endOfFile() {
        const indexes = schema.indexes;
        const reported = new Set<SchemaIndex>();
        for (let i = 0; i < indexes.length; i++) {
          const a = indexes[i];
          for (let j = 0; j < indexes.length; j++) {
            if (i === j || reported.has(a)) continue;
            const b = indexes[j];
            const why = redundancy(a, b);
            if (!why) continue;
            // Of two identical indexes, report the later one (unless the earlier is the removable plain one).
            // Keep the primary key, then constraints, then the earlier index.
            const rank = (x: SchemaIndex): number => (x.primary ? 2 : x.constraint ? 1 : 0);
            if (why === 'duplicate' && redundancy(b, a) === 'duplicate' && (rank(b) < rank(a) || (rank(b) === rank(a) && j > i))) continue;
            reported.add(a);
            const tokenRange = a.statement.kind === 'IndexStmt' ? undefined : a.statement.tokenAt(a.statement.rangeOfLocation(a.location).start);
            context.report({
              range: tokenRange ? { start: tokenRange.start, end: tokenRange.end } : a.statement.headRange(),
              message:
                why === 'duplicate'
                  ? `${describe(a)} on ${a.table} has the same key as ${describe(b)}: one of them is redundant.`
                  : `${describe(a)} on ${a.table} (${a.columns.join(', ')}) is a prefix of ${describe(b)} (${b.columns.map((c) => c ?? '(expression)').join(', ')}), which serves the same lookups.`,
            });
          }
        }
      },
    };
  },
});
