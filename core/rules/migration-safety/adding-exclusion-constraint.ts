import { defineRule } from '../types';
import { asNode } from '../../parse/ast';
import { quoteIdentifier } from '../../knowledge/naming';
import { relationSql } from './support/edits';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'adding-exclusion-constraint',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    scope: 'statement',
    docs: {
      summary: 'ADD CONSTRAINT ... EXCLUDE on an existing table builds its index under an ACCESS EXCLUSIVE lock, with no online alternative.',
      why:
        'An exclusion constraint is backed by an index (usually GiST) that is built over every row, and checked row ' +
        'against row, while the table is locked ACCESS EXCLUSIVE: no reads, no writes until it finishes. Unlike UNIQUE ' +
        'and PRIMARY KEY there is no `USING INDEX` form and no NOT VALID, so the index cannot be built concurrently ' +
        'first and the check cannot be deferred.',
      instead:
        'Declare exclusion constraints when the table is created. For an existing large table, plan a maintenance ' +
        'window, or enforce the rule another way (for example a trigger that takes an advisory lock and checks ' +
        'overlaps, backed by an index built CONCURRENTLY). Tables created earlier in the same file are not reported.',
      bad: 'ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);',
      good:
        'CREATE TABLE reservations (room_id bigint, during tstzrange);\n' +
        'ALTER TABLE reservations ADD CONSTRAINT reservations_no_overlap EXCLUDE USING gist (during WITH &&);',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      AlterTableStmt(node, { statement, facts }) {
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const c = cmd?.subtype === 'AT_AddConstraint' ? asNode(cmd.def, 'Constraint') : undefined;
          if (c?.contype !== 'CONSTR_EXCLUSION') continue;
          context.report({
            range: statement.rangeOfWords(['EXCLUDE'], statement.offsetOfLocation(c.location)),
            message: `Adding exclusion constraint ${c.conname ? `${quoteIdentifier(c.conname)} ` : ''}builds its index and checks every row of ${relationSql(node.relation)} under an ACCESS EXCLUSIVE lock: no reads or writes until it finishes. Declare it when the table is created, or add it in a maintenance window.`,
          });
        }
      },
    };
  },
});
