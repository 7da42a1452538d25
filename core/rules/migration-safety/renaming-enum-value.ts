import { defineRule } from '../types';
import { stringValues } from '../../parse/ast';
import { quoteQualified } from '../../knowledge/naming';
import { isPgDumpOutput } from './support/pg-dump';

export default defineRule({
  meta: {
    id: 'renaming-enum-value',
    category: 'migration-safety',
    defaultSeverity: 'warning',
    fixable: false,
    postgresVersions: { min: 10 },
    docs: {
      summary: 'Renaming a value of an existing enum type breaks every query and running application version that uses the old label.',
      why:
        '`ALTER TYPE ... RENAME VALUE` is an instant catalog change, but from the moment it commits the old label is ' +
        'gone: application code, queries, function bodies, CHECK constraints written as text and the previous ' +
        'application version still serving traffic during a deploy fail with `invalid input value for enum`. Stored ' +
        'rows follow the rename; the code that writes and compares them does not.',
      instead:
        'Expand and contract: `ALTER TYPE ... ADD VALUE` the new label, move writers to it and update the stored rows ' +
        '(`UPDATE ... SET status = \'new\' WHERE status = \'old\'`), and stop using the old label; an enum value cannot be ' +
        'dropped, so leave it unused (or switch the column to a lookup table). Enum types created earlier in the file, ' +
        'down migrations and pg_dump output are not reported.',
      bad: "ALTER TYPE order_status RENAME VALUE 'canceled' TO 'cancelled';",
      good: "CREATE TYPE mood AS ENUM ('sad', 'ok');\nALTER TYPE mood RENAME VALUE 'sad' TO 'unhappy';\n\nALTER TYPE order_status ADD VALUE 'cancelled';",
    },
  },
  create(context) {
    if (isPgDumpOutput(context.document)) return {};
    /** Enum types created in the file: name as written -> index of the creating statement. */
    const created = new Map<string, number>();
    return {
      CreateEnumStmt(node, { statement }) {
        const name = stringValues(node.typeName).join('.');
        if (name && !created.has(name)) created.set(name, statement.index);
      },
      AlterEnumStmt(node, { statement, facts }) {
        if (node.oldVal === undefined || node.newVal === undefined || facts.downMigration) return;
        const parts = stringValues(node.typeName);
        const at = created.get(parts.join('.'));
        if (at !== undefined && at < statement.index) return;
        const type = quoteQualified(parts.length > 1 ? parts[parts.length - 2] : undefined, parts[parts.length - 1] ?? '');
        context.report({
          range: statement.rangeOfWords(['RENAME', 'VALUE']),
          message: `Renaming ${type} value '${node.oldVal}' to '${node.newVal}' breaks every query, function and deployed application version that still uses '${node.oldVal}'. Add the new value, move writers and rows to it, and leave the old one unused.`,
        });
      },
    };
  },
});
