import { defineRule } from '../types';
import { stringValues } from '../../parse/ast';
import { isPgDumpOutput } from './support/pg-dump';
import { quoteIdentifier } from '../../knowledge/naming';
import { outsideTransaction } from './support/outside-transaction';

export default defineRule({
  meta: {
    id: 'ban-enum-value-in-transaction',
    category: 'migration-safety',
    defaultSeverity: 'error',
    fixable: false,
    postgresVersions: { max: 11 },
    docs: {
      summary: 'ALTER TYPE ... ADD VALUE inside a transaction block fails before PostgreSQL 12.',
      why:
        'Up to PostgreSQL 11, adding a value to an enum cannot run inside a transaction block: ' +
        '`ERROR: ALTER TYPE ... ADD cannot run inside a transaction block`. A migration that wraps it in ' +
        '`BEGIN ... COMMIT`, or a migration tool that runs each file in a transaction (`assumeInTransaction`, dbmate ' +
        'sections without `transaction:false`), fails there. (From PostgreSQL 12 it may run in a transaction, but the ' +
        'new value cannot be used until that transaction commits.)',
      instead:
        'Run `ALTER TYPE ... ADD VALUE` on its own, outside any transaction block: in a migration of its own with the ' +
        'tool\'s transaction turned off; the message says how for the tool that runs the file (goose `NO TRANSACTION`, ' +
        'dbmate `transaction:false`, Atlas `txmode none`, Liquibase `runInTransaction:false`, ...).',
      bad: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nCOMMIT;",
      good: "ALTER TYPE order_status ADD VALUE 'refunded';",
      exampleSettings: { postgresVersion: 11 },
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      AlterEnumStmt(node, { statement, facts }) {
        // RENAME VALUE (oldVal set) runs anywhere.
        if (node.oldVal || !node.newVal || !facts.inTransaction) return;
        const why = facts.transaction === 'explicit' ? 'it is inside the BEGIN ... COMMIT block' : facts.runs;
        const type = stringValues(node.typeName).map(quoteIdentifier).join('.');
        const { where } = outsideTransaction(context, statement, facts, { name: `add value ${node.newVal}` });
        context.report({
          range: statement.rangeOfWords(['ADD', 'VALUE']),
          message: `Adding value '${node.newVal}' to ${type} cannot run inside a transaction block before PostgreSQL 12, and ${why}: it fails. Run it ${where}.`,
        });
      },
    };
  },
});
