import { defineRule } from '../types';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationSql } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';
import { indexBuildingConstraints, usingIndexFix } from './support/index-backed-constraint';

export default defineRule({
  meta: {
    id: 'adding-serial-primary-key-field',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    docs: {
      summary: 'ADD PRIMARY KEY on an existing table builds its index under an ACCESS EXCLUSIVE lock.',
      why:
        'Adding a primary key (`ADD PRIMARY KEY (...)`, or `ADD COLUMN ... PRIMARY KEY`) builds a unique index over ' +
        'every row while the table is locked in ACCESS EXCLUSIVE mode: no query can read or write the table until the ' +
        'index is built. If the key columns are not yet NOT NULL, each is also checked with a full scan under that lock.',
      instead:
        'Build the index first with `CREATE UNIQUE INDEX CONCURRENTLY` (reads and writes continue; outside a ' +
        'transaction block), then `ALTER TABLE ... ADD CONSTRAINT name PRIMARY KEY USING INDEX index`, which only ' +
        'updates the catalog once the columns are NOT NULL (prove that first: see adding-not-nullable-field). ' +
        'Partitioned tables cannot use this path. Tables created earlier in the same file are not reported.',
      bad: 'ALTER TABLE events ADD PRIMARY KEY (id);',
      good:
        'CREATE UNIQUE INDEX CONCURRENTLY events_pkey ON events (id);\n' +
        'ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;\n\n' +
        'CREATE TABLE tags (name text NOT NULL);\n' +
        'ALTER TABLE ONLY tags ADD CONSTRAINT tags_pkey PRIMARY KEY (name);',
      fixed:
        'CREATE UNIQUE INDEX CONCURRENTLY events_pkey ON events (id);\n' +
        'ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_pkey;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      AlterTableStmt(node, { statement, facts }) {
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        for (const { constraint, column } of indexBuildingConstraints(node, 'CONSTR_PRIMARY')) {
          const fix = column === undefined ? usingIndexFix(context, statement, facts, node, constraint) : undefined;
          context.report({
            range: statement.rangeOfWords(['PRIMARY', 'KEY'], statement.offsetOfLocation(constraint.location)),
            message:
              `Adding a primary key${column ? ` on the new column ${quoteIdentifier(column)}` : ''} builds its index while ${relationSql(node.relation)} is locked ACCESS EXCLUSIVE: ` +
              'reads and writes wait until it is built. Build the index with CREATE UNIQUE INDEX CONCURRENTLY and add the key USING INDEX.',
            fixes: fix ? [fix] : [],
          });
        }
      },
    };
  },
});
