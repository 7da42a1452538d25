import { defineRule } from '../types';
import { relationName } from '../../parse/ast';
import { FileSchema, type SchemaForeignKey, type SchemaIndex } from '../helpers/file-schema';
import { relationRange } from '../helpers/ranges';

/** The index's first n key columns are exactly the foreign key's columns (in any order), and it covers every row. */
function serves(index: SchemaIndex, fk: SchemaForeignKey): boolean {
  if (index.table !== fk.table || index.predicate !== undefined) return false;
  const n = fk.columns.length;
  if (index.columns.length < n) return false;
  const leading = new Set(index.columns.slice(0, n));
  return fk.columns.every((c) => leading.has(c));
}

function indexName(table: string, columns: readonly string[]): string {
  const base = `${table.split('.').pop()}_${columns.join('_')}_idx`;
  let name = base;
  while (Buffer.byteLength(name, 'utf8') > 63) name = name.slice(0, -1);
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

function quoteIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

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
        'unique constraint that starts with the columns counts. Only tables created in the file are judged, at the ' +
        'end of the file (pg_dump adds indexes after the constraints); small lookup tables whose rows are never ' +
        'deleted may not need it.',
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
    const schema = new FileSchema();
    return {
      statement(statement, facts) {
        schema.add(statement, facts);
      },
      endOfFile() {
        const reported = new Set<string>();
        for (const fk of schema.foreignKeys) {
          if (!schema.has(fk.table) || fk.columns.length === 0) continue;
          if (schema.indexes.some((i) => serves(i, fk))) continue;
          const key = `${fk.table}(${[...fk.columns].sort().join(',')})`;
          if (reported.has(key)) continue;
          reported.add(key);
          const statement = fk.statement;
          const at = statement.offsetOfLocation(fk.constraint.location);
          const token = statement.tokenAt(at);
          const range = fk.constraint.location !== undefined && token ? { start: token.start, end: token.end } : relationRange(statement, fk.relation);
          const table = schema.tables.get(fk.table);
          const tableText = table ? context.document.text.slice(relationRange(table.statement, table.relation).start, relationRange(table.statement, table.relation).end) : relationName(fk.relation);
          const sql = `CREATE INDEX ${indexName(fk.table, fk.columns)} ON ${tableText} (${fk.columns.map(quoteIdent).join(', ')});`;
          // After the statement that declares the key (its semicolon), on a new line.
          const tokens = statement.tokens();
          const last = tokens[tokens.length - 1];
          const insertAt = last ? last.end : statement.end;
          context.report({
            range,
            message: `Foreign key ${relationName(fk.relation)} (${fk.columns.join(', ')}) has no index starting with its columns: deleting from ${relationName(fk.refRelation)} scans ${relationName(fk.relation)}.`,
            // A last statement without its semicolon gets one, so the two statements stay apart.
            fixes: [{ title: `Add ${sql.slice(0, -1)}`, edits: [{ range: { start: insertAt, end: insertAt }, newText: `${last?.text === ';' ? '' : ';'}\n${sql}` }] }],
          });
        }
      },
    };
  },
});
