import { defineRule } from '../types';
import { columnTypeVisitors } from '../helpers/column-type-rule';

/** OID alias types whose stored values pg_upgrade cannot carry over (regclass, regrole and regtype it can). */
const NOT_UPGRADABLE: ReadonlySet<string> = new Set(['regproc', 'regprocedure', 'regoper', 'regoperator', 'regconfig', 'regdictionary', 'regnamespace', 'regcollation']);
const ALL: ReadonlySet<string> = new Set([...NOT_UPGRADABLE, 'regclass', 'regrole', 'regtype']);

export default defineRule({
  meta: {
    id: 'ban-reg-type-column',
    category: 'schema-design',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'Table columns of the OID alias types (`regclass`, `regproc`, `regtype`, ...) store raw object OIDs.',
      why:
        'A `reg*` value is an OID that only looks like a name. The database does not record a dependency on the ' +
        'object, so dropping or recreating the table, function or type leaves the stored value dangling (it then ' +
        'prints as a number). OIDs differ between databases, and `pg_upgrade` refuses to upgrade a cluster whose ' +
        'tables have columns of `regproc`, `regprocedure`, `regoper`, `regoperator`, `regconfig`, `regdictionary`, ' +
        '`regnamespace` or `regcollation`.',
      instead:
        'Store the object\'s name (`text`, or schema and name in two columns) and cast it when needed ' +
        '(`name::regclass`). Use the `reg*` types in queries and function parameters, where they are convenient, ' +
        'not in table columns.',
      bad: 'CREATE TABLE audited_tables (\n    target regclass PRIMARY KEY\n);',
      good: 'CREATE TABLE audited_tables (\n    schema_name text NOT NULL,\n    table_name text NOT NULL,\n    PRIMARY KEY (schema_name, table_name)\n);',
    },
  },
  create(context) {
    return columnTypeVisitors(context, {
      matches: (base) => ALL.has(base),
      message: (c) =>
        `${c.where} is ${c.base}: it stores an OID with no dependency on the object (dangling after a drop or recreate)` +
        (NOT_UPGRADABLE.has(c.base) ? ', and pg_upgrade refuses clusters with such columns' : '') +
        '; store the name instead.',
    });
  },
});
