/**
 * unknown-function: a schema-aware check (core/semantics/diagnostics.ts judges it, with name resolution shared by every
 * schema check); this file is its place in the rule framework: id, docs, severity, configuration.
 */
import { defineRule } from '../types';
import { reportSchemaFindings } from './support/report';
import { SHOP } from './support/examples';

export default defineRule({
  meta: {
    id: 'unknown-function',
    category: 'schema',
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
  create: (context) => reportSchemaFindings(context, 'unknown-function'),
});
