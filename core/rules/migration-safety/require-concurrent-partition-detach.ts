import { defineRule } from '../types';
import { asNode, relationName } from '../../parse/ast';
import { isPgDumpOutput } from './support/pg-dump';
import { relationSql, subcommandEnd } from './support/edits';
import { outsideTransaction } from './support/outside-transaction';
import { relationRange } from '../helpers/ranges';

export default defineRule({
  meta: {
    id: 'require-concurrent-partition-detach',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: true,
    postgresVersions: { min: 14 },
    docs: {
      summary: 'DETACH PARTITION without CONCURRENTLY locks the partitioned table ACCESS EXCLUSIVE (PostgreSQL 14+ can avoid it).',
      why:
        'A plain `DETACH PARTITION` takes ACCESS EXCLUSIVE on the parent table and the partition: every query on any ' +
        'partition of the table waits, and queues behind it while it waits for running queries.',
      instead:
        'On PostgreSQL 14 and later use `ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY`: it takes SHARE UPDATE ' +
        'EXCLUSIVE on the parent, so reads and writes continue. It cannot run inside a transaction block (the fix ' +
        'follows the migration tool, as for require-concurrent-index-creation), nor when the ' +
        'table has a default partition; if it is interrupted, finish it with `DETACH PARTITION ... FINALIZE`. ' +
        'Tables created earlier in the same file are not reported.',
      bad: 'ALTER TABLE measurements DETACH PARTITION measurements_2020;',
      good:
        'ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;\n\n' +
        "CREATE TABLE events (at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2020 PARTITION OF events FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n" +
        'ALTER TABLE events DETACH PARTITION events_2020;',
      fixed: 'ALTER TABLE measurements DETACH PARTITION measurements_2020 CONCURRENTLY;',
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    return {
      AlterTableStmt(node, { statement, facts }) {
        if (facts.downMigration || context.file.isNewRelation(node.relation, statement.index)) return;
        for (const item of node.cmds ?? []) {
          const cmd = asNode(item, 'AlterTableCmd');
          const partition = cmd?.subtype === 'AT_DetachPartition' ? asNode(cmd.def, 'PartitionCmd') : undefined;
          if (!partition || partition.concurrent) continue;
          const name = relationRange(statement, partition.name);
          const end = subcommandEnd(statement, name.start);
          const range = statement.rangeOfWords(['DETACH', 'PARTITION']);
          const parent = relationSql(node.relation);
          const placement = outsideTransaction(context, statement, facts, { edit: { range: { start: end, end }, newText: ' CONCURRENTLY' }, name: `detach partition ${relationName(partition.name)} concurrently`, names: [partition.name?.relname ?? ''] });
          context.report({
            range: { start: range.start, end: Math.max(range.end, name.end) },
            message: `Detaching ${relationSql(partition.name)} locks ${parent} ACCESS EXCLUSIVE: every query on ${parent} waits. Use DETACH PARTITION ... CONCURRENTLY${placement.advice}.`,
            fixes: placement.fixes,
          });
        }
      },
    };
  },
});
