import { defineRule } from '../types';
import { asNode, relationName } from '../../parse/ast';
import { baseTypeName, columnDefinitions } from '../helpers/column-defs';

const KEY_TYPES = new Set(['int2', 'int4', 'int8', 'smallint', 'integer', 'int', 'bigint', 'uuid']);
const IDS_NAME = /(^|_)ids$/;

export default defineRule({
  meta: {
    id: 'array-of-ids-as-foreign-key',
    category: 'schema-design',
    defaultSeverity: 'info',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'An array of ids (`tag_ids bigint[]`) used in place of a foreign key: nothing checks that the ids exist.',
      why:
        'PostgreSQL cannot declare a foreign key on array elements, so deleted or mistyped ids stay in the array ' +
        'forever, and nothing cascades. Every join has to `unnest` the array or use `= ANY(...)`, which needs a ' +
        'GIN index to avoid scanning the table, the planner cannot estimate it well, and adding or removing one ' +
        'id rewrites the whole array (and row), racing with concurrent updates.',
      instead:
        'Use a join table with real foreign keys: `CREATE TABLE post_tags (post_id bigint REFERENCES posts, ' +
        'tag_id bigint REFERENCES tags, PRIMARY KEY (post_id, tag_id))`, and index `tag_id`. An array can be ' +
        'fine for ids of another system that this database does not hold.',
      bad: 'CREATE TABLE posts (\n    id bigint PRIMARY KEY,\n    tag_ids bigint[] NOT NULL DEFAULT \'{}\'\n);',
      good:
        'CREATE TABLE posts (id bigint PRIMARY KEY);\nCREATE TABLE tags (id bigint PRIMARY KEY);\n' +
        'CREATE TABLE post_tags (\n    post_id bigint NOT NULL REFERENCES posts (id),\n    tag_id bigint NOT NULL REFERENCES tags (id),\n    PRIMARY KEY (post_id, tag_id)\n);',
    },
  },
  create(context) {
    return {
      statement(statement, facts) {
        if (facts.downMigration) return;
        if (asNode(statement.ast, 'CreateStmt')?.partbound) return;
        for (const def of columnDefinitions(statement.ast)) {
          if (def.kind === 'alter-type') continue;
          const type = def.column.typeName;
          if (!IDS_NAME.test(def.name) || (type?.arrayBounds?.length ?? 0) === 0 || !KEY_TYPES.has(baseTypeName(type))) continue;
          const token = statement.tokenAt(statement.offsetOfLocation(def.column.location));
          context.report({
            range: token ? { start: token.start, end: token.end } : statement.rangeOfLocation(def.column.location),
            message: `${def.table ? `${relationName(def.table)}.` : ''}${def.name} is an array of ids: no foreign key can check them; use a join table.`,
          });
        }
      },
    };
  },
});
