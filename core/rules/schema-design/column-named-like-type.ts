import { defineRule } from '../types';
import { asNode, relationName } from '../../parse/ast';
import { baseTypeName, columnDefinitions } from '../helpers/column-defs';

/** Column names that are type names, and the internal type names they correspond to. */
const TYPE_WORDS: Readonly<Record<string, readonly string[]>> = {
  date: ['date'],
  time: ['time', 'timetz'],
  timestamp: ['timestamp', 'timestamptz'],
  timestamptz: ['timestamptz'],
  interval: ['interval'],
  text: ['text', 'varchar', 'bpchar'],
  varchar: ['varchar'],
  json: ['json', 'jsonb'],
  jsonb: ['jsonb', 'json'],
  integer: ['int4'],
  int: ['int4'],
  bigint: ['int8'],
  smallint: ['int2'],
  numeric: ['numeric'],
  decimal: ['numeric'],
  boolean: ['bool'],
  bool: ['bool'],
  money: ['money'],
  bytea: ['bytea'],
};

const EXAMPLES: Readonly<Record<string, string>> = {
  date: 'e.g. ordered_on, due_date',
  time: 'e.g. opens_at, starts_at',
  timestamp: 'e.g. created_at, occurred_at',
  timestamptz: 'e.g. created_at, occurred_at',
  text: 'e.g. body, description',
  boolean: 'e.g. is_active, has_access',
  bool: 'e.g. is_active, has_access',
};

export default defineRule({
  meta: {
    id: 'column-named-like-type',
    category: 'schema-design',
    defaultSeverity: 'info',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'A column named after its own type (`date date`, `timestamp timestamptz`, `text text`).',
      why:
        'The name says what the value is stored as, not what it means: `date` of what — the order, the delivery, ' +
        'the invoice? Queries become hard to read and easy to get wrong (`WHERE date > date \'2026-01-01\'`, ' +
        '`ORDER BY timestamp`), several of these words are SQL keywords that some tools and ORMs need quoted, and ' +
        'a second date column later forces a rename of the first.',
      instead:
        'Name the column for its meaning: `ordered_on date`, `created_at timestamptz`, `body text`. Renaming an ' +
        'existing column is a breaking change (see renaming-column), so this is advice for new tables. `uuid uuid` ' +
        '(a public identifier) is not reported.',
      bad: 'CREATE TABLE readings (\n    id bigint PRIMARY KEY,\n    timestamp timestamptz NOT NULL,\n    value numeric NOT NULL\n);',
      good: 'CREATE TABLE readings (\n    id bigint PRIMARY KEY,\n    measured_at timestamptz NOT NULL,\n    value numeric NOT NULL\n);',
    },
  },
  create(context) {
    return {
      statement(statement, facts) {
        if (facts.downMigration) return;
        // Partitions repeat their parent's columns (pg_dump spells them out): the parent is reported.
        if (asNode(statement.ast, 'CreateStmt')?.partbound) return;
        for (const def of columnDefinitions(statement.ast)) {
          if (def.kind === 'alter-type') continue;
          const types = TYPE_WORDS[def.name];
          if (!types || !types.includes(baseTypeName(def.column.typeName))) continue;
          const token = statement.tokenAt(statement.offsetOfLocation(def.column.location));
          context.report({
            range: token ? { start: token.start, end: token.end } : statement.rangeOfLocation(def.column.location),
            message: `Column ${def.table ? `${relationName(def.table)}.` : ''}${def.name} is named after its type; name it for what it holds (${EXAMPLES[def.name] ?? 'what the value means'}).`,
          });
        }
      },
    };
  },
});
