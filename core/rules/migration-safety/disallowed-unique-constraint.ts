import { defineRule } from '../types';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationSql } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';
import { indexBuildingConstraints, usingIndexFix } from './support/index-backed-constraint';

export default defineRule({
  meta: {
    id: 'disallowed-unique-constraint',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'ADD CONSTRAINT ... UNIQUE on an existing table builds its index under an ACCESS EXCLUSIVE lock.',
      why:
        'Adding a UNIQUE constraint (or a column declared UNIQUE) builds a unique index over every row while the ' +
        'table is locked in ACCESS EXCLUSIVE mode: no query can read or write the table until the index is built, ' +
        'which on a large table takes minutes.',
      instead:
        'Build the index first with `CREATE UNIQUE INDEX CONCURRENTLY` (reads and writes continue; outside a ' +
        'transaction block), then attach it with `ALTER TABLE ... ADD CONSTRAINT name UNIQUE USING INDEX index`, ' +
        'which only updates the catalog. If the concurrent build fails it leaves an INVALID index: drop it and retry. ' +
        'Partitioned tables cannot use this path. Tables created earlier in the same file are not reported.',
      bad: 'ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE (email);',
      good:
        'CREATE UNIQUE INDEX CONCURRENTLY customers_email_key ON customers (email);\n' +
        'ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE USING INDEX customers_email_key;\n\n' +
        'CREATE TABLE invoices (id bigint PRIMARY KEY, number text);\n' +
        'ALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (number);',
      fixed:
        'CREATE UNIQUE INDEX CONCURRENTLY customers_email_key ON customers (email);\n' +
        'ALTER TABLE customers ADD CONSTRAINT customers_email_key UNIQUE USING INDEX customers_email_key;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      AlterTableStmt(node, { statement, facts }) {
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        for (const { constraint, column } of indexBuildingConstraints(node, 'CONSTR_UNIQUE')) {
          const fix = column === undefined ? usingIndexFix(context, statement, facts, node, constraint) : undefined;
          context.report({
            range: statement.rangeOfLocation(constraint.location),
            message:
              `Adding a UNIQUE constraint${column ? ` on the new column ${quoteIdentifier(column)}` : ''} builds its index while ${relationSql(node.relation)} is locked ACCESS EXCLUSIVE: ` +
              'reads and writes wait until it is built. Build the index with CREATE UNIQUE INDEX CONCURRENTLY and add the constraint USING INDEX.',
            fixes: fix ? [fix] : [],
          });
        }
      },
    };
  },
});
