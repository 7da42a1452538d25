/**
 * The documentation of the schema-aware checks (diagnostics.ts): what the docs generator writes as their pages, the
 * README's "Schema-aware checks" section, the configuration schema and the editor's hover. Like a rule's, each bad
 * and good example is a test (test/unit/schema-check-examples.test.ts), run against the example's own schema.
 */
import type { RuleDocs, Severity } from '../rules/types';
import { AMBIGUOUS_COLUMN_ID, INSERT_COLUMN_COUNT_ID, TYPE_MISMATCH_ID, UNKNOWN_COLUMN_ID, UNKNOWN_FUNCTION_ID, UNKNOWN_TABLE_ID } from './check-ids';

export interface SchemaCheckDocs {
  readonly id: string;
  readonly defaultSeverity: Severity;
  readonly fixable: boolean;
  readonly docs: RuleDocs & {
    /** The workspace's schema the examples are checked against (the DDL of its migrations). */
    readonly exampleSchema: string;
  };
}

const SHOP = [
  'CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());',
  'CREATE TABLE orders (',
  '    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,',
  '    customer_id bigint NOT NULL REFERENCES customers (id),',
  "    status text NOT NULL DEFAULT 'new',",
  '    created_at timestamptz NOT NULL DEFAULT now()',
  ');',
].join('\n');

const WHERE_CHECKED =
  'Names are judged against the workspace\'s schema (its migrations applied in order, unsaved edits included), only where ' +
  'that schema is complete enough to say something does not exist: a schema the workspace defines tables in, without ' +
  'extensions that create tables of their own. CTEs, temporary tables, system catalogs and what the file itself creates ' +
  'are never unknown.';

