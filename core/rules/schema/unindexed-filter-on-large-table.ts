/**
 * unindexed-filter-on-large-table: a schema-aware check that needs a connected database's row estimates
 * (core/semantics/unindexed-filter.ts judges it); this file is its place in the rule framework.
 */
import { defineRule } from '../types';
import { reportSchemaFindings } from './support/report';

export default defineRule({
  meta: {
    id: 'unindexed-filter-on-large-table',
    category: 'schema',
    defaultSeverity: 'info',
    fixable: false,
    options: {
      minRows: {
        default: 100_000,
        minimum: 0,
        integer: true,
        description: 'Report only tables whose row estimate (pg_class.reltuples in the connected database) is above this.',
      },
    },
    docs: {
      summary: 'A query filters or joins a large table (by the connected database’s row estimate) on columns no index starts with.',
      why:
        'An index helps a `WHERE` or `JOIN ... ON` condition only when its first key column is one the condition compares: ' +
        'without one, PostgreSQL reads every row of the table (a sequential scan, or the whole table as the inner side of a ' +
        'hash join) to find the few it needs. On a table of hundreds of thousands of rows that is the difference between ' +
        'microseconds and seconds, and it gets worse as the table grows.\n\n' +
        'The check needs the row estimates of a connected database (`pg_class.reltuples`, set by `ANALYZE` and autovacuum): ' +
        'it never reports from the workspace’s DDL alone. It looks at equality, `IN` / `= ANY`, range and join conditions ' +
        'combined with `AND`; a table is reported when none of its columns in them is the leading column of a valid index ' +
        '(of any method; a partial index counts). Conditions on expressions such as `lower(email) = $1` are not checked.',
      instead:
        'Run **Find indexes for this query** (the code action on the statement; also **Advise Indexes for Query**, or ' +
        '`pg-architect advise-indexes --db ... query.sql`): it proposes ' +
        'indexes for the query’s conditions, verifies them on the database (with HypoPG when installed) and writes the ' +
        '`CREATE INDEX CONCURRENTLY` into a migration. When the query is rare or reads most of the table anyway, silence ' +
        'it with an ignore comment, or raise `minRows`:\n\n' +
        '```json\n{ "rules": { "unindexed-filter-on-large-table": { "severity": "info", "minRows": 1000000 } } }\n```',
      bad: 'SELECT id, total FROM orders WHERE customer_id = 42 AND created_at >= now() - interval \'7 days\';',
      good: 'SELECT id, total FROM orders WHERE id = 42;\nSELECT count(*) FROM orders;\nSELECT name FROM countries WHERE code = \'NZ\';',
      exampleDatabase: {
        ddl:
          'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL, total numeric(12,2), created_at timestamptz NOT NULL);\n' +
          'CREATE TABLE countries (code text, name text);',
        rowEstimates: { orders: 2_400_000, countries: 250 },
      },
    },
  },
  create: (context) => reportSchemaFindings(context, 'unindexed-filter-on-large-table'),
});
