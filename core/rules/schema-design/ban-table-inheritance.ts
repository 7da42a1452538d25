import { defineRule } from '../types';
import { asNode, relationName } from '../../parse/ast';
import { relationRange } from '../helpers/ranges';

export default defineRule({
  meta: {
    id: 'ban-table-inheritance',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    postgresVersions: { min: 10 },
    docs: {
      summary: 'CREATE TABLE ... INHERITS: table inheritance, where declarative partitioning (or plain tables) should be used.',
      why:
        'Inherited tables do not inherit the parent\'s primary key, unique constraints, foreign keys or indexes: ' +
        'a row in a child can duplicate a parent\'s key, foreign keys pointing at the parent do not see child rows, ' +
        'and every index must be created on each child by hand. Queries on the parent silently include the children. ' +
        'For partitioning, inheritance needs triggers to route inserts and CHECK constraints for pruning, all of ' +
        'which declarative partitioning (PostgreSQL 10+) does for you.',
      instead:
        'For partitioning, use `CREATE TABLE ... PARTITION BY` and `CREATE TABLE ... PARTITION OF`. To share columns ' +
        'between tables, repeat them (or use `LIKE parent INCLUDING ALL`), and relate the tables with foreign keys.',
      bad: 'CREATE TABLE measurements (at timestamptz NOT NULL, value numeric);\nCREATE TABLE measurements_2026 () INHERITS (measurements);',
      good:
        'CREATE TABLE measurements (at timestamptz NOT NULL, value numeric) PARTITION BY RANGE (at);\n' +
        "CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');\n" +
        'CREATE TABLE archived_measurements (LIKE measurements INCLUDING ALL);',
    },
  },
  create(context) {
    return {
      CreateStmt(node, { statement, parents }) {
        if (parents.length > 0 || node.partbound || (node.inhRelations?.length ?? 0) === 0) return;
        const parentsList = (node.inhRelations ?? []).map((r) => relationName(asNode(r, 'RangeVar'))).join(', ');
        context.report({
          range: relationRange(statement, node.relation),
          message: `${relationName(node.relation)} inherits from ${parentsList}: it gets none of the parent's keys, unique constraints or indexes; use declarative partitioning (PARTITION OF) or a separate table.`,
        });
      },
    };
  },
});
