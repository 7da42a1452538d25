import { defineRule } from '../types';
import { relationName } from '../../parse/ast';
import { foreignKeyIndexFix, foreignKeyIndexMessage } from '../helpers/foreign-key-index';
import { servesForeignKey } from '../helpers/index-coverage';
import { relationRange } from '../helpers/ranges';
import { reportSchemaFindings } from '../schema/support/report';
import { STATEMENTS_PER_STEP } from '../../runtime/steps';

export default defineRule({
  meta: {
    id: 'foreign-key-missing-index',
    category: 'schema-design',
    defaultSeverity: 'info',
    fixable: true,
    docs: {
      summary: 'A foreign key whose referencing columns no index starts with: deletes and key updates on the referenced table scan this one.',
      why:
        'PostgreSQL indexes the referenced side of a foreign key (it must be a primary key or unique) but not the ' +
        'referencing side. Every DELETE of a parent row, and every update of its key, makes PostgreSQL look for ' +
        'child rows: without an index that is a sequential scan of the child table per parent row, holding row ' +
        'locks meanwhile, so a bulk delete of parents becomes quadratic. Joins from parent to children ' +
        '(`WHERE customer_id = $1`) need the same index.',
      instead:
        'Create an index whose leading columns are the foreign key columns: `CREATE INDEX CONCURRENTLY ' +
        'orders_customer_id_idx ON orders (customer_id)` on a live table (outside a transaction block), or a plain ' +
        '`CREATE INDEX` on a table created in the same migration, as the quick fix writes. A primary key or ' +
        'unique constraint that starts with the columns counts. On its own a file is judged at its end (pg_dump adds ' +
        'indexes after the constraints), for the tables it creates. In the editor, a schema file of the workspace is ' +
        'judged over the whole migration sequence instead: an index a later migration adds resolves the finding, a ' +
        'later DROP INDEX brings it back, and keys added to tables of earlier migrations are judged too. Small lookup ' +
        'tables whose rows are never deleted may not need the index.',
      bad: 'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (\n    id bigint PRIMARY KEY,\n    customer_id bigint NOT NULL REFERENCES customers (id)\n);',
      good:
        'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (\n    id bigint PRIMARY KEY,\n    customer_id bigint NOT NULL REFERENCES customers (id)\n);\n' +
        'CREATE INDEX orders_customer_id_idx ON orders (customer_id);',
      fixed:
        'CREATE TABLE customers (id bigint PRIMARY KEY);\nCREATE TABLE orders (\n    id bigint PRIMARY KEY,\n    customer_id bigint NOT NULL REFERENCES customers (id)\n);\n' +
        'CREATE INDEX orders_customer_id_idx ON orders (customer_id);',
    },
  },
  create(context) {
    // A schema file whose project catalog is current: judged across the migration sequence instead (an index a
    // later migration adds serves this key; core/semantics/cross-file-checks.ts).
    if (context.schema?.workspace) return reportSchemaFindings(context, 'foreign-key-missing-index');
    return {
      // A pause every few keys: a large dump holds thousands (100,000 statements: 217 ms in one piece).
      *endOfFile() {
        const schema = context.fileSchema();
        const reported = new Set<string>();
        for (const [n, fk] of schema.foreignKeys.entries()) {
          if (n % STATEMENTS_PER_STEP === STATEMENTS_PER_STEP - 1) yield;
          if (!schema.has(fk.table) || fk.columns.length === 0) continue;
          // Only the indexes of the key's own table can serve it.
          if (schema.indexesOf(fk.table).some((i) => servesForeignKey(i, fk))) continue;
          const key = `${fk.table}(${[...fk.columns].sort().join(',')})`;
          if (reported.has(key)) continue;
          reported.add(key);
          const statement = fk.statement;
          const at = statement.offsetOfLocation(fk.constraint.location);
          const token = statement.tokenAt(at);
          const range = fk.constraint.location !== undefined && token ? { start: token.start, end: token.end } : relationRange(statement, fk.relation);
          const table = schema.tables.get(fk.table);
          const tableText = table ? context.document.text.slice(relationRange(table.statement, table.relation).start, relationRange(table.statement, table.relation).end) : relationName(fk.relation);
          context.report({
            range,
            message: foreignKeyIndexMessage(relationName(fk.relation), fk.columns, relationName(fk.refRelation)),
            fixes: [foreignKeyIndexFix(statement, fk.table, tableText, fk.columns)],
          });
        }
      },
    };
  },
});
