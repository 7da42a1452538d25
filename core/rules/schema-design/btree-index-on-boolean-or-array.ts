import type { TypeName } from '@pgsql/types';
import { defineRule } from '../types';
import type { OffsetRange } from '../../parse/positions';
import { asNode, isArrayType, relationName } from '../../parse/ast';
import { relationKey } from '../../analysis/file-facts';
import { baseTypeName, columnDefinitions } from '../helpers/column-defs';

export default defineRule({
  meta: {
    id: 'btree-index-on-boolean-or-array',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'A B-tree index on a lone boolean column, or on an array column, rarely serves the queries it was made for.',
      why:
        'A boolean has two values: an index on it alone matches half the table for either value (or, when one value ' +
        'is rare, wastes space on the common one), so the planner reads the table instead, while every write still ' +
        'pays for the index. A B-tree on an array column only supports equality and ordering of whole arrays; ' +
        'queries that look inside the array (`@>`, `&&`, `= ANY`) cannot use it. The rule knows the column types of ' +
        'tables defined in the same file (or dump).',
      instead:
        'For a rare boolean value, index what the queries look up with a partial index: ' +
        '`CREATE INDEX ... ON jobs (created_at) WHERE NOT done`; or put the boolean after a selective column in a ' +
        'multi-column index. For arrays, use a GIN index: `CREATE INDEX ... ON posts USING gin (tags)`.',
      bad: 'CREATE TABLE jobs (id bigint PRIMARY KEY, done boolean NOT NULL, created_at timestamptz NOT NULL);\nCREATE INDEX jobs_done_idx ON jobs (done);',
      good:
        'CREATE TABLE jobs (id bigint PRIMARY KEY, done boolean NOT NULL, created_at timestamptz NOT NULL, tags text[]);\n' +
        'CREATE INDEX jobs_pending_idx ON jobs (created_at) WHERE NOT done;\nCREATE INDEX jobs_done_created_at_idx ON jobs (created_at, done);\n' +
        'CREATE INDEX jobs_tags_idx ON jobs USING gin (tags);',
    },
  },
  create(context) {
    /** table key -> column -> declared type, for tables defined in this file. */
    const types = new Map<string, Map<string, TypeName>>();
    return {
      statement(statement) {
        for (const def of columnDefinitions(statement.ast)) {
          const type = def.column.typeName;
          if (!type || !def.table) continue;
          const key = relationKey(def.table);
          const columns = types.get(key) ?? new Map<string, TypeName>();
          types.set(key, columns);
          columns.set(def.name, type);
        }
        const index = asNode(statement.ast, 'IndexStmt');
        if (!index?.relation || (index.accessMethod ?? 'btree') !== 'btree' || index.unique || index.primary) return;
        const columns = types.get(relationKey(index.relation));
        if (!columns) return;
        const elems = (index.indexParams ?? []).map((p) => asNode(p, 'IndexElem'));
        const table = relationName(index.relation);
        // Only for a finding: the words' range needs the statement's tokens (a scan), and most indexes are fine.
        const range = (): OffsetRange => statement.rangeOfWords(['CREATE', 'INDEX']);
        const array = elems.find((e) => e?.name !== undefined && isArrayType(columns.get(e.name)));
        if (array?.name) {
          context.report({ range: range(), message: `B-tree index on the array column ${table}.${array.name}: it cannot serve @>, && or = ANY lookups inside the array; use a GIN index.` });
          return;
        }
        const only = elems.length === 1 ? elems[0] : undefined;
        const type = only?.name !== undefined ? columns.get(only.name) : undefined;
        if (!only?.name || !type || index.whereClause || baseTypeName(type) !== 'bool' || isArrayType(type)) return;
        context.report({ range: range(), message: `B-tree index on the boolean column ${table}.${only.name} alone: with two values it is rarely selective enough to be used; index the rows you look up with a partial index (WHERE ${only.name}) instead.` });
      },
    };
  },
});