export const SCHEMA_CHECK_DOCS: readonly SchemaCheckDocs[] = [
  {
    id: UNKNOWN_TABLE_ID,
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A table or view the workspace\'s schema does not have, in a query or a CREATE INDEX.',
      why:
        'PostgreSQL refuses the whole statement with `relation "..." does not exist`; in a migration that aborts the ' +
        'deployment, in application code it fails at run time, usually for a typo or a table renamed by a later ' +
        `migration. ${WHERE_CHECKED}`,
      instead: 'Use the table\'s name as the schema has it: the quick fix writes the closest existing name ("did you mean").',
      bad: 'SELECT id, status FROM ordrs WHERE customer_id = 42;',
      good: 'SELECT id, status FROM orders WHERE customer_id = 42;\nWITH recent AS (SELECT * FROM orders) SELECT id FROM recent;\nSELECT relname FROM pg_class;',
      fixed: 'SELECT id, status FROM orders WHERE customer_id = 42;',
      exampleSchema: SHOP,
    },
  },
  {
    id: UNKNOWN_COLUMN_ID,
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A column that none of the tables in scope has (or that the named table does not have).',
      why:
        'PostgreSQL refuses the statement with `column "..." does not exist`. Columns are resolved as PostgreSQL binds ' +
        'them: through aliases, joins, subqueries, CTEs (with their column lists), INSERT and UPDATE targets and ' +
        `RETURNING. ${WHERE_CHECKED} Columns a later statement of the same file adds, drops or renames are not judged.`,
      instead: 'Use the column\'s name as the table has it: the quick fix writes the closest existing name.',
      bad: 'SELECT o.id, o.stauts FROM orders o WHERE o.customer_id = 42;',
      good: 'SELECT o.id, o.status FROM orders o WHERE o.customer_id = 42;\nSELECT id, total FROM (SELECT id, 1 AS total FROM orders) t ORDER BY total;',
      fixed: 'SELECT o.id, o.status FROM orders o WHERE o.customer_id = 42;',
      exampleSchema: SHOP,
    },
  },
  {
    id: INSERT_COLUMN_COUNT_ID,
    defaultSeverity: 'warning',
    fixable: false,
    docs: {
      summary: 'An INSERT whose VALUES rows (or SELECT) have more or fewer expressions than it has target columns.',
      why:
        'PostgreSQL refuses it with `INSERT has more expressions than target columns` (or the reverse). Without a column ' +
        'list the target columns are all of the table\'s, in order, so a column added by a later migration breaks an ' +
        'INSERT that lists none.',
      instead: 'Name the target columns and give each row one value per column (`DEFAULT` where the default is meant).',
      bad: "INSERT INTO orders (customer_id, status, created_at) VALUES (42, 'new');",
      good: "INSERT INTO orders (customer_id, status, created_at) VALUES (42, 'new', DEFAULT);\nINSERT INTO customers VALUES (42, 'Ada', now());",
      exampleSchema: SHOP,
    },
  },
  {
    id: UNKNOWN_FUNCTION_ID,
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A call to a function that neither the workspace\'s schema, PostgreSQL\'s built-in functions nor an extension the workspace creates has.',
      why:
        'PostgreSQL refuses the statement with `function ...(...) does not exist`, and a migration that calls it in a ' +
        'default, a check, an index or a view fails. Only the name is judged (which overload fits the arguments is ' +
        'PostgreSQL\'s to say). The built-in names are PostgreSQL\'s own (read from a real server, newer releases ' +
        'included), so are the functions of the extensions that ship with PostgreSQL and PostGIS. Nothing is reported ' +
        'when the workspace creates an extension whose functions are unknown, for schemas the workspace does not ' +
        'define or temporary ones, for `pg_*` names, for type names used as casts or constructors (`int8(x)`, a range ' +
        'type\'s), for a column name applied to a row (`name(c)` is `c.name`), or in files that create functions in DO ' +
        'blocks or dynamic SQL. A function that comes with an extension the workspace does not create is reported with ' +
        'the extension\'s name.',
      instead:
        'Call the function by its name (the quick fix writes the closest known one), create it in an earlier migration, ' +
        'or add the `CREATE EXTENSION` that provides it.',
      bad: 'SELECT id, order_totl(id) FROM orders;',
      good: "SELECT id, order_total(id), now(), similarity(status, 'new'), coalesce(status, 'new') FROM orders;",
      fixed: 'SELECT id, order_total(id) FROM orders;',
      exampleSchema: `CREATE EXTENSION pg_trgm;\n${SHOP}\nCREATE FUNCTION order_total(p_order bigint) RETURNS numeric LANGUAGE sql AS 'SELECT 0';`,
    },
  },
  {
    id: AMBIGUOUS_COLUMN_ID,
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'An unqualified column name that two or more tables in the FROM clause have: PostgreSQL cannot tell which is meant.',
      why:
        'PostgreSQL refuses the statement with `column reference "..." is ambiguous`. It often appears when a migration ' +
        'adds a column whose name another joined table already has (`created_at`, `status`), breaking queries that ' +
        'worked the day before. Judged as PostgreSQL does: the innermost query level that has the name decides; a ' +
        '`USING` or `NATURAL` join column counts once; in `INSERT ... ON CONFLICT DO UPDATE` the target table and ' +
        '`excluded` both count (`SET n = n + 1` is ambiguous); output column names in ORDER BY / GROUP BY are left alone.',
      instead: 'Qualify the column with the table (or alias) it belongs to: there is one quick fix per candidate.',
      bad: 'SELECT o.id, created_at FROM orders o JOIN customers c ON c.id = o.customer_id;',
      good:
        'SELECT o.id, o.created_at FROM orders o JOIN customers c ON c.id = o.customer_id;\n' +
        'SELECT id, name, vip FROM customers JOIN customer_flags USING (id);',
      fixed: 'SELECT o.id, o.created_at FROM orders o JOIN customers c ON c.id = o.customer_id;',
      exampleSchema: `${SHOP}\nCREATE TABLE customer_flags (id bigint PRIMARY KEY REFERENCES customers, vip boolean NOT NULL);`,
    },
  },
  {
    id: TYPE_MISMATCH_ID,
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'A comparison or an assigned value whose types PostgreSQL has no operator or cast for (`text_col = 42`, `uuid_col = 1`, an integer into a boolean column).',
      why:
        'PostgreSQL refuses the statement with `operator does not exist: text = integer` or `column "paid" is of type ' +
        'boolean but expression is of type integer`. Judged only when both types are certain: columns of the schema\'s ' +
        'tables (domains as their base type), numeric and boolean literals, and casts. PostgreSQL\'s own coercion rules ' +
        'decide, read from a real server: integers, numerics and floats compare with each other, `varchar`, `text` and ' +
        '`char` too, `date` with `timestamp` and `timestamptz`; a quoted literal (`status = \'42\'`, `created_at > ' +
        '\'2024-01-01\'`) takes the type it is compared with and is never reported.',
      instead:
        'Compare values of the same type: quote the literal, or cast one side explicitly (`status = 42::text`). The quick ' +
        'fix adds the cast to a literal when PostgreSQL has one for it.',
      bad: "SELECT id FROM orders WHERE paid = 1;\nUPDATE orders SET public_id = 7 WHERE id = 1;",
      good:
        "SELECT id FROM orders WHERE paid AND id = 42.0 AND status = 'paid' AND placed_on > '2024-01-01' AND placed_on < now();\n" +
        'UPDATE orders SET status = 42, placed_on = now() WHERE id = 1;',
      fixed: "SELECT id FROM orders WHERE paid = 1::boolean;\nUPDATE orders SET public_id = 7 WHERE id = 1;",
      exampleSchema: 'CREATE TABLE orders (id bigint PRIMARY KEY, public_id uuid NOT NULL, status text NOT NULL, paid boolean NOT NULL, placed_on date NOT NULL);',
    },
  },
];
